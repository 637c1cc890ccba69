"""Admin viewsets for window platforms, institutions and enterprises (provincial staff, reviewers).

`marketplace.members.admin` puts these into the "服务机构与审核" group. Which rows a user sees
— in listings, exports and on every URL that names an object (404 otherwise) — is
`marketplace.members.scoping`'s rule, applied by `PlatformScopedViewSetMixin`;
`get_queryset(request)` here only adds what the listings show. Which actions a user may take is
the permission policy's business.
"""

import django_filters
from django import forms
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from marketplace.members.admin.scoping import PlatformScopedViewSetMixin, visible_platforms
from marketplace.members.models import Enterprise, Institution, WindowPlatform


class ScopedModelViewSet(PlatformScopedViewSetMixin, ModelViewSet):
    """A ModelViewSet of platform data: listing, export and object URLs see only visible rows."""

    copy_view_enabled = False
    inspect_view_enabled = True


# Window platforms -------------------------------------------------------------------------------


class WindowPlatformForm(WagtailAdminModelForm):
    """The platform's fields plus its place in the tree (上级平台), which treebeard manages."""

    parent = forms.ModelChoiceField(
        label=_("上级平台"),
        queryset=WindowPlatform.objects.order_by("path"),
        required=False,
        help_text=_("留空表示省级根平台。"),
    )

    class Meta:
        model = WindowPlatform
        fields = ["name", "kind", "region_code", "region_name", "is_active", "reviewers"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = WindowPlatform.objects.order_by("path")
        if self.instance.pk:
            # A platform cannot move below itself.
            parents = parents.exclude(path__startswith=self.instance.path)
            self.initial.setdefault("parent", self.instance.get_parent())
        self.fields["parent"].queryset = parents

    @transaction.atomic
    def save(self, commit=True):
        platform = self.instance
        parent = self.cleaned_data.get("parent")
        if platform.pk is None:
            platform = (
                parent.add_child(instance=platform)
                if parent
                else WindowPlatform.add_root(instance=platform)
            )
        else:
            platform.save()
            current_parent = platform.get_parent()
            if parent != current_parent:
                if parent is None:
                    root = WindowPlatform.get_first_root_node()
                    platform.move(root, pos="sorted-sibling")
                else:
                    platform.move(parent, pos="sorted-child")
                platform.refresh_from_db()
        self.instance = platform
        self._save_m2m()
        return platform


def with_parent_name(queryset):
    """Annotate each platform with its parent's name, in the listing's one query."""
    parent = WindowPlatform.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - WindowPlatform.steplen)
    ).values("name")[:1]
    return queryset.annotate(parent_name=Subquery(parent))


class WindowPlatformViewSet(ScopedModelViewSet):
    model = WindowPlatform
    icon = "site"
    menu_label = _("窗口平台")
    url_prefix = "marketplace/platforms"
    list_display = [
        "name",
        Column("kind", label=_("平台类型"), accessor="get_kind_display"),
        Column("parent_name", label=_("上级平台")),
        "region_code",
        "region_name",
        "is_active",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "region_name", "region_code"]
    ordering = "path"
    list_export = ["name", "kind", "parent_name", "region_code", "region_name", "is_active"]
    export_headings = {
        "name": _("平台名称"),
        "kind": _("平台类型"),
        "parent_name": _("上级平台"),
        "region_code": _("行政区划代码"),
        "region_name": _("所在地区"),
        "is_active": _("启用"),
    }
    export_filename = "window-platforms"

    def get_form_class(self, for_update=False):
        return WindowPlatformForm

    def get_queryset(self, request):
        return with_parent_name(WindowPlatform.objects.all())


# Institutions -----------------------------------------------------------------------------------


class InstitutionFilterSet(WagtailFilterSet):
    # Only the platforms whose institutions the user sees.
    platform = django_filters.ModelChoiceFilter(label=_("所属平台"), queryset=visible_platforms)

    class Meta:
        model = Institution
        fields = ["platform", "kind", "is_approved", "region_code"]


class InstitutionViewSet(ScopedModelViewSet):
    model = Institution
    icon = "group"
    menu_label = _("服务机构")
    url_prefix = "marketplace/institutions"
    # `is_approved` / `approved_at` belong to the review workflow, not to a form.
    form_fields = [
        "name",
        "kind",
        "platform",
        "region_code",
        "region_name",
        "contact_phone",
        "introduction",
        "service_scope",
        "logo",
    ]
    list_display = [
        "name",
        Column("kind", label=_("机构类型"), accessor="get_kind_display"),
        "platform",
        "region_name",
        Column("is_approved", label=_("已审核通过"), accessor="is_approved"),
        DateColumn("created_at", label=_("注册时间"), sort_key="created_at"),
    ]
    filterset_class = InstitutionFilterSet
    search_fields = ["name", "user__username", "region_name", "service_scope"]
    # The model is in the site-search index, but the admin searches (and scopes) with the ORM:
    # these lookups span relations the index does not hold.
    search_backend_name = None
    ordering = "-created_at"
    list_export = [
        "name",
        "kind",
        "platform_name",
        "region_code",
        "region_name",
        "contact_phone",
        "is_approved",
        "approved_at",
        "username",
        "created_at",
    ]
    export_headings = {
        "name": _("机构名称"),
        "kind": _("机构类型"),
        "platform_name": _("所属平台"),
        "region_code": _("行政区划代码"),
        "region_name": _("所在地区"),
        "contact_phone": _("联系电话"),
        "is_approved": _("已审核通过"),
        "approved_at": _("审核通过时间"),
        "username": _("用户名"),
        "created_at": _("注册时间"),
    }
    export_filename = "institutions"

    def get_queryset(self, request):
        return Institution.objects.select_related("platform", "user").annotate_export_columns()


# Enterprises ------------------------------------------------------------------------------------


class EnterpriseViewSet(ScopedModelViewSet):
    model = Enterprise
    icon = "home"
    menu_label = _("企业")
    url_prefix = "marketplace/enterprises"
    form_fields = [
        "name",
        "credit_code",
        "region_code",
        "region_name",
        "industry",
        "scale",
        "address",
        "contact_name",
        "contact_phone",
        "contact_email",
        "introduction",
        "logo",
    ]
    list_display = [
        "name",
        "credit_code",
        "region_name",
        Column("industry", label=_("所属行业"), accessor="get_industry_display"),
        Column("scale", label=_("企业规模"), accessor="get_scale_display"),
        DateColumn("created_at", label=_("注册时间"), sort_key="created_at"),
    ]
    list_filter = ["industry", "scale", "region_code"]
    search_fields = ["name", "credit_code", "user__username", "contact_name"]
    ordering = "-created_at"
    list_export = [
        "name",
        "credit_code",
        "region_code",
        "region_name",
        "industry",
        "scale",
        "address",
        "contact_name",
        "contact_phone",
        "contact_email",
        "created_at",
    ]
    export_headings = {
        "name": _("企业名称"),
        "credit_code": _("统一社会信用代码"),
        "region_code": _("行政区划代码"),
        "region_name": _("所在地区"),
        "industry": _("所属行业"),
        "scale": _("企业规模"),
        "address": _("详细地址"),
        "contact_name": _("联系人"),
        "contact_phone": _("联系电话"),
        "contact_email": _("联系邮箱"),
        "created_at": _("注册时间"),
    }
    export_filename = "enterprises"

    def get_queryset(self, request):
        # Enterprises belong to no window platform: provincial staff only (PLATFORM_SCOPES).
        return Enterprise.objects.select_related("user")
