"""Admin for service products: a platform-scoped snippet listing reviewers work through.

Scoped like qualifications (listing, chooser, permission policy, every object URL); reviewers
judge the member's submission read-only and approve or reject it with the workflow's actions.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet

from marketplace.catalogue.models import ServiceCategory, ServiceProduct
from marketplace.members.admin.qualifications import ReviewedViewSetMixin, WaitingTimeColumn
from marketplace.members.admin.scoping import visible_platforms
from marketplace.members.models import Institution


class ServiceProductFilterSet(WagtailFilterSet):
    platform = django_filters.ModelChoiceFilter(
        label=_("所属平台"), field_name="institution__platform", queryset=visible_platforms
    )
    kind = django_filters.ChoiceFilter(
        label=_("机构类型"), field_name="institution__kind", choices=Institution.Kind.choices
    )
    category = django_filters.ModelChoiceFilter(
        label=_("服务类目"), queryset=ServiceCategory.objects.all(), method="filter_category"
    )
    review_status = django_filters.ChoiceFilter(
        label=_("审核状态"), choices=ServiceProduct.ReviewStatus.choices
    )
    price_mode = django_filters.ChoiceFilter(
        label=_("价格方式"), choices=ServiceProduct.PriceMode.choices
    )

    class Meta:
        model = ServiceProduct
        fields = []

    def filter_category(self, queryset, name, value):
        return queryset.filter(value.descendants_filter("category__")) if value else queryset


class ServiceProductInspectView(InspectView):
    """Shows the latest submitted version, which is what a reviewer has to judge."""

    def get_object(self, queryset=None):
        return super().get_object(queryset).get_latest_revision_as_object()


# Reviewers read what the member wrote; changing it is the member's job.
READ_ONLY_FIELDS = [
    "name",
    "category",
    "summary",
    "content",
    "service_mode",
    "regions_served",
    "price_mode",
    "price",
    "price_min",
    "price_max",
    "delivery_period",
    "contact_name",
    "contact_phone",
    "cover",
]


class ServiceProductViewSet(ReviewedViewSetMixin, SnippetViewSet):
    model = ServiceProduct
    icon = "tag"
    menu_label = _("服务产品审核")
    menu_order = 150
    url_prefix = "marketplace/service-products"
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ServiceProductInspectView
    list_select_related = ("institution", "institution__platform", "category")
    list_display = [
        "name",
        "institution",
        Column("platform", label=_("所属平台"), accessor="institution.platform"),
        "category",
        Column("review_status", label=_("审核状态"), accessor="get_review_status_display"),
        DateColumn("submitted_at", label=_("提交时间"), sort_key="submitted_at"),
        WaitingTimeColumn("waiting", label=_("等待时间")),
    ]
    filterset_class = ServiceProductFilterSet
    search_fields = ["name", "summary", "institution__name"]
    # The model is in the site-search index, but the admin searches (and scopes) with the ORM:
    # these lookups span relations the index does not hold.
    search_backend_name = None
    ordering = ["-submitted_at", "-pk"]
    list_export = [
        "name",
        "institution_name",
        "platform_name",
        "category_name",
        "review_status_label",
        "submitted_at",
        "price_mode",
        "price",
        "price_min",
        "price_max",
        "regions_served",
        "contact_name",
        "contact_phone",
    ]
    export_headings = {
        "institution_name": _("服务机构"),
        "platform_name": _("所属平台"),
        "category_name": _("服务类目"),
        "review_status_label": _("审核状态"),
    }
    export_filename = "service-products"
    panels = [FieldPanel(name, read_only=True) for name in READ_ONLY_FIELDS]
