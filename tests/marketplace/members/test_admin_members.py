"""Admin viewsets for platforms, institutions and enterprises: listings, exports, row scoping."""

import pytest
from django.contrib.auth.models import Permission

from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from marketplace.members.models import WindowPlatform
from portal.factories import StaffUserFactory, SuperUserFactory


def csv_text(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.fixture
def reviewer(changsha):
    user = StaffUserFactory(username="reviewer-cs")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "access_admin",
                "view_institution",
                "change_institution",
                "view_enterprise",
                "change_enterprise",
                "view_windowplatform",
            ]
        )
    )
    changsha.reviewers.add(user)
    return user


@pytest.fixture
def members(changsha, zhuzhou, changsha_county):
    return {
        "cs": InstitutionFactory(platform=changsha, name="长沙的机构"),
        "county": InstitutionFactory(platform=changsha_county, name="长沙县的机构"),
        "zz": InstitutionFactory(platform=zhuzhou, name="株洲的机构"),
        "enterprise": EnterpriseFactory(name="某某企业"),
    }


def test_platforms_reviewed_by(changsha, zhuzhou, changsha_county, province, reviewer):
    assert set(WindowPlatform.platforms_reviewed_by(reviewer)) == {changsha, changsha_county}
    assert WindowPlatform.platforms_reviewed_by(SuperUserFactory()).count() == 4
    assert not WindowPlatform.platforms_reviewed_by(StaffUserFactory()).exists()


def test_superuser_lists_and_exports_everything(client, members):
    client.force_login(SuperUserFactory())
    text = client.get("/admin/marketplace/institutions/").text
    assert all(name in text for name in ("长沙的机构", "长沙县的机构", "株洲的机构"))
    body = csv_text(client.get("/admin/marketplace/institutions/?export=csv"))
    assert "机构名称" in body and "所属平台" in body and "株洲的机构" in body
    assert client.get("/admin/marketplace/enterprises/?export=xlsx").status_code == 200
    platforms = client.get("/admin/marketplace/platforms/").text
    assert "长沙县窗口平台" in platforms and "上级平台" in platforms


def test_reviewer_sees_only_its_subtree(client, members, reviewer):
    client.force_login(reviewer)
    text = client.get("/admin/marketplace/institutions/").text
    assert "长沙的机构" in text and "长沙县的机构" in text
    assert "株洲的机构" not in text
    export = csv_text(client.get("/admin/marketplace/institutions/?export=csv"))
    assert "株洲的机构" not in export
    other = members["zz"].pk
    for suffix in ("edit", "inspect", "delete", "history", "usage"):
        assert client.get(f"/admin/marketplace/institutions/{suffix}/{other}/").status_code == 404
    assert (
        client.get(f"/admin/marketplace/institutions/edit/{members['cs'].pk}/").status_code == 200
    )


def test_reviewer_sees_no_enterprises(client, members, reviewer):
    client.force_login(reviewer)
    response = client.get("/admin/marketplace/enterprises/")
    assert "某某企业" not in response.content.decode()
    pk = members["enterprise"].pk
    assert client.get(f"/admin/marketplace/enterprises/edit/{pk}/").status_code == 404


def test_superuser_adds_and_moves_a_platform(client, changsha, zhuzhou):
    client.force_login(SuperUserFactory())
    response = client.post(
        "/admin/marketplace/platforms/new/",
        {
            "name": "浏阳市窗口平台",
            "kind": "county",
            "region_code": "430181",
            "region_name": "浏阳市",
            "is_active": "on",
            "parent": changsha.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    liuyang = WindowPlatform.objects.get(name="浏阳市窗口平台")
    assert liuyang.get_parent() == changsha
    response = client.post(
        f"/admin/marketplace/platforms/edit/{liuyang.pk}/",
        {
            "name": "浏阳市窗口平台",
            "kind": "county",
            "region_code": "430181",
            "region_name": "浏阳市",
            "is_active": "on",
            "parent": zhuzhou.pk,
        },
    )
    assert response.status_code == 302
    liuyang.refresh_from_db()
    assert liuyang.get_parent() == zhuzhou
