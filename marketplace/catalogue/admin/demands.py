"""Admin for demands (需求) and reports (举报): operators take content down and follow up reports.

Demands go live without review (R2.6), so the operator's tool is the take-down: the edit form
of this viewset changes only the status and the reason, which the owner sees in their centre.
"""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet

from marketplace.catalogue.models import ContentReport, Demand
from marketplace.members.workflows import MARKETPLACE_CONTENT
from portal.cache import bump_content_version


class DemandModerationForm(WagtailAdminModelForm):
    class Meta:
        model = Demand
        fields = ["status", "takedown_reason"]
        widgets = {"takedown_reason": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("status") == Demand.Status.TAKEN_DOWN
            and not (cleaned_data.get("takedown_reason") or "").strip()
        ):
            self.add_error("takedown_reason", _("下架时必须填写原因，发布企业将看到该原因。"))
        return cleaned_data


class DemandModerationView(EditView):
    def save_instance(self):
        was_taken_down = self.form.initial.get("status") == Demand.Status.TAKEN_DOWN
        demand = self.form.instance
        if demand.status == Demand.Status.TAKEN_DOWN and not was_taken_down:
            demand.taken_down_at = timezone.now()
        elif demand.status != Demand.Status.TAKEN_DOWN:
            demand.taken_down_at = None
        demand = super().save_instance()
        bump_content_version(MARKETPLACE_CONTENT)
        if demand.status == Demand.Status.TAKEN_DOWN and not was_taken_down:
            from marketplace.members.notifications import notify

            notify(
                demand.enterprise.user,
                _("需求已被下架"),
                _("您发布的需求“%(title)s”已被平台下架。原因：%(reason)s")
                % {"title": demand.title, "reason": demand.takedown_reason},
                url=reverse("catalogue:center_demands"),
            )
        return demand


class DemandViewSet(ModelViewSet):
    model = Demand
    name = "marketplace_demands"
    icon = "help"
    menu_label = _("需求管理")
    menu_order = 400
    url_prefix = "marketplace/demands"
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_view_class = DemandModerationView
    list_display = [
        "title",
        "enterprise",
        "category",
        Column("status", label=_("状态"), accessor="display_status"),
        "deadline",
        DateColumn("created_at", label=_("发布时间"), sort_key="created_at"),
    ]
    list_filter = ["status", "category", "deadline"]
    search_fields = ["title", "description", "enterprise__name"]
    # The model is in the site-search index, but the admin searches (and scopes) with the ORM:
    # these lookups span relations the index does not hold.
    search_backend_name = None
    ordering = "-created_at"
    list_export = [
        "title",
        "enterprise_name",
        "category_name",
        "status_label",
        "budget",
        "region_name",
        "deadline",
        "contact_name",
        "contact_phone",
        "created_at",
        "takedown_reason",
    ]
    export_headings = {
        "enterprise_name": _("发布企业"),
        "category_name": _("需求类目"),
        "status_label": _("状态"),
    }
    export_filename = "demands"

    def get_form_class(self, for_update=False):
        return DemandModerationForm

    def get_queryset(self, request):
        return Demand.objects.select_related("enterprise", "category")


class ContentReportForm(WagtailAdminModelForm):
    class Meta:
        model = ContentReport
        fields = ["status", "operator_note"]


class ContentReportEditView(EditView):
    def save_instance(self):
        report = self.form.instance
        if report.status != ContentReport.Status.OPEN and report.handled_at is None:
            report.handled_at = timezone.now()
        return super().save_instance()


class ContentReportViewSet(ModelViewSet):
    model = ContentReport
    name = "marketplace_reports"
    icon = "warning"
    menu_label = _("举报处理")
    menu_order = 500
    url_prefix = "marketplace/reports"
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_view_class = ContentReportEditView
    list_display = [
        "object_title",
        Column("content_type", label=_("内容类型"), accessor="content_type_label"),
        Column("reason", label=_("举报原因"), accessor="get_reason_display"),
        Column("status", label=_("处理状态"), accessor="get_status_display"),
        DateColumn("created_at", label=_("举报时间"), sort_key="created_at"),
    ]
    list_filter = ["status", "reason", "content_type"]
    search_fields = ["object_title", "detail"]
    ordering = "-created_at"
    list_export = ["object_title", "content_type_label", "reason", "detail", "status"]
    export_headings = {"content_type_label": _("内容类型")}
    export_filename = "content-reports"
    inspect_view_fields = [
        "object_title",
        "content_type",
        "object_id",
        "reason",
        "detail",
        "reporter",
        "status",
        "operator_note",
        "created_at",
        "handled_at",
    ]

    def get_form_class(self, for_update=False):
        return ContentReportForm

    def get_queryset(self, request):
        return ContentReport.objects.select_related("content_type")
