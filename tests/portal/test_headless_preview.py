"""Draft preview in an app: 「应用预览」 gives a signed, expiring link to the latest saved draft."""

import re

import pytest
from django.core import signing
from django.test import RequestFactory, override_settings

from policies.factories import PolicyIndexPageFactory, PolicyPageFactory
from portal.headless_preview import APP_MODE, SALT

PREVIEW = "/api/v2/page-preview/"


@pytest.fixture
def policy_with_draft(home_page, admin_user):
    index = PolicyIndexPageFactory(parent=home_page)
    policy = PolicyPageFactory(parent=index, title="已发布的标题")
    policy.save_revision(user=admin_user).publish()
    policy.title = "尚未发布的新标题"
    policy.save_revision(user=admin_user)  # a draft: saved, not published
    return policy


def preview_token(page, admin_user, mode=APP_MODE):
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    request.user = admin_user
    page = page.get_latest_revision_as_object()
    response = page.serve_preview(request, mode)
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    match = re.search(r"page-preview/\?token=([^\"&<\s]+)", html)
    return (match.group(1) if match else None), html


def test_the_editor_offers_an_app_preview_mode(policy_with_draft):
    assert APP_MODE in dict(policy_with_draft.preview_modes)


@pytest.mark.django_db
def test_a_token_gives_the_draft_and_nothing_else_does(client, policy_with_draft, admin_user):
    public = client.get(f"/api/v2/pages/{policy_with_draft.pk}/").json()
    assert public["title"] == "已发布的标题"

    token, html = preview_token(policy_with_draft, admin_user)
    assert token and "30 分钟" in html
    response = client.get(PREVIEW, {"token": token})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    draft = response.json()
    assert draft["id"] == policy_with_draft.pk
    assert draft["title"] == "尚未发布的新标题"
    assert draft["meta"]["type"] == "policies.PolicyPage"

    no_token = client.get(PREVIEW)
    assert no_token.status_code == 400 and "token" in no_token.json()["message"]
    forged = client.get(PREVIEW, {"token": token[:-2] + "xx"})
    assert forged.status_code == 404 and "过期" in forged.json()["message"]
    unknown = client.get(PREVIEW, {"token": token, "debug": "1"})
    assert unknown.status_code == 400


@pytest.mark.django_db
def test_a_token_cannot_be_pointed_at_another_page(client, policy_with_draft, admin_user):
    token, _ = preview_token(policy_with_draft, admin_user)
    data = signing.loads(token, salt=SALT)
    other = signing.dumps({**data, "page": data["page"] + 1}, salt="another salt")
    assert client.get(PREVIEW, {"token": other}).status_code == 404
    # A genuine token's revision of another page does not match the page it names.
    mixed = signing.dumps({"page": data["page"] + 999, "revision": data["revision"]}, salt=SALT)
    assert client.get(PREVIEW, {"token": mixed}).status_code == 404


@pytest.mark.django_db
def test_tokens_expire(client, policy_with_draft, admin_user):
    token, _ = preview_token(policy_with_draft, admin_user)
    with override_settings(PORTAL_PREVIEW_TOKEN_SECONDS=-1):
        response = client.get(PREVIEW, {"token": token})
    assert response.status_code == 404


@pytest.mark.django_db
@override_settings(PORTAL_HEADLESS_PREVIEW_URL="https://app.example.cn/preview?token={token}")
def test_the_app_link_carries_the_token(policy_with_draft, admin_user):
    token, html = preview_token(policy_with_draft, admin_user)
    assert f"https://app.example.cn/preview?token={token}" in html.replace("&amp;", "&")


@pytest.mark.django_db
def test_an_unsaved_page_asks_to_save_a_draft_first(home_page, admin_user):
    index = PolicyIndexPageFactory(parent=home_page)
    unsaved = PolicyPageFactory.build(title="新政策")
    unsaved.path = index.path + "9999"
    request = RequestFactory().get("/")
    request.user = admin_user
    html = unsaved.serve_preview(request, APP_MODE).content.decode()
    assert "请先保存草稿" in html and "token=" not in html


@pytest.mark.django_db
def test_the_web_preview_still_renders_the_page(policy_with_draft, admin_user):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    request.user = admin_user
    page = policy_with_draft.get_latest_revision_as_object()
    response = page.serve_preview(request, page.default_preview_mode)
    assert response.status_code == 200
    assert "尚未发布的新标题" in response.rendered_content
