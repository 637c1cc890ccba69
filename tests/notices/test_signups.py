"""Activity sign-up (活动报名): login, capacity, deadline, duplicates, cancelling, 我的报名."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from notices.factories import ActivityNoticePageFactory, ActivitySignUpFactory
from notices.models import ActivitySignUp
from portal.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM = {"name": "张三", "organisation": "湖南示范科技有限公司", "phone": "13800000000"}


@pytest.fixture
def activity(activity_index):
    return ActivityNoticePageFactory(parent=activity_index, title="数字化转型培训会", capacity=2)


def signup_url(activity):
    return f"{activity.url}signup/"


def test_anonymous_visitor_is_sent_to_login(client, activity):
    html = client.get(activity.url).content.decode()
    assert "登录后报名" in html
    response = client.post(signup_url(activity), FORM)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=%2Factivities%2F{activity.slug}%2F"
    assert not ActivitySignUp.objects.exists()


def test_member_signs_up_and_sees_it_in_my_signups(client, user, activity):
    client.force_login(user)
    assert "提交报名" in client.get(activity.url).content.decode()
    response = client.post(signup_url(activity), {**FORM, "note": "两人参加"}, follow=True)
    html = response.content.decode()
    assert "报名成功" in html
    assert "您已于" in html and "取消报名" in html
    signup = ActivitySignUp.objects.get()
    assert (signup.user, signup.activity_id, signup.note) == (user, activity.pk, "两人参加")

    my_signups = client.get("/notices/my-signups/").content.decode()
    assert "数字化转型培训会" in my_signups
    assert f'href="{activity.url}"' in my_signups


def test_my_signups_requires_login(client):
    response = client.get("/notices/my-signups/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_duplicate_signup_is_refused(client, user, activity):
    client.force_login(user)
    client.post(signup_url(activity), FORM)
    response = client.post(signup_url(activity), FORM, follow=True)
    assert "您已报名该活动" in response.content.decode()
    assert ActivitySignUp.objects.count() == 1


def test_concurrent_double_signup_keeps_one_row_and_answers_kindly(client, user, activity):
    """The other request committed between our check and our insert: the constraint decides."""
    client.force_login(user)
    client.post(signup_url(activity), FORM)
    with mock.patch("notices.signups._already_signed_up", return_value=False):
        response = client.post(signup_url(activity), FORM, follow=True)
    assert response.status_code == 200
    assert "您已报名该活动" in response.content.decode()
    assert ActivitySignUp.objects.count() == 1


def test_full_activity_refuses_with_the_message_and_writes_nothing(client, user, activity):
    ActivitySignUpFactory.create_batch(2, activity=activity)
    client.force_login(user)
    page_html = client.get(activity.url).content.decode()
    assert "报名人数已满" in page_html and "提交报名" not in page_html

    response = client.post(signup_url(activity), FORM, follow=True)
    assert "报名人数已满" in response.content.decode()
    assert ActivitySignUp.objects.filter(user=user).count() == 0
    assert ActivitySignUp.objects.count() == 2


def test_closed_signup_deadline_is_refused(client, user, activity_index):
    now = timezone.now()
    activity = ActivityNoticePageFactory(
        parent=activity_index,
        start_at=now + timedelta(days=2),
        signup_deadline=now - timedelta(hours=1),
    )
    client.force_login(user)
    assert "报名已截止" in client.get(activity.url).content.decode()
    response = client.post(signup_url(activity), FORM, follow=True)
    assert "报名已截止" in response.content.decode()
    assert not ActivitySignUp.objects.exists()


def test_missing_fields_show_errors_not_a_500(client, user, activity):
    client.force_login(user)
    response = client.post(signup_url(activity), {"name": "", "phone": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "field--error" in html and "请输入有效的联系电话" in html
    assert not ActivitySignUp.objects.exists()


def test_get_on_the_signup_route_goes_back_to_the_page(client, user, activity):
    client.force_login(user)
    response = client.get(signup_url(activity))
    assert response.status_code == 302 and response["Location"] == activity.url


def test_member_cancels_own_signup(client, user, activity):
    signup = ActivitySignUpFactory(activity=activity, user=user)
    client.force_login(user)
    response = client.post(f"/notices/signups/{signup.pk}/cancel/", follow=True)
    assert "已取消" in response.content.decode()
    assert not ActivitySignUp.objects.exists()


def test_cancel_redirects_to_a_safe_next_only(client, user, activity):
    client.force_login(user)
    signup = ActivitySignUpFactory(activity=activity, user=user)
    response = client.post(
        f"/notices/signups/{signup.pk}/cancel/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/notices/my-signups/"
    signup = ActivitySignUpFactory(activity=activity, user=user)
    response = client.post(f"/notices/signups/{signup.pk}/cancel/", {"next": activity.url})
    assert response["Location"] == activity.url


def test_another_user_cannot_cancel_someone_elses_signup(client, activity):
    signup = ActivitySignUpFactory(activity=activity)
    client.force_login(UserFactory())
    assert client.post(f"/notices/signups/{signup.pk}/cancel/").status_code == 404
    assert client.get(f"/notices/signups/{signup.pk}/cancel/").status_code == 405
    assert ActivitySignUp.objects.filter(pk=signup.pk).exists()


def test_signup_state_is_never_cached(client, user, activity):
    client.force_login(user)
    client.get(activity.url)
    client.post(signup_url(activity), FORM)
    assert "您已于" in client.get(activity.url).content.decode()
    client.logout()
    assert "您已于" not in client.get(activity.url).content.decode()


def test_editor_preview_of_an_activity_renders(activity):
    response = activity.make_preview_request()
    assert response.status_code == 200
    assert "数字化转型培训会" in response.content.decode()
