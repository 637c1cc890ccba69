"""/api/v2/me/signups/: 活动报名 through the API, with the page's form, checks and messages."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from notices.factories import ActivityNoticePageFactory, ActivitySignUpFactory
from notices.models import ActivitySignUp
from portal.factories import StaffUserFactory, UserFactory
from tests.member_api import MemberApp

PASSWORD = "portal-pass-2026"
SIGNUPS = "/api/v2/me/signups/"
FORM = {"name": "张三", "organisation": "湖南示范科技有限公司", "phone": "13800000000"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(activity_index):
    return ActivityNoticePageFactory(parent=activity_index, title="数字化转型培训会", capacity=2)


def app_for(client, user):
    return MemberApp(client).login(user.username, PASSWORD)


def test_any_account_signs_up_and_sees_it_on_the_page_too(client, user, activity):
    app = app_for(client, user)
    response = app.post(SIGNUPS, {"activity": activity.pk, **FORM, "note": "两人参加"})
    assert response.status_code == 201, response.content.decode()
    data = response.json()
    signup = ActivitySignUp.objects.get()
    assert (signup.user, signup.activity_id, signup.note) == (user, activity.pk, "两人参加")
    assert data["id"] == signup.pk and data["name"] == "张三"
    assert data["activity"]["title"] == "数字化转型培训会"
    assert data["activity"]["status"] == "upcoming"
    assert data["activity"]["status_label"] == "即将开始"
    assert data["activity"]["url"] == f"http://testserver{activity.url}"

    listing = app.get(SIGNUPS).json()
    assert listing["meta"]["total_count"] == 1 and listing["items"][0]["id"] == signup.pk
    # The page knows it: the same record, one place left.
    client.force_login(user)
    assert "数字化转型培训会" in client.get("/notices/my-signups/").content.decode()


def test_duplicate_signup_is_a_409_and_keeps_one_record(client, user, activity):
    app = app_for(client, user)
    assert app.post(SIGNUPS, {"activity": activity.pk, **FORM}).status_code == 201
    again = app.post(SIGNUPS, {"activity": activity.pk, **FORM})
    assert again.status_code == 409
    assert again.json() == {"message": "您已报名该活动，无需重复报名。"}
    # A second request that passed the check before the first one committed: the constraint.
    with mock.patch("notices.signups._already_signed_up", return_value=False):
        racing = app.post(SIGNUPS, {"activity": activity.pk, **FORM})
    assert racing.status_code == 409
    assert racing.json()["message"] == "您已报名该活动，无需重复报名。"
    assert ActivitySignUp.objects.count() == 1


def test_full_closed_and_disabled_activities_are_409s_with_the_pages_message(
    client, user, activity, activity_index
):
    ActivitySignUpFactory.create_batch(2, activity=activity)
    now = timezone.now()
    closed = ActivityNoticePageFactory(
        parent=activity_index, start_at=now + timedelta(days=2), signup_deadline=now
    )
    disabled = ActivityNoticePageFactory(parent=activity_index, signup_enabled=False)
    app = app_for(client, user)
    for page, message in (
        (activity, "报名人数已满，无法继续报名。"),
        (closed, "报名已截止。"),
        (disabled, "该活动不接受在线报名。"),
    ):
        response = app.post(SIGNUPS, {"activity": page.pk, **FORM})
        assert response.status_code == 409
        assert response.json()["message"] == message
    assert not ActivitySignUp.objects.filter(user=user).exists()


def test_bad_input_names_the_field_and_stores_nothing(client, user, activity, activity_index):
    draft = ActivityNoticePageFactory(parent=activity_index, live=False)
    app = app_for(client, user)
    bad = app.post(
        SIGNUPS, {"activity": activity.pk, "name": "", "organisation": "单位", "phone": "abc"}
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"name", "phone"}
    assert "请输入有效的联系电话" in bad.json()["errors"]["phone"][0]
    for target in (None, draft.pk, activity_index.pk, 99999, "x"):
        response = app.post(SIGNUPS, {"activity": target, **FORM})
        assert response.status_code == 400
        assert "activity" in response.json()["errors"]
    too_long = app.post(SIGNUPS, {"activity": activity.pk, **FORM, "note": "字" * 501})
    assert too_long.status_code == 400 and "note" in too_long.json()["errors"]
    unknown = app.post(SIGNUPS, {"activity": activity.pk, **FORM, "user": 1})
    assert unknown.status_code == 400 and "user" in unknown.json()["message"]
    assert not ActivitySignUp.objects.exists()


def test_a_view_restricted_activity_cannot_be_signed_up_for(client, user, activity):
    PageViewRestriction.objects.create(
        page=activity, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = app_for(client, user).post(SIGNUPS, {"activity": activity.pk, **FORM})
    assert response.status_code == 400
    assert response.json()["errors"]["activity"] == ["所选活动不存在或未公开。"]
    assert not ActivitySignUp.objects.exists()


def test_cancel_my_signup_only(client, user, activity):
    mine = ActivitySignUpFactory(activity=activity, user=user)
    theirs = ActivitySignUpFactory(activity=activity)
    app = app_for(client, user)
    assert app.get(f"{SIGNUPS}{theirs.pk}/").status_code == 404
    assert app.delete(f"{SIGNUPS}{theirs.pk}/").status_code == 404
    assert app.get(f"{SIGNUPS}{mine.pk}/").json()["id"] == mine.pk
    assert app.delete(f"{SIGNUPS}{mine.pk}/").status_code == 204
    assert list(ActivitySignUp.objects.all()) == [theirs]
    assert app.delete(f"{SIGNUPS}{mine.pk}/").status_code == 404
    # The place is free again.
    assert app.post(SIGNUPS, {"activity": activity.pk, **FORM}).status_code == 201


def test_anonymous_and_sessions_are_401(client, user, activity):
    signup = ActivitySignUpFactory(activity=activity, user=user)
    staff = StaffUserFactory()
    for session_user in (None, staff, user):
        if session_user is not None:
            client.force_login(session_user)
        app = MemberApp(client)
        for response in (
            app.get(SIGNUPS),
            app.post(SIGNUPS, {"activity": activity.pk, **FORM}),
            app.get(f"{SIGNUPS}{signup.pk}/"),
            app.delete(f"{SIGNUPS}{signup.pk}/"),
        ):
            assert response.status_code == 401
            assert response.json()["message"]
    assert ActivitySignUp.objects.count() == 1


def test_signup_list_queries_do_not_grow(client, user, activity_index):
    app = app_for(client, user)
    app.get(SIGNUPS)  # the token's first use records `last_used_at` once

    def add(count):
        for _index in range(count):
            page = ActivityNoticePageFactory(parent=activity_index, capacity=None)
            ActivitySignUpFactory(activity=page, user=user)

    add(10)
    app.get(SIGNUPS)  # Wagtail caches the site root paths the activity URLs are built from
    with CaptureQueriesContext(connection) as small:
        assert len(app.get(SIGNUPS, {"limit": "100"}).json()["items"]) == 10
    add(90)
    with CaptureQueriesContext(connection) as large:
        items = app.get(SIGNUPS, {"limit": "100"}).json()["items"]
    assert len(items) == 100 and all(item["activity"]["url"] for item in items)
    assert len(large) == len(small)


def test_another_account_does_not_see_my_signups(client, user, activity):
    ActivitySignUpFactory(activity=activity, user=user)
    other = UserFactory()
    assert app_for(client, other).get(SIGNUPS).json() == {"meta": {"total_count": 0}, "items": []}
