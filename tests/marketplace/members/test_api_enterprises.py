"""API v2: the 企业信息 directory for signed-in members (R1.8), and the labels of coded values."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from marketplace.members.models import Enterprise
from portal.factories import UserFactory

URL = "/api/v2/enterprises/"
NEVER_SHOWN = ("credit_code", "contact_email", "user", "is_active", "updated_at")
DETAIL_ONLY = ("address", "contact_name", "contact_phone")


@pytest.fixture
def member(client, db):
    client.force_login(UserFactory(username="viewer"))
    return client


def test_anonymous_visitors_get_403_in_chinese(client, db):
    EnterpriseFactory()
    response = client.get(URL)
    assert response.status_code == 403
    assert "登录" in response.json()["message"]
    assert client.get(f"{URL}{Enterprise.objects.get().pk}/").status_code == 403


def test_an_app_reads_the_directory_with_its_member_token(client, db):
    from tests.member_api import MemberApp

    listed = EnterpriseFactory()
    app = MemberApp(client).login(listed.user.username, "portal-pass-2026")
    response = app.get(URL)
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == 1
    assert "private" in response["Cache-Control"]  # personal access: never a shared copy
    bad = MemberApp(client, token="wagtail_not-a-real-token").get(URL)
    assert bad.status_code in (401, 403) and bad.json()["message"]


def test_lists_what_the_directory_lists_and_nothing_private(member, db):
    shown = EnterpriseFactory(name="湖南麓谷智造有限公司", industry="C", scale="small")
    disabled = EnterpriseFactory(name="已停用企业", user__is_active=False)
    response = member.get(f"{URL}?fields=*")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["name"] for item in items] == ["湖南麓谷智造有限公司"]
    item = items[0]
    assert item["industry"] == "C" and item["industry_label"] == "制造业"
    assert item["scale"] == "small" and item["scale_label"] == "小型"
    assert item["region_name"] == "长沙市"
    for name in (*NEVER_SHOWN, *DETAIL_ONLY):
        assert name not in item, name
    assert shown.credit_code not in response.content.decode()
    assert member.get(f"{URL}{disabled.pk}/").status_code == 404

    detail = member.get(f"{URL}{shown.pk}/").json()
    assert detail["contact_name"] == "张经理"
    assert detail["address"].startswith("湖南省长沙市")
    for name in NEVER_SHOWN:
        assert name not in detail, name
    assert shown.contact_email not in str(detail)


def test_filters_match_the_directory(member, db):
    EnterpriseFactory(name="长沙制造", region_code="430104", industry="C")
    EnterpriseFactory(name="株洲软件", region_code="430211", industry="I")

    def names(query):
        return [item["name"] for item in member.get(f"{URL}?{query}").json()["items"]]

    assert names("region=430100") == ["长沙制造"]
    assert names("region=430000") == ["株洲软件", "长沙制造"]
    assert names("industry=I") == ["株洲软件"]


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("region=43", "region"),
        ("region=abcdef", "region"),
        ("industry=Z", "industry"),
        ("credit_code=91", "credit_code"),
    ],
)
def test_bad_filters_are_400_in_chinese(member, db, query, word):
    response = member.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert word in response.json()["message"]
    assert any("\u4e00" <= char <= "\u9fff" for char in response.json()["message"])


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_enterprise_listing_query_count_is_fixed(member, db):
    EnterpriseFactory.create_batch(10)
    url = f"{URL}?fields=*&limit=100"
    ten = _count(member, url)
    EnterpriseFactory.create_batch(90)
    assert _count(member, url) == ten


def test_kind_labels_of_platforms_and_institutions(client, changsha_county):
    InstitutionFactory(platform=changsha_county, approved=True, kind="expert", name="李教授")
    response = client.get("/api/v2/platforms/?fields=kind_label")
    platforms = {item["name"]: item for item in response.json()["items"]}
    assert platforms["长沙县窗口平台"]["kind"] == "county"
    assert platforms["长沙县窗口平台"]["kind_label"] == "县市区/园区窗口平台"
    institution = client.get("/api/v2/institutions/?fields=kind,kind_label").json()["items"][0]
    assert (institution["kind"], institution["kind_label"]) == ("expert", "专家")


def test_logo_sizes_are_read_never_rendered(member, db):
    from marketplace.members.media import LOGO_RENDITIONS
    from portal.factories import ImageFactory

    with_logo = EnterpriseFactory(name="有标志", logo=ImageFactory())
    EnterpriseFactory(name="无标志", logo=None)
    items = {item["name"]: item for item in member.get(URL).json()["items"]}
    assert items["有标志"]["logo"] is None  # not generated yet: never made in the request
    assert items["无标志"]["logo"] is None
    with_logo.logo.get_renditions(*LOGO_RENDITIONS)
    items = {item["name"]: item for item in member.get(URL).json()["items"]}
    assert items["有标志"]["logo"]["width"] == 96
    detail = member.get(f"{URL}{with_logo.pk}/").json()
    assert detail["logo_large"]["width"] == 200
