"""Reports (举报) from the public about content that went live without review.

Demands and enterprise products are published at once (R2.2, R2.6), so any visitor may report
one and operators follow up in the admin. A report points at its object generically (content
type + id) so every reportable model shares this one table and one report form.

A model becomes reportable by inheriting `ReportableMixin` and saying which of its rows the
public can see (`reportable_objects`); the report form then 404s for anything else.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy

from marketplace.members.models.platforms import PROVINCIAL_STAFF_GROUP
from marketplace.members.permissions import ModerationOnlyPermissionPolicy


class ReportableMixin:
    """For models the public may report. Override `reportable_objects` to the public rows."""

    reportable = True

    @classmethod
    def reportable_objects(cls):
        return cls._default_manager.all()

    def get_report_url(self):
        return report_url(self)


def report_url(obj):
    """The report form for `obj`: `/report/<app_label.model_name>/<pk>/`."""
    return reverse("catalogue:report_content", args=[obj._meta.label_lower, obj.pk])


class ContentReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ContentReport.Status.OPEN)

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


class ContentReport(models.Model):
    class Reason(models.TextChoices):
        FALSE_INFORMATION = "false", _("虚假信息")
        FRAUD = "fraud", _("涉嫌诈骗")
        ILLEGAL = "illegal", _("违法违规")
        ADVERTISING = "spam", _("广告或垃圾信息")
        INFRINGEMENT = "infringement", _("侵权")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        RESOLVED = "resolved", _("已处理")
        DISMISSED = "dismissed", _("不予处理")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("内容类型")
    )
    # A string, like Wagtail's own generic references, so any primary key type fits.
    object_id = models.CharField(_("内容编号"), max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    # What the reported object was called when reported: it may be deleted later.
    object_title = models.CharField(_("被举报内容"), max_length=255, blank=True)
    reason = models.CharField(_("举报原因"), max_length=16, choices=Reason.choices)
    detail = models.TextField(_("补充说明"), max_length=1000, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("举报人"),
    )
    status = models.CharField(
        _("处理状态"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    operator_note = models.TextField(_("处理说明"), max_length=1000, blank=True)
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("举报时间"), auto_now_add=True, db_index=True)

    objects = ContentReportQuerySet.as_manager()

    # What the staff groups may do here (marketplace.members.workflows.ensure_review_setup).
    staff_permissions = {PROVINCIAL_STAFF_GROUP: ["view", "change"]}

    class Meta:
        db_table = "marketplace_contentreport"
        verbose_name = _("举报")
        verbose_name_plural = _("举报")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_reason_display()}：{self.object_title}"

    @property
    def content_type_label(self):
        model = self.content_type.model_class() if self.content_type_id else None
        return model._meta.verbose_name if model is not None else ""

    def get_object_url(self):
        obj = self.content_object
        return getattr(obj, "get_absolute_url", str)() if obj is not None else ""


# Registered with the model (see qualifications.py for why not in wagtail_hooks).
register_permission_policy(ContentReport, ModerationOnlyPermissionPolicy(ContentReport))
