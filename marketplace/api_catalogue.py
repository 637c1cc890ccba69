"""API v2 endpoints of the service catalogue (R4.3): categories, live service products, open
demands. Registered by `marketplace.api.register_endpoints`.

Public fields are listed here, never taken from the model, so contact details of demands and
anything under review can never leak through the API; the querysets are narrowed to what the
public may see (Wagtail's `BaseAPIViewSet` would list every row).
"""

from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Length, Substr
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from wagtail.api import APIField
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField

from marketplace.api import PublicModelAPIViewSet
from marketplace.models import Demand, ServiceCategory, ServiceProduct


class CategoryTreeFilter(BaseFilterBackend):
    """`?category=<slug>` includes the categories below it; an unknown slug lists nothing."""

    def filter_queryset(self, request, queryset, view):
        slug = request.GET.get("category")
        if not slug:
            return queryset
        category = ServiceCategory.objects.active().filter(slug=slug).first()
        if category is None:
            return queryset.none()
        return queryset.filter(category.descendants_filter("category__"))


class ServiceCategoriesAPIViewSet(PublicModelAPIViewSet):
    """/api/v2/categories/: the active service category tree, flat (parent id and depth)."""

    model = ServiceCategory
    public_fields = [
        "name",
        "slug",
        "icon",
        "description",
        "depth",
        APIField("parent_id", serializer=serializers.IntegerField(source="parent_pk")),
    ]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "slug"]
    listing_default_fields += ["depth", "parent_id"]

    def get_queryset(self):
        steplen = ServiceCategory.steplen
        parent = ServiceCategory.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - steplen)
        ).values("pk")[:1]
        return (
            ServiceCategory.objects.active().annotate(parent_pk=Subquery(parent)).order_by("path")
        )


class ServiceProductsAPIViewSet(PublicModelAPIViewSet):
    """/api/v2/service-products/: live products of approved institutions."""

    model = ServiceProduct
    filter_backends = [CategoryTreeFilter, *PublicModelAPIViewSet.filter_backends]
    known_query_parameters = PublicModelAPIViewSet.known_query_parameters | {"category"}
    public_fields = [
        "name",
        "summary",
        "content",
        "service_mode",
        "regions_served",
        "price_mode",
        "price",
        "price_min",
        "price_max",
        "delivery_period",
        "institution",
        APIField("institution_name", serializer=serializers.CharField(source="institution.name")),
        APIField("category_slug", serializer=serializers.CharField(source="category.slug")),
        APIField("category_name", serializer=serializers.CharField(source="category.name")),
        "first_published_at",
        APIField("cover", serializer=ImageRenditionField("fill-200x200")),
    ]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "name",
        "institution_name",
        "category_slug",
        "price_mode",
        "cover",
    ]

    def get_queryset(self):
        covers = get_image_model().objects.prefetch_renditions("fill-200x200")
        return (
            ServiceProduct.objects.public()
            .select_related("institution", "category")
            .prefetch_related(Prefetch("cover", queryset=covers))
            .order_by("-first_published_at", "-pk")
        )


class DemandsAPIViewSet(PublicModelAPIViewSet):
    """/api/v2/demands/: open, unexpired demands; never their contact details."""

    model = Demand
    filter_backends = [CategoryTreeFilter, *PublicModelAPIViewSet.filter_backends]
    known_query_parameters = PublicModelAPIViewSet.known_query_parameters | {"category"}
    public_fields = [
        "title",
        "description",
        "budget",
        "region_name",
        "deadline",
        "created_at",
        APIField("enterprise_name", serializer=serializers.CharField(source="enterprise.name")),
        APIField("category_slug", serializer=serializers.CharField(source="category.slug")),
        APIField("category_name", serializer=serializers.CharField(source="category.name")),
    ]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "title",
        "enterprise_name",
        "category_slug",
        "budget",
        "deadline",
    ]

    def get_queryset(self):
        return (
            Demand.objects.public()
            .select_related("enterprise", "category")
            .order_by("-created_at", "-pk")
        )


def register_catalogue_endpoints(router):
    router.register_endpoint("categories", ServiceCategoriesAPIViewSet)
    router.register_endpoint("service-products", ServiceProductsAPIViewSet)
    router.register_endpoint("demands", DemandsAPIViewSet)
