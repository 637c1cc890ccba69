"""API v2 endpoints of members: the window-platform tree and approved institutions (R4.3).

Each endpoint lists its public fields here (not on the model), so nothing private is exposed by
adding a model field later. Wagtail's `BaseAPIViewSet` lists `model.objects.all()`; both
querysets below are narrowed to what the public may see.
"""

from django.db.models import F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField

from marketplace.members.api_fields import RatingField
from marketplace.members.media import LOGO_RENDITIONS
from marketplace.members.models import Enterprise, Industry, Institution, WindowPlatform
from marketplace.members.views.directories import (
    INSTITUTION_DETAIL_QUERYSET_HOOK,
    _region_prefix,
    listed_enterprises,
    logo_prefetch,
)
from portal.api_annotations import annotate_from_hooks
from portal.api_endpoints import PublicModelAPIViewSet
from portal.api_fields import PregeneratedRenditionField
from portal.member_api import MemberTokenAuthentication

REGION_CODE_LENGTH = 6


class WindowPlatformsAPIViewSet(PublicModelAPIViewSet):
    """/api/v2/platforms/: active window platforms as a flat tree (parent id and depth).

    Platforms are not in the search index: `?search=` matches their names (`icontains`).
    """

    model = WindowPlatform
    search_by_name = True
    api_orderings = {"name": ("name",), "region_code": ("region_code",)}
    public_fields = [
        "name",
        "kind",
        APIField("kind_label", serializer=serializers.CharField(source="get_kind_display")),
        "region_code",
        "region_name",
        "depth",
        APIField("parent_id", serializer=serializers.IntegerField(source="parent_pk")),
    ]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "kind"]
    listing_default_fields += ["region_code", "parent_id", "depth"]

    def get_queryset(self):
        steplen = WindowPlatform.steplen
        # The parent's id by its materialised path, in the same query as the rows.
        parent = WindowPlatform.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - steplen)
        ).values("pk")[:1]
        return (
            WindowPlatform.objects.filter(is_active=True)
            .annotate(parent_pk=Subquery(parent))
            .order_by("path")
        )


class InstitutionsAPIViewSet(PublicModelAPIViewSet):
    """/api/v2/institutions/: approved institutions' public profiles, never their qualification.

    `?search=` is the site search of 服务机构; `?order=`: approval date or name.
    """

    model = Institution
    search_kind = "institution"
    api_orderings = {"approved_at": ("approved_at",), "name": ("name",)}
    public_fields = [
        "name",
        "kind",
        APIField("kind_label", serializer=serializers.CharField(source="get_kind_display")),
        "platform",
        APIField("platform_name", serializer=serializers.CharField(source="platform.name")),
        "region_code",
        "region_name",
        "introduction",
        "service_scope",
        "contact_phone",
        "approved_at",
        APIField("logo", serializer=ImageRenditionField("fill-200x200")),
        APIField("rating", serializer=RatingField()),
    ]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "name",
        "kind",
        "platform_name",
        "region_code",
        "region_name",
    ]

    def get_queryset(self):
        logos = get_image_model().objects.prefetch_renditions(*LOGO_RENDITIONS)
        return (
            Institution.objects.approved()
            .select_related("platform")
            .prefetch_related(Prefetch("logo", queryset=logos))
            .order_by(F("approved_at").desc(nulls_last=True), "-pk")
        )

    def filter_queryset(self, queryset):
        # The apps above annotate what the institution's page shows (trade: its rating), before
        # any filter so the detail view and every listing get them.
        queryset = annotate_from_hooks(queryset, INSTITUTION_DETAIL_QUERYSET_HOOK)
        return super().filter_queryset(queryset)


class EnterpriseDirectoryFilter(BaseFilterBackend):
    """The filters of the 企业信息 directory: `?region=<code>` (the regions below it too) and
    `?industry=<code>`; a bad value is a 400."""

    def filter_queryset(self, request, queryset, view):
        if region := request.GET.get("region", "").strip():
            if not (region.isdigit() and len(region) == REGION_CODE_LENGTH):
                raise BadRequestError(_("参数 region 必须是 6 位数字的行政区划代码。"))
            queryset = queryset.filter(region_code__startswith=_region_prefix(region))
        if industry := request.GET.get("industry"):
            if industry not in Industry.values:
                raise BadRequestError(
                    _("参数 industry 必须是以下之一：%(values)s。")
                    % {"values": "、".join(Industry.values)}
                )
            queryset = queryset.filter(industry=industry)
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "region",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "pattern": r"^\d{6}$"},
                "description": str(_("行政区划代码（6 位），含其下级地区")),
            },
            {
                "name": "industry",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": list(Industry.values)},
                "description": str(_("所属行业代码（GB/T 4754 门类）")),
            },
        ]


class EnterprisesAPIViewSet(PublicModelAPIViewSet):
    """/api/v2/enterprises/: the 企业信息 directory (R1.8) for signed-in members, as /enterprises/
    shows it: the list's fields in listings, the detail page's contacts on the detail only;
    never the credit code, the e-mail address or the account."""

    model = Enterprise
    # An app's member token (portal.member_api), or the browser session /enterprises/ uses.
    authentication_classes = [MemberTokenAuthentication, SessionAuthentication]
    api_requires_member = True  # the schema says so (portal/api_schema.py)
    filter_backends = [EnterpriseDirectoryFilter]
    # The directory's own filters and paging only: no search or ordering is offered (the page
    # offers none), so `?search=`/`?order=` are refused rather than silently ignored.
    known_query_parameters = frozenset(
        {"limit", "offset", "fields", "format", "region", "industry"}
    )
    public_fields = [
        "name",
        "industry",
        APIField("industry_label", serializer=serializers.CharField(source="get_industry_display")),
        "scale",
        APIField("scale_label", serializer=serializers.CharField(source="get_scale_display")),
        "region_code",
        "region_name",
        "introduction",
        # The sizes the directory (96×96) and the detail page (200×200) show, made at upload.
        APIField("logo", serializer=PregeneratedRenditionField("fill-96x96", source=None)),
        APIField(
            "logo_large", serializer=PregeneratedRenditionField("fill-200x200", source="logo")
        ),
        "address",
        "contact_name",
        "contact_phone",
    ]
    detail_only_fields = ["logo_large", "address", "contact_name", "contact_phone"]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "name",
        "industry",
        "industry_label",
        "scale",
        "scale_label",
        "region_name",
        "introduction",
        "logo",
    ]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not request.user.is_authenticated:
            raise MembersOnly

    def handle_exception(self, exc):
        if isinstance(exc, MembersOnly):
            return Response({"message": _("企业信息仅对登录会员开放，请先登录。")}, status=403)
        return super().handle_exception(exc)

    def check_query_parameters(self, queryset):
        # Only the directory's filters: a field filter on another column is not offered.
        unknown = set(self.request.GET.keys()) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                _("不支持的参数：%(names)s。") % {"names": "、".join(sorted(unknown))}
            )

    def get_queryset(self):
        return listed_enterprises().prefetch_related(logo_prefetch()).order_by("-pk")


class MembersOnly(Exception):
    """An anonymous request for what only signed-in members may see."""


def register_endpoints(router):
    router.register_endpoint("platforms", WindowPlatformsAPIViewSet)
    router.register_endpoint("institutions", InstitutionsAPIViewSet)
    router.register_endpoint("enterprises", EnterprisesAPIViewSet)
