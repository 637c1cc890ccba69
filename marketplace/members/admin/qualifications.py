"""Admin for reviewers: qualifications as a scoped snippet listing, and the review queue (审核队列).

Row-level scoping follows `marketplace.members.scoping` everywhere, on purpose in two places: the
registered permission policy (Wagtail's per-instance checks) and `PlatformScopedViewSetMixin`
(listings, exports, the chooser and every URL that names an object), because not every Wagtail
view asks the policy.
"""

import django_filters
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import Panel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import TaskState
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet

from marketplace.members.admin.scoping import PlatformScopedViewSetMixin, visible_platforms
from marketplace.members.models import Institution, Qualification
from marketplace.members.permissions import qualification_policy
from marketplace.members.scoping import visible_rows
from marketplace.members.workflows import (
    PlatformReviewTask,
    is_review_overdue,
    reviewed_models,
    working_time_between,
)


def format_waiting_time(delta):
    hours = int(delta.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    if days:
        return _("%(days)d 天 %(hours)d 小时") % {"days": days, "hours": hours}
    return _("%(hours)d 小时") % {"hours": hours}


def qualification_detail_rows(qualification):
    """(label, value, file URL) for what a reviewer reads; the ID number is always masked."""
    rows = [
        (_("服务机构"), qualification.institution.name, ""),
        (_("机构类型"), qualification.institution.get_kind_display(), ""),
        (_("所属平台"), qualification.institution.platform.name, ""),
    ]
    for name in qualification.form_fields:
        field = Qualification._meta.get_field(name)
        value = getattr(qualification, name)
        url = ""
        if name == "id_number":
            value = qualification.masked_id_number
        elif name in ("licence", "certificates"):
            url = qualification.private_file_url(name) if value else ""
            value = _("下载查看") if value else ""
        rows.append((field.verbose_name, value, url))
    return rows


# Listing ----------------------------------------------------------------------------------------


class QualificationFilterSet(WagtailFilterSet):
    platform = django_filters.ModelChoiceFilter(
        label=_("所属平台"), field_name="institution__platform", queryset=visible_platforms
    )
    kind = django_filters.ChoiceFilter(
        label=_("机构类型"), field_name="institution__kind", choices=Institution.Kind.choices
    )
    review_status = django_filters.ChoiceFilter(
        label=_("审核状态"), choices=Qualification.ReviewStatus.choices
    )

    class Meta:
        model = Qualification
        fields = []


class WaitingTimeColumn(Column):
    """How long a submission has been waiting; overdue ones are flagged."""

    def get_value(self, instance):
        if (
            instance.review_status != Qualification.ReviewStatus.IN_REVIEW
            or not instance.submitted_at
        ):
            return ""
        now = timezone.now()
        waited = format_waiting_time(now - instance.submitted_at)
        if is_review_overdue(instance.submitted_at, now):
            return _("%(waited)s（已超时）") % {"waited": waited}
        return waited


class QualificationInspectView(InspectView):
    """Shows the latest submitted version, which is what a reviewer has to judge."""

    template_name = "marketplace/admin/qualification_inspect.html"

    def get_object(self, queryset=None):
        return super().get_object(queryset).get_latest_revision_as_object()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail_rows"] = qualification_detail_rows(self.object)
        context["live_differs"] = self.object.live and self.object.has_unpublished_changes
        return context


class QualificationSummaryPanel(Panel):
    """The edit view shows the member's submission read-only: reviewers judge, they do not edit."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "marketplace/admin/qualification_summary_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["detail_rows"] = qualification_detail_rows(self.instance)
            return context


class ReviewedViewSetMixin(PlatformScopedViewSetMixin):
    """Qualifications and service products: listed with their institution and platform."""

    list_select_related = ("institution", "institution__platform")

    def get_queryset(self, request):
        return self.model._default_manager.select_related(*self.list_select_related)


class QualificationViewSet(ReviewedViewSetMixin, SnippetViewSet):
    model = Qualification
    icon = "form"
    menu_label = _("资质审核")
    menu_order = 100
    url_prefix = "marketplace/qualifications"
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = QualificationInspectView
    list_display = [
        "institution",
        Column("kind", label=_("机构类型"), accessor="institution.get_kind_display"),
        Column("platform", label=_("所属平台"), accessor="institution.platform"),
        Column("review_status", label=_("审核状态"), accessor="get_review_status_display"),
        DateColumn("submitted_at", label=_("提交时间"), sort_key="submitted_at"),
        WaitingTimeColumn("waiting", label=_("等待时间")),
    ]
    filterset_class = QualificationFilterSet
    search_fields = ["institution__name", "legal_name", "credit_code", "expert_name"]
    ordering = ["-submitted_at", "-pk"]
    list_export = [
        "institution",
        "kind_label",
        "platform_name",
        "review_status_label",
        "submitted_at",
        "legal_name",
        "credit_code",
        "legal_representative",
        "expert_name",
        "professional_title",
        "contact_name",
        "contact_phone",
    ]
    export_headings = {
        "institution": _("服务机构"),
        "kind_label": _("机构类型"),
        "platform_name": _("所属平台"),
        "review_status_label": _("审核状态"),
        "submitted_at": _("提交时间"),
    }
    export_filename = "qualifications"
    panels = [QualificationSummaryPanel(heading=_("资质信息"))]


# Review queue (审核队列) --------------------------------------------------------------------


def review_queue_for(user, now=None):
    """What awaits `user`: in-progress platform reviews they may act on, oldest first.

    Qualifications and service products in one list; each item names its `object`, its `kind`
    (the model's verbose name) and, for templates, the viewset namespace of its admin URLs.
    """
    now = now or timezone.now()
    states = TaskState.objects.none()
    for task in PlatformReviewTask.objects.filter(active=True):
        states = states | task.get_task_states_user_can_moderate(user)
    states = list(
        states.select_related("workflow_state", "revision", "revision__user").order_by(
            "started_at", "pk"
        )
    )
    # One query per reviewed model, however long the queue.
    objects_by_type = {}
    for model in reviewed_models():
        ids = [
            int(state.workflow_state.object_id)
            for state in states
            if state.workflow_state.base_content_type_id == model.get_base_content_type().pk
        ]
        if ids:
            objects_by_type[model.get_base_content_type().pk] = visible_rows(
                user, model, model._default_manager.select_related("institution__platform")
            ).in_bulk(ids)
    queue = []
    for state in states:
        workflow_state = state.workflow_state
        obj = objects_by_type.get(workflow_state.base_content_type_id, {}).get(
            int(workflow_state.object_id)
        )
        if obj is None:
            continue
        task = state.task.specific
        item = {
            "task_state": state,
            "object": obj,
            "kind": obj._meta.verbose_name,
            "namespace": f"wagtailsnippets_{obj._meta.app_label}_{obj._meta.model_name}",
            "submitted_by": state.revision.user,
            "started_at": state.started_at,
            "waited": format_waiting_time(now - state.started_at),
            "waited_working": working_time_between(state.started_at, now),
            "overdue": is_review_overdue(state.started_at, now),
            "is_change": obj.live,
            "actions": task.get_actions(obj, user),
        }
        if isinstance(obj, Qualification):
            item["qualification"] = obj
        queue.append(item)
    return queue


class ReviewQueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "marketplace/admin/review_queue.html"
    page_title = _("审核队列")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not qualification_policy().user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queue = review_queue_for(self.request.user)
        for item in queue:
            namespace = item["namespace"]
            pk = quote(item["object"].pk)
            item["edit_url"] = reverse(f"{namespace}:edit", args=[pk])
            item["inspect_url"] = reverse(f"{namespace}:inspect", args=[pk])
            item["action_urls"] = [
                (
                    reverse(
                        f"{namespace}:workflow_action",
                        args=[pk, action_name, item["task_state"].pk],
                    ),
                    label,
                    modal,
                )
                for action_name, label, modal in item["actions"]
            ]
        context["queue"] = queue
        context["overdue_count"] = sum(item["overdue"] for item in queue)
        return context


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return qualification_policy().user_has_permission(request.user, "change")


class ReviewQueueViewSet(ViewSet):
    name = "review-queue"
    url_prefix = "marketplace/review-queue"
    icon = "tasks"
    menu_label = _("审核队列")
    menu_order = 10
    add_to_admin_menu = True

    @cached_property
    def menu_item_class(self):
        return ReviewerMenuItem

    def get_urlpatterns(self):
        return [path("", ReviewQueueView.as_view(), name="index")]
