"""Tell a member something: an in-site message (站内消息) plus an e-mail.

Call `notify()` from inside the transaction that made the news; the message and the e-mail go out
only once that transaction commits, so a rolled-back action never announces itself.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from marketplace.members.models import Notification

logger = logging.getLogger(__name__)


def _absolute(url):
    if url.startswith("/"):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    return url


def _send(user, title, body, url):
    Notification.objects.create(user=user, title=title, body=body, url=url)
    if not user.email:
        return
    text = body if not url else f"{body}\n\n{_absolute(url)}"
    try:
        send_mail(
            subject=f"[{settings.WAGTAIL_SITE_NAME}] {title}",
            message=text,
            from_email=None,
            recipient_list=[user.email],
        )
    except Exception:
        # The in-site message is already there; a mail server outage must not break the action.
        logger.exception("Could not e-mail notification %r to user %s", title, user.pk)


def notify(user, title, body, url=""):
    """Create `user`'s in-site message and e-mail it, after the current transaction commits."""
    transaction.on_commit(lambda: _send(user, str(title), str(body), str(url)))
