"""Registration (R1.1, R1.2, R2.1), login lockout, password change and reset."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from marketplace.members.factories import WindowPlatformFactory
from marketplace.members.models import Enterprise, Institution, WindowPlatform
from portal.factories import UserFactory

User = get_user_model()
STRONG_PASSWORD = "Xiang-Jiang-2026!"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def changsha(db):
    province = WindowPlatformFactory(
        name="湖南省中小企业公共服务平台",
        kind="province",
        region_code="430000",
        region_name="湖南省",
    )
    return WindowPlatformFactory(
        parent=province, name="长沙市综合性窗口平台", region_code="430100", region_name="长沙市"
    )


def enterprise_data(**overrides):
    data = {
        "username": "lugu-tech",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "enterprise_name": "湖南麓谷科技有限公司",
        "email": "hr@lugu.example.com",
        "phone": "13800001111",
    }
    return data | overrides


def institution_data(platform_, **overrides):
    data = {
        "kind": Institution.Kind.SOCIAL,
        "username": "xingcheng-tax",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "platform": platform_.pk,
        "institution_name": "星城财税咨询有限公司",
        "email": "office@xingcheng.example.com",
        "phone": "13900002222",
    }
    return data | overrides


def test_choice_page_links_both_registrations(client, db):
    response = client.get(reverse("members:register"))
    assert reverse("members:register_enterprise") in response.text
    assert reverse("members:register_institution") in response.text


def test_enterprise_registers_and_lands_in_the_member_centre(client, db):
    response = client.post(reverse("members:register_enterprise"), enterprise_data())
    assert response.status_code == 302
    assert response.url == reverse("members:center_enterprise_profile")
    enterprise = Enterprise.objects.get()
    assert enterprise.name == "湖南麓谷科技有限公司"
    assert enterprise.user.username == "lugu-tech"
    assert enterprise.user.check_password(STRONG_PASSWORD)
    assert not enterprise.is_complete

    page = client.get(response.url)  # logged in, R2.1
    assert page.status_code == 200
    assert "企业管理中心" in page.text
    assert "请先完善企业资料" in page.text
    assert "修改并提交" in page.text


def test_institution_registers_with_kind_and_platform(client, changsha):
    form_page = client.get(reverse("members:register_institution"))
    for label in ["政府服务注册", "社会服务注册", "SAAS服务注册", "专家注册"]:
        assert label in form_page.text
    assert "<optgroup" in form_page.text and "长沙市综合性窗口平台" in form_page.text

    response = client.post(reverse("members:register_institution"), institution_data(changsha))
    assert response.status_code == 302
    institution = Institution.objects.get()
    assert institution.platform == changsha
    assert institution.kind == "social"
    assert institution.is_approved is False
    assert institution.region_code == "430100"
    assert response.url == reverse("members:center_qualification")


def test_duplicate_username_is_refused_and_nothing_saved(client, db):
    UserFactory(username="Lugu-Tech")
    response = client.post(reverse("members:register_enterprise"), enterprise_data())
    assert response.status_code == 200
    assert "该用户名已被注册" in response.text
    assert not Enterprise.objects.exists()
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [("12345678", "只包含数字"), ("abc", "密码太短"), ("password", "太常见")],
)
def test_weak_passwords_are_refused_in_chinese(client, db, password, message):
    data = enterprise_data(password1=password, password2=password)
    response = client.post(reverse("members:register_enterprise"), data)
    assert response.status_code == 200
    assert message in response.text
    assert not User.objects.exists()


def test_mismatched_passwords_are_refused(client, db):
    data = enterprise_data(password2=STRONG_PASSWORD + "x")
    response = client.post(reverse("members:register_enterprise"), data)
    assert "两次输入的密码不一致" in response.text
    assert not User.objects.exists()


def test_unknown_platform_is_a_form_error(client, changsha):
    data = institution_data(changsha, platform=999_999)
    response = client.post(reverse("members:register_institution"), data)
    assert response.status_code == 200
    assert not Institution.objects.exists()


def test_inactive_platform_is_not_offered(client, changsha):
    WindowPlatform.objects.filter(pk=changsha.pk).update(is_active=False)
    response = client.post(reverse("members:register_institution"), institution_data(changsha))
    assert response.status_code == 200
    assert not Institution.objects.exists()


def test_registration_is_rate_limited_per_ip(client, db):
    for number in range(10):
        client.post(
            reverse("members:register_enterprise"),
            enterprise_data(username=f"company-{number}", enterprise_name=f"公司{number}"),
        )
        client.logout()
    assert Enterprise.objects.count() == 10
    response = client.post(
        reverse("members:register_enterprise"), enterprise_data(username="company-11")
    )
    assert response.status_code == 429
    assert "注册过于频繁" in response.text
    assert Enterprise.objects.count() == 10
    # Another address is not affected.
    other = client.post(
        reverse("members:register_enterprise"),
        enterprise_data(username="company-12"),
        REMOTE_ADDR="10.1.2.3",
    )
    assert other.status_code == 302


@override_settings(AXES_ENABLED=True)
def test_login_locks_after_five_failures(client, db):
    UserFactory(username="victim", password="right-password-2026")
    login_url = reverse("accounts:login")
    for _attempt in range(5):
        response = client.post(login_url, {"username": "victim", "password": "wrong"})
    # The fifth failure already answers with the lockout page; so does the right password now.
    response = client.post(login_url, {"username": "victim", "password": "right-password-2026"})
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.text
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_wagtail_admin_login_is_protected_too(client, db):
    UserFactory(username="editor", password="right-password-2026", is_staff=True)
    login_url = reverse("wagtailadmin_login")
    for _attempt in range(5):
        client.post(login_url, {"username": "editor", "password": "wrong"})
    response = client.post(login_url, {"username": "editor", "password": "right-password-2026"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_successful_login_still_works_with_axes(client, db):
    UserFactory(username="member", password="right-password-2026")
    response = client.post(
        reverse("accounts:login"), {"username": "member", "password": "right-password-2026"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_password_reset_sends_an_email_with_a_working_link(client, db):
    user = UserFactory(username="forgetful", email="forgetful@example.com")
    response = client.post(reverse("accounts:password_reset"), {"email": "forgetful@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["forgetful@example.com"]
    assert "重设" in message.subject
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm = client.get("/" + path, follow=True)
    assert "设置新密码" in confirm.text
    new_password = "Yue-Lu-Shan-2026"
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change_needs_login_and_works(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    user = UserFactory(username="changer", password="Old-Password-2026")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Old-Password-2026",
            "new_password1": "New-Password-2026",
            "new_password2": "New-Password-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("New-Password-2026")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "next_url", "lands_on"),
    [
        ("enterprise", "", "/center/"),
        ("staff", "", "/admin/"),
        ("enterprise", "/policies/", "/policies/"),
    ],
)
def test_login_lands_where_the_work_is(client, home_page, kind, next_url, lands_on):
    from marketplace.members.factories import EnterpriseFactory
    from portal.factories import UserFactory

    user = EnterpriseFactory().user if kind == "enterprise" else UserFactory(is_staff=True)
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"username": user.username, "password": "portal-pass-2026"})
    assert response.status_code == 302
    assert response["Location"] == lands_on


@pytest.mark.django_db
def test_registration_choice_headings_are_links(client, home_page):
    html = client.get("/accounts/register/").content.decode()
    assert '<h2 id="choice-enterprise"><a href="/accounts/register/enterprise/">' in html
    assert '<h2 id="choice-institution"><a href="/accounts/register/institution/">' in html
