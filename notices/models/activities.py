"""活动通知: an event (training, matchmaking, forum) that members may sign up for online."""

from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from notices.api_listing import SignUpSummaryField, with_signup_counts
from notices.models.base import NoticeAttachmentBase, NoticeKind, NoticePageBase


class ActivityStatus(models.TextChoices):
    UPCOMING = "upcoming", _("即将开始")
    ONGOING = "ongoing", _("进行中")
    ENDED = "ended", _("已结束")


class ActivityNoticePage(RoutablePageMixin, NoticePageBase):
    notice_kind = NoticeKind.ACTIVITY

    start_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    end_at = models.DateTimeField(_("结束时间"), default=timezone.now)
    place = models.CharField(_("活动地点"), max_length=200, blank=True)
    online_url = models.URLField(_("线上参与链接"), blank=True)
    organiser = models.CharField(_("主办单位"), max_length=200, blank=True)
    signup_enabled = models.BooleanField(_("开放在线报名"), default=True)
    capacity = models.PositiveIntegerField(
        _("名额"), null=True, blank=True, help_text=_("留空表示不限名额。")
    )
    signup_deadline = models.DateTimeField(
        _("报名截止时间"), null=True, blank=True, help_text=_("留空则以活动开始时间为准。")
    )

    content_panels = [
        *NoticePageBase.leading_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_at"), FieldPanel("end_at")]),
                FieldPanel("place"),
                FieldPanel("online_url"),
                FieldPanel("organiser"),
            ],
            heading=_("活动信息"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("signup_enabled"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("signup_deadline")]),
            ],
            heading=_("在线报名"),
        ),
        *NoticePageBase.trailing_panels,
    ]
    search_fields = [
        *NoticePageBase.search_fields,
        index.SearchField("place"),
        index.SearchField("organiser"),
        index.FilterField("start_at"),
        index.FilterField("end_at"),
    ]
    api_fields = [
        *NoticePageBase.api_fields,
        APIField("start_at"),
        APIField("end_at"),
        APIField("place"),
        APIField("online_url"),
        APIField("organiser"),
        APIField("signup_enabled"),
        APIField("capacity"),
        APIField("signup_deadline"),
        APIField("status"),
        APIField("status_label", serializer=serializers.CharField()),
        APIField("signup", serializer=SignUpSummaryField()),
    ]
    api_filter_parameters = frozenset({*NoticePageBase.api_filter_parameters, "status"})
    template = "notices/activity_notice_page.html"

    class Meta:
        verbose_name = _("活动通知")
        verbose_name_plural = _("活动通知")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_at and self.end_at and self.end_at < self.start_at:
            errors["end_at"] = _("结束时间不能早于开始时间。")
        if not self.place and not self.online_url:
            errors["place"] = _("请填写活动地点或线上参与链接。")
        if self.signup_deadline and self.end_at and self.signup_deadline > self.end_at:
            errors["signup_deadline"] = _("报名截止时间不能晚于活动结束时间。")
        if errors:
            raise ValidationError(errors)

    # State ---------------------------------------------------------------------------------

    @property
    def effective_signup_deadline(self):
        return self.signup_deadline or self.start_at

    def status(self, now=None):
        now = now or timezone.now()
        if now < self.start_at:
            return ActivityStatus.UPCOMING
        if now <= self.end_at:
            return ActivityStatus.ONGOING
        return ActivityStatus.ENDED

    @property
    def status_label(self):
        return self.status().label

    def signup_is_closed(self, now=None):
        return (now or timezone.now()) >= self.effective_signup_deadline

    def signup_count(self):
        return self.signups.count()

    def places_left(self):
        """None when there is no limit."""
        if not self.capacity:
            return None
        return max(self.capacity - self.signup_count(), 0)

    @classmethod
    def optimise_api_listing(cls, queryset):
        return with_signup_counts(queryset)

    # Routes: the page itself, and the sign-up form posts to <page>/signup/ ------------------

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("signup/", name="signup")
    def signup(self, request):
        from notices.views.signups import activity_signup

        if not self.signup_enabled:
            return redirect(self.get_url(request))
        if not request.user.is_authenticated:
            login_url = reverse("accounts:login")
            return redirect(f"{login_url}?{urlencode({'next': self.get_url(request)})}")
        return activity_signup(request, self)

    def get_context(self, request, *args, **kwargs):
        from notices.forms import ActivitySignUpForm
        from notices.signups import signup_state_for

        context = super().get_context(request, *args, **kwargs)
        # Per-user state: computed here and rendered outside any cached fragment.
        context["signup"] = signup = signup_state_for(self, request.user)
        if signup.can_sign_up and request.user.is_authenticated:
            context["signup_form"] = ActivitySignUpForm(
                initial={"name": request.user.get_full_name()}
            )
        return context


class ActivityAttachment(NoticeAttachmentBase):
    page = ParentalKey(ActivityNoticePage, related_name="attachments", on_delete=models.CASCADE)
