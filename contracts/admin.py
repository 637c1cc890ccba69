"""The admin's "合同管理" group: standard contract templates and the contracts themselves.

Templates are snippets with revisions (every save is a version; the contract records the
revision it was sent with). Contracts are read-only here — list, filters (status, month,
platform), inspect with the attachments, CSV/XLSX export with amounts — and scoped by
`marketplace.members.scoping`: reviewers see the contracts of their platform subtree's institutions
only, in listings, exports and on every object URL (404 otherwise); provincial staff and
superusers see all.
"""

import datetime

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from contracts.models import Contract, ContractTemplate
from marketplace.members.admin.scoping import PlatformScopedViewSetMixin, visible_platforms


def _policy():
    return policy_registry.get_by_type(Contract)


def _month_choices():
    today = datetime.date.today()
    year, month = today.year, today.month
    choices = []
    for _i in range(24):
        choices.append((f"{year:04d}-{month:02d}", f"{year}年{month}月"))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return choices


class ContractFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("合同状态"), choices=Contract.Status.choices)
    month = django_filters.ChoiceFilter(
        label=_("制作月份"), choices=_month_choices, method="filter_month"
    )
    platform = django_filters.ModelChoiceFilter(
        label=_("所属平台"),
        queryset=visible_platforms,
        method="filter_platform",
    )

    class Meta:
        model = Contract
        fields = []

    def filter_month(self, queryset, name, value):
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            return queryset
        return queryset.filter(created_at__year=year, created_at__month=month)

    def filter_platform(self, queryset, name, value):
        """The platform's whole subtree, as reviewers think of it."""
        return queryset.filter(order__institution__platform__path__startswith=value.path)


class ContractIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_parties()


class ContractInspectView(InspectView):
    template_name = "contracts/admin/contract_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = self.object.documents.select_related("uploaded_by")
        return context


class ContractViewSet(PlatformScopedViewSetMixin, ModelViewSet):
    model = Contract
    name = "contracts_admin"
    icon = "doc-full"
    menu_label = _("合同")
    url_prefix = "contracts/contracts"
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ContractIndexView
    inspect_view_class = ContractInspectView
    filterset_class = ContractFilterSet
    # Required by ModelViewSet; unreachable, the policy grants nobody `add` or `change`.
    form_fields = ["place"]
    list_display = [
        "number",
        "product_name",
        Column("party_a_name", label=_("甲方（企业）")),
        Column("party_b_name", label=_("乙方（服务机构）")),
        Column("amount", label=_("金额（元）")),
        Column("status", label=_("状态"), accessor="status_label"),
        DateColumn("created_at", label=_("制作时间"), sort_key="created_at"),
    ]
    search_fields = ["number", "party_a_name", "party_b_name", "product_name"]
    ordering = "-created_at"
    list_export = [
        "number",
        "order_number",
        "product_name",
        "party_a_name",
        "party_a_credit_code",
        "party_b_name",
        "party_b_credit_code",
        "platform_name",
        "amount",
        "amount_in_capitals",
        "service_start",
        "service_end",
        "status_label",
        "created_at",
        "confirmed_at",
        "submitted_at",
        "pdf_sha256",
    ]
    export_headings = {
        "order_number": _("订单号"),
        "platform_name": _("所属平台"),
        "amount_in_capitals": _("金额大写"),
        "status_label": _("状态"),
    }
    export_filename = "contracts"
    inspect_view_fields = [
        "number",
        "order",
        "status",
        "product_name",
        "party_a_name",
        "party_a_credit_code",
        "party_a_address",
        "party_a_contact",
        "party_a_phone",
        "party_b_name",
        "party_b_credit_code",
        "party_b_address",
        "party_b_contact",
        "party_b_phone",
        "service_content",
        "amount",
        "amount_in_capitals",
        "service_start",
        "service_end",
        "place",
        "payment_terms",
        "acceptance_criteria",
        "breach_clauses",
        "dispute_resolution",
        "return_comment",
        "pdf_sha256",
        "template_revision",
        "created_at",
        "sent_at",
        "confirmed_at",
        "submitted_at",
    ]

    @property
    def permission_policy(self):
        return _policy()


class ContractTemplateViewSet(SnippetViewSet):
    model = ContractTemplate
    icon = "doc-full-inverse"
    menu_label = _("标准合同模板")
    url_prefix = "contracts/templates"
    copy_view_enabled = False
    list_display = ["title", "is_active", DateColumn("updated_at", label=_("更新时间"))]
    list_filter = ["is_active"]
    search_fields = ["title"]


class ContractsGroup(SnippetViewSetGroup):
    menu_label = _("合同管理")
    menu_icon = "doc-full"
    menu_order = 250
    items = (ContractViewSet, ContractTemplateViewSet)
