"""站内消息: notify() makes an in-site message and an e-mail, after commit."""

from django.core import mail
from django.urls import reverse

from marketplace.members.models import Notification
from marketplace.members.notifications import notify


def test_notify_creates_a_message_and_an_email_after_commit(
    enterprise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(enterprise.user, "资质审核通过", "您的资质已审核通过。", url="/center/")
        assert not Notification.objects.exists()  # nothing before the commit
    notification = Notification.objects.get()
    assert notification.user == enterprise.user
    assert notification.read_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [enterprise.user.email]
    assert "资质审核通过" in mail.outbox[0].subject
    assert "/center/" in mail.outbox[0].body


def test_no_message_when_the_transaction_rolls_back(enterprise, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(enterprise.user, "标题", "内容")
    assert len(callbacks) == 1
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_unread_count_inbox_and_reading(enterprise_client, enterprise):
    first = Notification.objects.create(user=enterprise.user, title="第一条", url="/center/")
    Notification.objects.create(user=enterprise.user, title="第二条")
    inbox = enterprise_client.get(reverse("members:center_messages"))
    assert "2 条未读" in inbox.text
    assert "第一条" in inbox.text and "第二条" in inbox.text

    detail = enterprise_client.get(reverse("members:center_message", args=[first.pk]))
    assert detail.status_code == 200
    assert "1 条未读" in detail.text
    first.refresh_from_db()
    assert first.read_at is not None

    enterprise_client.post(reverse("members:center_messages_read_all"))
    assert Notification.objects.unread().count() == 0
    assert "条未读" not in enterprise_client.get(reverse("members:center_messages")).text


def test_another_user_cannot_read_my_message(institution_client, enterprise):
    mine = Notification.objects.create(user=enterprise.user, title="企业的私信")
    response = institution_client.get(reverse("members:center_message", args=[mine.pk]))
    assert response.status_code == 404
    assert "企业的私信" not in institution_client.get(reverse("members:center_messages")).text
    mine.refresh_from_db()
    assert mine.read_at is None


def test_external_links_in_messages_are_not_followed(enterprise_client, enterprise):
    message = Notification.objects.create(
        user=enterprise.user, title="钓鱼", url="https://evil.example.com/"
    )
    response = enterprise_client.get(reverse("members:center_message", args=[message.pk]))
    assert "evil.example.com" not in response.text
