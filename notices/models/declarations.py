"""项目申报: a call for applications with a declaration window and a deadline."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from notices.models.base import NoticeAttachmentBase, NoticeKind, NoticePageBase

# A declaration "closes soon" in its last week: the badge tells enterprises to hurry.
CLOSING_SOON = timedelta(days=7)


class DeclarationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    OPEN = "open", _("申报中")
    CLOSING_SOON = "closing_soon", _("即将截止")
    CLOSED = "closed", _("已截止")

    @property
    def badge(self):
        return {
            "not_started": "badge--muted",
            "open": "badge--success",
            "closing_soon": "badge--warning",
            "closed": "badge--danger",
        }[self.value]


def declaration_status(opens_at, deadline, now=None):
    now = now or timezone.now()
    if now >= deadline:
        return DeclarationStatus.CLOSED
    if opens_at and now < opens_at:
        return DeclarationStatus.NOT_STARTED
    if deadline - now <= CLOSING_SOON:
        return DeclarationStatus.CLOSING_SOON
    return DeclarationStatus.OPEN


class ProjectDeclarationPage(NoticePageBase):
    notice_kind = NoticeKind.DECLARATION

    declaring_body = models.CharField(
        _("申报主体"), max_length=200, help_text=_("例如：在湘注册的中小微企业。")
    )
    competent_department = models.CharField(_("主管部门"), max_length=200, blank=True)
    opens_at = models.DateTimeField(_("申报开始时间"), default=timezone.now)
    deadline = models.DateTimeField(_("申报截止时间"), db_index=True)
    eligibility = RichTextField(_("申报条件"), features=RICH_TEXT_FEATURES, blank=True)
    materials = RichTextField(_("申报材料"), features=RICH_TEXT_FEATURES, blank=True)
    contact = models.CharField(_("咨询电话"), max_length=200, blank=True)

    content_panels = [
        *NoticePageBase.leading_panels,
        MultiFieldPanel(
            [
                FieldPanel("declaring_body"),
                FieldPanel("competent_department"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("deadline")]),
                FieldPanel("contact"),
            ],
            heading=_("申报信息"),
        ),
        FieldPanel("eligibility"),
        FieldPanel("materials"),
        *NoticePageBase.trailing_panels,
    ]
    search_fields = [
        *NoticePageBase.search_fields,
        index.SearchField("declaring_body"),
        index.SearchField("competent_department"),
        index.SearchField("eligibility"),
        index.SearchField("materials"),
        index.FilterField("opens_at"),
        index.FilterField("deadline"),
    ]
    api_fields = [
        *NoticePageBase.api_fields,
        APIField("declaring_body"),
        APIField("competent_department"),
        APIField("opens_at"),
        APIField("deadline"),
        APIField("eligibility"),
        APIField("materials"),
        APIField("contact"),
        APIField("status"),
        APIField("status_label", serializer=serializers.CharField()),
    ]
    api_filter_parameters = frozenset({*NoticePageBase.api_filter_parameters, "status"})
    template = "notices/project_declaration_page.html"

    class Meta:
        verbose_name = _("项目申报")
        verbose_name_plural = _("项目申报")

    def clean(self):
        super().clean()
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            raise ValidationError({"deadline": _("申报截止时间必须晚于开始时间。")})

    @property
    def status(self):
        return declaration_status(self.opens_at, self.deadline)

    @property
    def status_label(self):
        return self.status.label

    @property
    def is_closed(self):
        return self.status == DeclarationStatus.CLOSED


class DeclarationAttachment(NoticeAttachmentBase):
    page = ParentalKey(ProjectDeclarationPage, related_name="attachments", on_delete=models.CASCADE)
