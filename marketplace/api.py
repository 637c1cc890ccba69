"""API v2 endpoints of the marketplace: the platform tree and approved institutions (R4.3).

Each endpoint lists its public fields here (not on the model), so nothing private is exposed by
adding a model field later. Wagtail's `BaseAPIViewSet` lists `model.objects.all()`; both
querysets below are narrowed to what the public may see.
"""

from django.db.models import F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Length, Substr
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from wagtail.api import APIField
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField

from portal.api_endpoints import SafeFieldsFilter

from marketplace.images import PRODUCT_IMAGE_FORMATS, product_rendition_urls
from marketplace.media import LOGO_RENDITIONS
from marketplace.models import EnterpriseProduct, Institution, ProductCategory, WindowPlatform


class PublicModelAPIViewSet(BaseAPIViewSet):
    """A read-only endpoint whose fields are declared by the viewset itself."""

    public_fields: list = []
    filter_backends = [
        SafeFieldsFilter,
        *(
            backend
            for backend in BaseAPIViewSet.filter_backends
            if backend.__name__ != "FieldsFilter"
        ),
    ]

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields + cls.public_fields)


class WindowPlatformsAPIViewSet(PublicModelAPIViewSet):
    """/api/v2/platforms/: active window platforms as a flat tree (parent id and depth)."""

    model = WindowPlatform
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
    """/api/v2/institutions/: approved institutions' public profiles, never their qualification."""

    model = Institution
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


class ProductMainImagesField(serializers.Field):
    """The main images in order, each as URLs of the pre-generated sizes and formats.

    Reads prefetched renditions only: an image whose set is not ready yet is left out rather
    than rendered during the request.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, product):
        request = self.context.get("request")
        absolute = request.build_absolute_uri if request is not None else (lambda url: url)
        images = []
        for item in product.ordered_images:
            if not item.renditions_ready:
                continue
            urls = {fmt: product_rendition_urls(item.image, fmt) for fmt in PRODUCT_IMAGE_FORMATS}
            images.append(
                {
                    "id": item.image_id,
                    "alt": item.image.default_alt_text,
                    **{
                        size: {fmt: absolute(urls[fmt][size]) for fmt in PRODUCT_IMAGE_FORMATS}
                        for size in urls["jpeg"]
                    },
                }
            )
        return images


class ProductAPIFilter(BaseFilterBackend):
    """`?category=<id>` (with the categories below it) and `?enterprise=<id>`."""

    def filter_queryset(self, request, queryset, view):
        try:
            if category_id := request.GET.get("category"):
                category = ProductCategory.objects.filter(pk=int(category_id)).first()
                queryset = queryset.in_category(category) if category else queryset.none()
            if enterprise_id := request.GET.get("enterprise"):
                queryset = queryset.filter(enterprise_id=int(enterprise_id))
        except ValueError as error:
            raise BadRequestError("category and enterprise must be integer ids") from error
        return queryset


class ProductsAPIViewSet(PublicModelAPIViewSet):
    """/api/v2/products/: published enterprise products (R4.3), with their image renditions."""

    model = EnterpriseProduct
    filter_backends = [ProductAPIFilter, OrderingFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union({"category", "enterprise"})
    public_fields = [
        "name",
        "summary",
        APIField("price", serializer=serializers.DecimalField(12, 2, allow_null=True)),
        APIField(
            "price_negotiable", serializer=serializers.BooleanField(source="is_price_negotiable")
        ),
        "unit",
        "specifications",
        "description",
        APIField("category", serializer=serializers.IntegerField(source="category_id")),
        APIField("category_name", serializer=serializers.CharField(source="category.name")),
        APIField("enterprise", serializer=serializers.IntegerField(source="enterprise_id")),
        APIField("enterprise_name", serializer=serializers.CharField(source="enterprise.name")),
        APIField("region_code", serializer=serializers.CharField(source="enterprise.region_code")),
        APIField("region_name", serializer=serializers.CharField(source="enterprise.region_name")),
        "published_at",
        APIField("main_images", serializer=ProductMainImagesField()),
    ]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "name",
        "summary",
        "price",
        "price_negotiable",
        "unit",
        "category",
        "category_name",
        "enterprise",
        "enterprise_name",
        "region_name",
        "main_images",
    ]

    def check_query_parameters(self, queryset):
        # Only the filters above: plain field filters would bypass the category tree.
        unknown = set(self.request.GET.keys()) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )

    def get_queryset(self):
        from marketplace.views.products import public_products

        return public_products().order_by("-published_at", "-pk")


def register_endpoints(router):
    router.register_endpoint("platforms", WindowPlatformsAPIViewSet)
    router.register_endpoint("institutions", InstitutionsAPIViewSet)
    # The service catalogue (categories, service products, demands) lives in its own module.
    from marketplace.api_catalogue import register_catalogue_endpoints

    register_catalogue_endpoints(router)
    router.register_endpoint("products", ProductsAPIViewSet)
