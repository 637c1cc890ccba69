"""Token login for apps (/api/v2/auth/): issue, use, expire, revoke; who may not."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import APIToken

from marketplace.members.factories import EnterpriseFactory
from portal.factories import UserFactory
from tests.member_api import TOKEN_URL, MemberApp

PASSWORD = "portal-pass-2026"
pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise():
    return EnterpriseFactory()


def test_login_issues_a_token_stored_only_as_a_digest(client, enterprise):
    response = client.post(
        TOKEN_URL,
        {"username": enterprise.user.username, "password": PASSWORD, "name": "我的手机"},
        content_type="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    token = data["token"]
    assert token.startswith("wagtail_") and data["name"] == "我的手机"
    assert data["username"] == enterprise.user.username
    stored = APIToken.objects.get(user=enterprise.user)
    assert stored.key_hash != token and token not in stored.key_hash
    assert stored.key_hash in APIToken.candidate_key_hashes(token)

    me = MemberApp(client, token).get("/api/v2/me/")
    assert me.status_code == 200
    assert me.json()["enterprise"]["name"] == enterprise.name


def test_wrong_password_is_a_chinese_400_and_issues_nothing(client, enterprise):
    response = client.post(
        TOKEN_URL,
        {"username": enterprise.user.username, "password": "wrong"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "用户名或密码不正确" in response.json()["message"]
    assert not APIToken.objects.exists()


def test_missing_fields_and_unknown_fields_are_refused(client, enterprise):
    response = client.post(TOKEN_URL, {}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"].keys() == {"username", "password"}
    response = client.post(
        TOKEN_URL,
        {"username": enterprise.user.username, "password": PASSWORD, "admin": True},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "不支持的字段：admin" in response.json()["message"]
    assert not APIToken.objects.exists()


def test_staff_cannot_get_a_member_token(client, admin_user):
    admin_user.set_password(PASSWORD)
    admin_user.save()
    response = client.post(
        TOKEN_URL,
        {"username": admin_user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "管理后台" in response.json()["message"]
    assert not APIToken.objects.exists()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_as_the_login_page_does(client, enterprise):
    for _ in range(3):
        client.post(
            TOKEN_URL,
            {"username": enterprise.user.username, "password": "wrong"},
            content_type="application/json",
        )
    response = client.post(
        TOKEN_URL,
        {"username": enterprise.user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert "锁定" in response.json()["message"]
    assert not APIToken.objects.exists()


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer not-a-token",
        "Bearer wagtail_" + "A" * 34,
        "Bearer ünïcode",
    ],
)
def test_requests_without_a_valid_token_are_401(client, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v2/me/", **headers)
    assert response.status_code == 401
    assert response.json()["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_session_cookie_never_authenticates_the_api(client, enterprise):
    client.force_login(enterprise.user)
    response = client.get("/api/v2/me/")
    assert response.status_code == 401


def test_logout_revokes_the_token_it_carries(client, enterprise):
    app = MemberApp(client).login(enterprise.user.username, PASSWORD)
    other = MemberApp(client).login(enterprise.user.username, PASSWORD)
    assert app.post("/api/v2/auth/logout/").status_code == 204
    assert app.get("/api/v2/me/").status_code == 401
    assert other.get("/api/v2/me/").status_code == 200


def test_tokens_are_listed_and_revoked_by_their_owner_only(client, enterprise):
    app = MemberApp(client).login(enterprise.user.username, PASSWORD, name="平板")
    phone = MemberApp(client).login(enterprise.user.username, PASSWORD, name="手机")
    listing = app.get("/api/v2/auth/tokens/").json()
    assert listing["meta"]["total_count"] == 2
    assert {item["name"] for item in listing["items"]} == {"平板", "手机"}
    assert all("token" not in item for item in listing["items"])
    phone_id = next(item["id"] for item in listing["items"] if item["name"] == "手机")

    stranger = EnterpriseFactory()
    stranger_app = MemberApp(client).login(stranger.user.username, PASSWORD)
    assert stranger_app.delete(f"/api/v2/auth/tokens/{phone_id}/").status_code == 404
    assert phone.get("/api/v2/me/").status_code == 200

    assert app.delete(f"/api/v2/auth/tokens/{phone_id}/").status_code == 204
    assert phone.get("/api/v2/me/").status_code == 401
    assert app.get("/api/v2/me/").status_code == 200


@override_settings(PORTAL_API_TOKEN_DAYS=30)
def test_an_old_token_has_expired(client, enterprise):
    app = MemberApp(client).login(enterprise.user.username, PASSWORD)
    APIToken.objects.update(created=timezone.now() - datetime.timedelta(days=31))
    response = app.get("/api/v2/me/")
    assert response.status_code == 401
    assert "过期" in response.json()["message"]


def test_a_deactivated_account_loses_its_tokens(client, enterprise):
    app = MemberApp(client).login(enterprise.user.username, PASSWORD)
    enterprise.user.is_active = False
    enterprise.user.save()
    assert app.get("/api/v2/me/").status_code == 401


def test_a_plain_account_is_told_it_is_not_a_member(client):
    user = UserFactory()
    app = MemberApp(client).login(user.username, PASSWORD)
    me = app.get("/api/v2/me/").json()
    assert me["kind"] is None and me["enterprise"] is None and me["institution"] is None
    response = app.get("/api/v2/me/messages/")
    assert response.status_code == 403
    assert "企业或服务机构" in response.json()["message"]


@override_settings(PORTAL_API_MEMBER_RATE="3/minute")
def test_members_are_throttled_per_account_in_chinese(client, enterprise):
    app = MemberApp(client).login(enterprise.user.username, PASSWORD)
    statuses = [app.get("/api/v2/me/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = app.get("/api/v2/me/")
    assert response.json()["message"] == "请求过于频繁，请稍后再试。"
    assert int(response["Retry-After"]) > 0
