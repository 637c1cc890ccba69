"""API v2 endpoints of members: the window-platform tree and approved institutions (R4.3).

Each endpoint lists its public fields here (not on the model), so nothing private is exposed by
adding a model field later. Wagtail's `BaseAPIViewSet` lists `model.objects.all()`; both
querysets below are narrowed to what the public may see.
"""

from django.db.models import F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Length, Substr
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField

from marketplace.members.media import LOGO_RENDITIONS
from marketplace.members.models import Institution, WindowPlatform
from portal.api_endpoints import PublicModelAPIViewSet


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
        "platform",
        APIField("platform_name", serializer=serializers.CharField(source="platform.name")),
        "region_code",
        "region_name",
        "introduction",
        "service_scope",
        "contact_phone",
        "approved_at",
        APIField("logo", serializer=ImageRenditionField("fill-200x200")),
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


def register_endpoints(router):
    router.register_endpoint("platforms", WindowPlatformsAPIViewSet)
    router.register_endpoint("institutions", InstitutionsAPIViewSet)
