"""Admin for orders (订单) and evaluations (服务评价): the operator's transaction record.

Orders are read-only here (list, filters, inspect with history, CSV/XLSX export with the
contract's number and amount): they change only through their transition methods, by the two
parties. Reviewers see the orders (and evaluations) of their platform subtree's institutions
only — in listings/exports and on every object URL (404 otherwise), by
`marketplace.members.scoping`.
Operators (provincial staff) may hide an abusive evaluation.

Permissions come from the row scope, not from Django groups: whoever reviews a platform may view
its orders; provincial staff may view all and moderate evaluations; nobody adds, edits or deletes
an order in the admin.
"""

import datetime

import django_filters
from django import forms
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry, register_permission_policy

from marketplace.members.admin.scoping import PlatformScopedViewSetMixin, visible_platforms
from marketplace.members.models import Institution
from marketplace.members.models.platforms import is_provincial_staff
from marketplace.members.permissions import PlatformScopedPermissionPolicy
from marketplace.members.scoping import visible_rows
from marketplace.trade.models import Evaluation, Order
from marketplace.trade.models.orders import TransitionNotAllowed


def _is_reviewer(user):
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (is_provincial_staff(user) or user.reviewed_platforms.exists())
    )


class ReadOnlyScopedPolicy(PlatformScopedPermissionPolicy):
    """View for reviewers (scoped) and provincial staff; `change` for staff where allowed."""

    change_for_staff = False

    def user_has_permission(self, user, action):
        if action == "view":
            return _is_reviewer(user)
        if action == "change" and self.change_for_staff:
            return is_provincial_staff(user)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()


class OrderPolicy(ReadOnlyScopedPolicy):
    pass


class EvaluationPolicy(ReadOnlyScopedPolicy):
    change_for_staff = True


register_permission_policy(Order, OrderPolicy(Order))
register_permission_policy(Evaluation, EvaluationPolicy(Evaluation))


def _reviewable_institutions(request):
    if request is None:
        return Institution.objects.none()
    return visible_rows(request.user, Institution).order_by("name")


def _month_choices():
    today = datetime.date.today()
    months = []
    year, month = today.year, today.month
    for _i in range(24):
        months.append((f"{year:04d}-{month:02d}", f"{year}年{month}月"))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months


class OrderFilterSet(WagtailFilterSet):
    platform = django_filters.ModelChoiceFilter(
        label=_("所属平台"), field_name="institution__platform", queryset=visible_platforms
    )
    institution = django_filters.ModelChoiceFilter(
        label=_("服务机构"), queryset=_reviewable_institutions
    )
    status = django_filters.ChoiceFilter(label=_("订单状态"), choices=Order.Status.choices)
    month = django_filters.ChoiceFilter(
        label=_("下单月份"), choices=_month_choices, method="filter_month"
    )

    class Meta:
        model = Order
        fields = []

    def filter_month(self, queryset, name, value):
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            return queryset
        return queryset.filter(created_at__year=year, created_at__month=month)


class OrderIndexView(IndexView):
    """The contract's number and amount come in the same query (one join, no query per row)."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(contract_number=F("contract__number"), contract_amount=F("contract__amount"))
        )


class ScopedViewSetMixin(PlatformScopedViewSetMixin):
    select_related = ()

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(self.model)

    def get_queryset(self, request):
        return self.model._default_manager.select_related(*self.select_related)


class OrderViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Order
    index_view_class = OrderIndexView
    select_related = ("enterprise", "institution", "institution__platform")
    name = "marketplace_orders"
    icon = "list-ul"
    menu_label = _("订单管理")
    menu_order = 450
    url_prefix = "marketplace/orders"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = OrderFilterSet
    # Required by ModelViewSet; unreachable, the policy grants nobody `add` or `change`.
    form_fields = ["note"]
    list_display = [
        "number",
        "product_name",
        Column("enterprise", label=_("购买企业"), accessor="enterprise_name"),
        Column("institution", label=_("服务机构"), accessor="institution_name"),
        Column("status", label=_("订单状态"), accessor="status_label"),
        "price_text",
        DateColumn("created_at", label=_("下单时间"), sort_key="created_at"),
    ]
    search_fields = ["number"]
    ordering = "-created_at"
    list_export = [
        "number",
        "product_name",
        "price_text",
        "quantity_or_scope",
        "expected_time",
        "enterprise_name",
        "institution_name",
        "platform_name",
        "status_label",
        "contract_number",
        "contract_amount",
        "cancel_reason",
        "created_at",
        "completed_at",
    ]
    export_headings = {
        # The order keeps only the quoted price, as text (price_text); the agreed amount is
        # the contract's.
        "contract_number": _("合同编号"),
        "contract_amount": _("合同金额（元）"),
        "enterprise_name": _("购买企业"),
        "institution_name": _("服务机构"),
        "platform_name": _("所属平台"),
        "status_label": _("订单状态"),
    }
    export_filename = "orders"
    inspect_view_fields = [
        "number",
        "product_name",
        "price_text",
        "quantity_or_scope",
        "expected_time",
        "note",
        "enterprise",
        "institution",
        "service_product",
        "status",
        "cancel_reason",
        "cancelled_by",
        "created_at",
        "updated_at",
        "completed_at",
        "cancelled_at",
    ]


class EvaluationModerationForm(WagtailAdminModelForm):
    class Meta:
        model = Evaluation
        fields = ["is_hidden", "hidden_reason"]
        widgets = {"hidden_reason": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("is_hidden") and not (cleaned_data.get("hidden_reason") or "").strip():
            self.add_error("hidden_reason", _("隐藏评价必须填写原因。"))
        return cleaned_data


class EvaluationModerationView(EditView):
    """Hide (with a reason) or show again, through `Evaluation.set_hidden` (logged)."""

    def save_instance(self):
        evaluation = Evaluation.objects.get(pk=self.form.instance.pk)
        data = self.form.cleaned_data
        try:
            return evaluation.set_hidden(
                self.request.user, data["is_hidden"], data["hidden_reason"]
            )
        except TransitionNotAllowed as error:  # pragma: no cover — the form checks first
            raise Http404 from error

    def log_action(self, instance):
        # `set_hidden` already wrote the log entry.
        return None


class EvaluationViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Evaluation
    select_related = ("order", "order__enterprise", "order__institution")
    name = "marketplace_evaluations"
    icon = "pick"
    menu_label = _("服务评价")
    menu_order = 460
    url_prefix = "marketplace/evaluations"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_view_class = EvaluationModerationView
    list_display = [
        Column("order", label=_("订单号"), accessor="order_number"),
        Column("institution", label=_("服务机构"), accessor="institution_name"),
        Column("enterprise", label=_("评价企业"), accessor="enterprise_name"),
        "score",
        "is_hidden",
        DateColumn("created_at", label=_("评价时间"), sort_key="created_at"),
    ]
    list_filter = ["is_hidden", "score"]
    search_fields = ["order__number", "comment"]
    ordering = "-created_at"
    list_export = [
        "order_number",
        "product_name",
        "enterprise_name",
        "institution_name",
        "score",
        "quality_score",
        "speed_score",
        "expertise_score",
        "comment",
        "reply",
        "is_hidden",
        "hidden_reason",
        "created_at",
    ]
    export_headings = {
        "order_number": _("订单号"),
        "product_name": _("服务产品"),
        "enterprise_name": _("评价企业"),
        "institution_name": _("服务机构"),
    }
    export_filename = "evaluations"

    def get_form_class(self, for_update=False):
        return EvaluationModerationForm


__all__ = ["EvaluationViewSet", "OrderViewSet"]
