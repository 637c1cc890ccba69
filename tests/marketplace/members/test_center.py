"""Member centre: enterprise profile (R2.1), institution profile, and who may see which page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from marketplace.members.factories import EnterpriseFactory
from marketplace.members.forms import LOGO_MAX_UPLOAD_SIZE
from marketplace.members.models import Enterprise
from portal.factories import StaffUserFactory

PROFILE_URL = reverse("members:center_enterprise_profile")
INSTITUTION_PROFILE_URL = reverse("members:center_institution_profile")


def png_bytes(size=(120, 80)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#0a4b9c").save(buffer, format="PNG")
    return buffer.getvalue()


def profile_data(**overrides):
    data = {
        "name": "湖南麓谷智造有限公司",
        "credit_code": "91350100M000100Y43",
        "region_code": "430100",
        "region_name": "长沙市",
        "industry": "C",
        "scale": "small",
        "address": "长沙市岳麓区麓谷大道 1 号",
        "contact_name": "张经理",
        "contact_phone": "13800000000",
        "contact_email": "zhang@example.com",
        "introduction": "工程机械零部件制造。",
    }
    return data | overrides


@pytest.fixture
def new_enterprise(db):
    """As registration leaves it: a name and contacts only."""
    return EnterpriseFactory(
        user__username="fresh",
        credit_code="",
        region_code="",
        region_name="",
        industry="",
        scale="",
        address="",
        contact_name="",
        introduction="",
    )


def test_completeness_of_a_fresh_and_a_full_profile(new_enterprise):
    assert not new_enterprise.is_complete
    assert 0 < new_enterprise.completeness < 50
    full = EnterpriseFactory()
    assert full.is_complete and full.logo is None
    assert full.completeness == 100  # the optional logo does not hold it below 100


def test_enterprise_fills_the_profile_and_sees_100_percent(client, new_enterprise):
    client.force_login(new_enterprise.user)
    page = client.get(PROFILE_URL)
    assert 'class="progress"' in page.text
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client.post(PROFILE_URL, profile_data(logo_upload=logo), follow=True)
    assert "企业资料已保存" in response.text
    assert 'data-testid="completeness">100%' in response.text
    enterprise = Enterprise.objects.get(pk=new_enterprise.pk)
    assert enterprise.is_complete and enterprise.completeness == 100
    assert enterprise.logo.collection.name.startswith("fresh")
    assert enterprise.logo.uploaded_by_user == new_enterprise.user


def test_invalid_credit_code_is_refused(client, new_enterprise):
    client.force_login(new_enterprise.user)
    response = client.post(PROFILE_URL, profile_data(credit_code="91350100M000100Y44"))
    assert response.status_code == 200
    assert "统一社会信用代码格式不正确" in response.text
    new_enterprise.refresh_from_db()
    assert new_enterprise.credit_code == ""


def test_a_refused_form_keeps_what_was_typed_and_completeness_stays_the_saved_one(
    client, new_enterprise
):
    client.force_login(new_enterprise.user)
    saved = client.get(PROFILE_URL).text
    before = saved.split('data-testid="completeness">')[1].split("%")[0]
    response = client.post(PROFILE_URL, profile_data(contact_phone="不是电话"))
    html = response.text
    assert "资料未保存" in html
    # What the member typed comes back in the fields …
    assert 'value="长沙市岳麓区麓谷大道 1 号"' in html and 'value="不是电话"' in html
    # … while completeness and the banner still describe the saved profile.
    assert f'data-testid="completeness">{before}%' in html
    assert "企业资料已完善" not in html


def test_required_fields_are_required(client, new_enterprise):
    client.force_login(new_enterprise.user)
    response = client.post(PROFILE_URL, profile_data(address="", industry="Z"))
    assert response.status_code == 200
    assert "资料未保存" in response.text
    new_enterprise.refresh_from_db()
    assert new_enterprise.region_code == ""


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (("logo.png", b"not an image at all", "image/png"), "不是有效的图片"),
        (("logo.exe", png_bytes(), "application/octet-stream"), "格式（EXE）不支持"),
        (("logo.jpg", png_bytes(), "image/jpeg"), "文件内容与格式不符"),
        (("logo.png", png_bytes() + b"\0" * LOGO_MAX_UPLOAD_SIZE, "image/png"), "图片过大"),
        (("logo.png", png_bytes()[:60], "image/png"), "不是有效的图片"),
    ],
)
def test_bad_logo_is_refused_and_nothing_saved(client, new_enterprise, upload, message):
    from wagtail.images import get_image_model

    client.force_login(new_enterprise.user)
    response = client.post(PROFILE_URL, profile_data(logo_upload=SimpleUploadedFile(*upload)))
    assert response.status_code == 200
    assert message in response.text
    new_enterprise.refresh_from_db()
    assert new_enterprise.logo is None and new_enterprise.credit_code == ""
    assert not get_image_model().objects.exists()


def test_institution_edits_its_public_profile(institution_client, institution):
    response = institution_client.post(
        INSTITUTION_PROFILE_URL,
        {"introduction": "新的简介", "service_scope": "代理记账", "contact_phone": "0731-1234567"},
        follow=True,
    )
    assert "机构资料已保存" in response.text
    institution.refresh_from_db()
    assert institution.introduction == "新的简介"
    assert institution.is_approved is False  # editing never approves


def test_institution_cannot_approve_itself_through_the_form(institution_client, institution):
    institution_client.post(
        INSTITUTION_PROFILE_URL,
        {"introduction": "x", "service_scope": "y", "contact_phone": "", "is_approved": "on"},
    )
    institution.refresh_from_db()
    assert institution.is_approved is False


# Who may open what ------------------------------------------------------------------------------

ENTERPRISE_ONLY = [PROFILE_URL]
INSTITUTION_ONLY = [INSTITUTION_PROFILE_URL, reverse("members:center_qualification")]
ANY_MEMBER = [
    reverse("members:center_home"),
    reverse("members:center_messages"),
    reverse("accounts:password_change"),
]


@pytest.mark.parametrize("url", ENTERPRISE_ONLY + INSTITUTION_ONLY + ANY_MEMBER)
def test_anonymous_visitors_are_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_enterprise_cannot_open_institution_pages(enterprise_client, institution):
    for url in INSTITUTION_ONLY:
        response = enterprise_client.get(url)
        assert response.status_code in (403, 404), url
        assert institution.name not in response.content.decode()


def test_institution_cannot_open_enterprise_pages(institution_client, enterprise):
    for url in ENTERPRISE_ONLY:
        response = institution_client.get(url)
        assert response.status_code in (403, 404), url
        assert enterprise.name not in response.content.decode()
        assert institution_client.post(url, profile_data()).status_code in (403, 404)
    enterprise.refresh_from_db()
    assert enterprise.credit_code != "91350100M000100Y43"


def test_staff_without_a_member_profile_get_403_on_member_pages(client, db):
    client.force_login(StaffUserFactory())
    for url in ENTERPRISE_ONLY + INSTITUTION_ONLY:
        assert client.get(url).status_code == 403


def test_each_member_sees_only_its_own_profile(client, db):
    first = EnterpriseFactory(name="第一家公司")
    EnterpriseFactory(name="第二家公司")
    client.force_login(first.user)
    text = client.get(PROFILE_URL).text
    assert "第一家公司" in text and "第二家公司" not in text


def test_centre_home_sends_each_member_to_its_work(enterprise_client):
    response = enterprise_client.get(reverse("members:center_home"))
    assert response.url == PROFILE_URL


def test_menu_shows_the_right_items(institution_client):
    text = institution_client.get(INSTITUTION_PROFILE_URL).text
    assert "机构资料" in text and "站内消息" in text and "企业资料" not in text
