"""Admin viewsets for window platforms, institutions and enterprises (provincial staff, reviewers).

The review engineer's `marketplace.admin` puts these into the "服务机构与审核" group. Rows are
scoped twice: `get_queryset(request)` narrows listings and exports, and every URL that names an
object answers 404 outside that queryset (Wagtail's generic object views do not consult the
listing's queryset). Which actions a user may take is the permission policy's business.
"""

import functools

from django import forms
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from marketplace.models import Enterprise, Institution, WindowPlatform
from marketplace.models.platforms import is_provincial_staff


class RequestScopedIndexView(IndexView):
    """An index view whose base queryset comes from the viewset's `get_queryset(request)`."""

    queryset_for_request = None

    def get_base_queryset(self):
        if self.queryset_for_request is not None:
            self.queryset = self.queryset_for_request(self.request)
        return super().get_base_queryset()


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose listing, export and object URLs all see `get_queryset(request)`."""

    index_view_class = RequestScopedIndexView
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request):
        raise NotImplementedError

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset_for_request=self.get_queryset, **kwargs)

    def scoped_object_view(self, view_func):
        @functools.wraps(view_func)
        def wrapper(request, *args, pk, **kwargs):
            if not self.get_queryset(request).filter(pk=unquote(str(pk))).exists():
                raise Http404
            return view_func(request, *args, pk=pk, **kwargs)

        return wrapper

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "<" in str(pattern.pattern) and "pk" in str(pattern.pattern):
                pattern.callback = self.scoped_object_view(pattern.callback)
        return patterns


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
        return with_parent_name(WindowPlatform.platforms_reviewed_by(request.user))


# Institutions -----------------------------------------------------------------------------------


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
    list_filter = ["platform", "kind", "is_approved", "region_code"]
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
        platforms = WindowPlatform.platforms_reviewed_by(request.user)
        return (
            Institution.objects.filter(platform__in=platforms.values("pk"))
            .select_related("platform", "user")
            .annotate_export_columns()
        )


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
        # Enterprises belong to no window platform: provincial staff only.
        if not is_provincial_staff(request.user):
            return Enterprise.objects.none()
        return Enterprise.objects.select_related("user")
