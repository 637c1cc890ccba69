"""/api/v2/me/: my profile (修改并提交 through the same form) and my messages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from marketplace.members.models import Enterprise, Notification
from tests.member_api import MemberApp

PASSWORD = "portal-pass-2026"
pytestmark = pytest.mark.django_db


def notify(user, title, body, url=""):
    Notification.objects.create(user=user, title=title, body=body, url=url)


def app_for(client, member):
    return MemberApp(client).login(member.user.username, PASSWORD)


def test_enterprise_profile_update_uses_the_profile_form(client):
    enterprise = EnterpriseFactory(address="")
    app = app_for(client, enterprise)
    before = app.get("/api/v2/me/").json()["enterprise"]
    assert before["is_complete"] is False

    response = app.patch("/api/v2/me/", {"address": "湖南省长沙市天心区 8 号", "scale": "micro"})
    assert response.status_code == 200, response.content.decode()
    profile = response.json()["enterprise"]
    assert profile["address"] == "湖南省长沙市天心区 8 号"
    assert profile["scale_label"] == Enterprise.Scale("micro").label
    assert profile["is_complete"] is True
    enterprise.refresh_from_db()
    assert enterprise.address == "湖南省长沙市天心区 8 号"
    # Fields not sent keep their values (PATCH).
    assert enterprise.contact_name == "张经理"


def test_invalid_profile_changes_nothing_and_names_the_field(client):
    enterprise = EnterpriseFactory()
    app = app_for(client, enterprise)
    response = app.patch("/api/v2/me/", {"credit_code": "123", "name": "新名称"})
    assert response.status_code == 400
    body = response.json()
    assert body["message"] and "credit_code" in body["errors"]
    enterprise.refresh_from_db()
    assert enterprise.name != "新名称"

    too_long = app.patch("/api/v2/me/", {"introduction": "字" * 2001})
    assert too_long.status_code == 400
    assert "2000" in too_long.json()["errors"]["introduction"][0]

    wrong_shape = app.patch("/api/v2/me/", {"name": {"nested": 1}})
    assert wrong_shape.status_code == 400
    unknown = app.patch("/api/v2/me/", {"user": 1})
    assert unknown.status_code == 400 and "user" in unknown.json()["message"]


def test_institution_updates_its_public_profile_only(client):
    institution = InstitutionFactory()
    app = app_for(client, institution)
    me = app.get("/api/v2/me/").json()
    assert me["kind"] == "institution" and me["enterprise"] is None
    response = app.patch("/api/v2/me/", {"service_scope": "知识产权代理"})
    assert response.status_code == 200
    assert response.json()["institution"]["service_scope"] == "知识产权代理"
    refused = app.patch("/api/v2/me/", {"name": "改名"})
    assert refused.status_code == 400
    institution.refresh_from_db()
    assert institution.name != "改名"


def test_messages_are_my_own_newest_first_and_can_be_read(client):
    enterprise = EnterpriseFactory()
    other = EnterpriseFactory()
    notify(enterprise.user, "第一条", "内容一", url="/center/")
    notify(enterprise.user, "第二条", "内容二")
    notify(other.user, "别人的", "不该看到")
    app = app_for(client, enterprise)

    listing = app.get("/api/v2/me/messages/").json()
    assert listing["meta"]["total_count"] == 2
    assert [item["title"] for item in listing["items"]] == ["第二条", "第一条"]
    assert listing["items"][1]["url"].startswith("http")
    assert app.get("/api/v2/me/").json()["unread_messages"] == 2

    first_id = listing["items"][1]["id"]
    others_id = Notification.objects.get(user=other.user).pk
    assert app.post(f"/api/v2/me/messages/{others_id}/read/").status_code == 404
    read = app.post(f"/api/v2/me/messages/{first_id}/read/")
    assert read.status_code == 200 and read.json()["is_read"] is True
    unread = app.get("/api/v2/me/messages/", {"unread": "true"}).json()
    assert [item["title"] for item in unread["items"]] == ["第二条"]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "0"},
        {"limit": "101"},
        {"offset": "-1"},
        {"offset": "99999999999999999999"},
        {"limit": "x"},
        {"unread": "maybe"},
        {"sort": "title"},
    ],
)
def test_bad_list_parameters_are_chinese_400s(client, params):
    app = app_for(client, EnterpriseFactory())
    response = app.get("/api/v2/me/messages/", params)
    assert response.status_code == 400
    assert response.json()["message"]


def test_message_list_queries_do_not_grow_with_rows(client):
    enterprise = EnterpriseFactory()
    app = app_for(client, enterprise)
    app.get("/api/v2/me/")  # the token's first use records `last_used_at` once
    for index in range(10):
        notify(enterprise.user, f"消息{index}", "")
    with CaptureQueriesContext(connection) as small:
        assert app.get("/api/v2/me/messages/", {"limit": "100"}).status_code == 200
    for index in range(90):
        notify(enterprise.user, f"更多{index}", "")
    with CaptureQueriesContext(connection) as large:
        assert len(app.get("/api/v2/me/messages/", {"limit": "100"}).json()["items"]) == 100
    assert len(large) == len(small)
