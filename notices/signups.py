"""Signing up for an activity: the rules, enforced in one transaction.

Capacity holds under concurrency because the activity row is locked (`select_for_update`) while
sign-ups are counted and the new one is written; on SQLite the same serialisation comes from the
IMMEDIATE transactions configured in settings. Two posts by the same member (double click, two
tabs) are stopped by the unique constraint, whose IntegrityError becomes the same friendly refusal.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notices.models import ActivityNoticePage, ActivitySignUp
from portal.exceptions import ActionRefused

MESSAGE_FULL = _("报名人数已满，无法继续报名。")
MESSAGE_CLOSED = _("报名已截止。")
MESSAGE_DUPLICATE = _("您已报名该活动，无需重复报名。")
MESSAGE_DISABLED = _("该活动不接受在线报名。")


class SignUpRefused(ActionRefused):
    """A refused sign-up: the page shows `message`, the member API answers it as a 409."""


def _already_signed_up(activity, user):
    return ActivitySignUp.objects.filter(activity=activity, user=user).exists()


def sign_up(activity, user, *, name, organisation, phone, note="", now=None):
    """Create the member's sign-up or raise SignUpRefused with the reason to show."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked = (
                ActivityNoticePage.objects.select_for_update(of=("self",))
                .only("pk", "capacity", "signup_enabled", "signup_deadline", "start_at")
                .get(pk=activity.pk)
            )
            if not locked.signup_enabled:
                raise SignUpRefused(MESSAGE_DISABLED)
            if _already_signed_up(locked, user):
                raise SignUpRefused(MESSAGE_DUPLICATE)
            if locked.signup_is_closed(now):
                raise SignUpRefused(MESSAGE_CLOSED)
            if locked.capacity and locked.signups.count() >= locked.capacity:
                raise SignUpRefused(MESSAGE_FULL)
            return ActivitySignUp.objects.create(
                activity=locked,
                user=user,
                name=name,
                organisation=organisation,
                phone=phone,
                note=note,
            )
    except IntegrityError as error:
        # Another request of the same member committed first: the constraint kept one row.
        raise SignUpRefused(MESSAGE_DUPLICATE) from error


def cancel_sign_up(signup):
    signup.delete()


@dataclass
class SignUpState:
    """What the activity page shows about sign-up to this visitor (never cached)."""

    enabled: bool
    closed: bool
    full: bool
    places_left: int | None
    signup_count: int
    own_signup: ActivitySignUp | None

    @property
    def can_sign_up(self):
        return self.enabled and not self.closed and not self.full and self.own_signup is None

    @property
    def refusal(self):
        if self.own_signup is not None or not self.enabled:
            return None
        if self.closed:
            return MESSAGE_CLOSED
        if self.full:
            return MESSAGE_FULL
        return None


def signup_state_for(activity, user):
    # An unsaved page (the admin's preview of a new activity) has no sign-ups to count.
    if not activity.signup_enabled or activity.pk is None:
        return SignUpState(False, False, False, None, 0, None)
    signup_count = activity.signups.count()
    own = None
    if user.is_authenticated:
        own = ActivitySignUp.objects.filter(activity=activity, user=user).first()
    places_left = max(activity.capacity - signup_count, 0) if activity.capacity else None
    return SignUpState(
        enabled=True,
        closed=activity.signup_is_closed(),
        full=places_left == 0,
        places_left=places_left,
        signup_count=signup_count,
        own_signup=own,
    )
