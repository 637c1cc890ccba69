"""API v2 endpoints of the catalogue (R4.3): categories, live service products, open demands and
published enterprise products.

Public fields are listed here, never taken from the model, so contact details of demands and
anything under review can never leak through the API; the querysets are narrowed to what the
public may see (Wagtail's `BaseAPIViewSet` would list every row).
"""

from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from wagtail.api import APIField
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField

from marketplace.catalogue.api_filters import SERVICE_FILTER_PARAMETERS, ServiceDirectoryFilter
from marketplace.catalogue.images import PRODUCT_IMAGE_FORMATS, product_rendition_urls
from marketplace.catalogue.models import (
    Demand,
    EnterpriseProduct,
    ProductCategory,
    ServiceCategory,
    ServiceProduct,
)
from marketplace.catalogue.views.services import SERVICE_DETAIL_QUERYSET_HOOK
from marketplace.members.api_fields import RatingField
from portal.api_annotations import annotate_from_hooks
from portal.api_endpoints import PublicModelAPIViewSet
from portal.api_filters import ListingOrderingFilter, ListingSearchFilter
from portal.api_parameters import id_parameter, unknown_parameters
from portal.image_storage import public_media_html


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

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "category",
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": _("服务分类的 slug（含其下级分类）；未知的 slug 返回空列表"),
            }
        ]


class ServiceCategoriesAPIViewSet(PublicModelAPIViewSet):
    """/api/v2/categories/: the active service category tree, flat (parent id and depth).

    Categories are not in the search index: `?search=` matches their names (`icontains`).
    """

    model = ServiceCategory
    search_by_name = True
    api_orderings = {"name": ("name",)}
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
    """/api/v2/service-products/: live products of approved institutions.

    `?search=` is the site search of 服务产品; `?order=`: as the public listing's sorts.
    """

    model = ServiceProduct
    # Applied in `filter_queryset` (after the rating annotation); described in the schema.
    schema_filter_backends = [ServiceDirectoryFilter]
    search_kind = "service"
    api_orderings = {
        "first_published_at": ("first_published_at",),
        "price": ("price_mode", "price", "price_min"),
        "name": ("name",),
    }
    filter_backends = [CategoryTreeFilter, *PublicModelAPIViewSet.filter_backends]
    known_query_parameters = PublicModelAPIViewSet.known_query_parameters | {"category"}
    known_query_parameters |= SERVICE_FILTER_PARAMETERS
    public_fields = [
        "name",
        "summary",
        "content",
        "service_mode",
        APIField(
            "service_mode_label",
            serializer=serializers.CharField(source="get_service_mode_display"),
        ),
        "regions_served",
        "price_mode",
        APIField(
            "price_mode_label", serializer=serializers.CharField(source="get_price_mode_display")
        ),
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
        APIField("institution_kind", serializer=serializers.CharField(source="institution.kind")),
        APIField(
            "institution_kind_label",
            serializer=serializers.CharField(source="institution.get_kind_display"),
        ),
        APIField("platform", serializer=serializers.IntegerField(source="institution.platform_id")),
        APIField("rating", serializer=RatingField()),
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

    def filter_queryset(self, queryset):
        # The apps above annotate what the service's page shows (trade: its rating), before any
        # filter so the detail view and every listing get them; then the directory's filters.
        queryset = annotate_from_hooks(queryset, SERVICE_DETAIL_QUERYSET_HOOK)
        queryset = ServiceDirectoryFilter().filter_queryset(self.request, queryset, self)
        return super().filter_queryset(queryset)


class DemandsAPIViewSet(PublicModelAPIViewSet):
    """/api/v2/demands/: open, unexpired demands; never their contact details.

    `?search=` is the site search of 需求; `?order=`: as the public listing's sorts.
    """

    model = Demand
    search_kind = "demand"
    api_orderings = {"created_at": ("created_at",), "deadline": ("deadline",)}
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


class PublicMediaHTMLField(serializers.CharField):
    """Stored rich text with members' detail-image addresses in their public form."""

    def to_representation(self, value):
        return public_media_html(super().to_representation(value))


# Each image: its id and alt text, and per size ("thumbnail", …) the URL of each format ("jpeg", …).
@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "alt": {"type": "string", "nullable": True}},
            "required": ["id"],
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    }
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
        if category_id := id_parameter(request.GET, "category"):
            category = ProductCategory.objects.filter(pk=category_id).first()
            queryset = queryset.in_category(category) if category else queryset.none()
        if enterprise_id := id_parameter(request.GET, "enterprise"):
            queryset = queryset.filter(enterprise_id=enterprise_id)
        return queryset

    def get_schema_operation_parameters(self, view):
        descriptions = {
            "category": _("产品分类 ID（含其下级分类）"),
            "enterprise": _("发布企业 ID"),
        }
        return [
            {
                "name": name,
                "in": "query",
                "required": False,
                "schema": {"type": "integer"},
                "description": description,
            }
            for name, description in descriptions.items()
        ]


class ProductsAPIViewSet(PublicModelAPIViewSet):
    """/api/v2/products/: published enterprise products (R4.3), with their image renditions.

    `?search=` is the site search of 企业产品; `?order=`: the public listing's sorts, and price.
    """

    model = EnterpriseProduct
    search_kind = "product"
    api_orderings = {"published_at": ("published_at",), "name": ("name",), "price": ("price",)}
    filter_backends = [ProductAPIFilter, ListingSearchFilter, ListingOrderingFilter]
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
        APIField("description", serializer=PublicMediaHTMLField()),
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
            raise unknown_parameters(unknown)

    def get_queryset(self):
        from marketplace.catalogue.views.products import public_products

        return public_products().order_by("-published_at", "-pk")


class ProductCategoriesAPIViewSet(PublicModelAPIViewSet):
    """/api/v2/product-categories/: the enterprise product category tree, flat (parent id and
    depth), in the order of the HTML's category select."""

    model = ProductCategory
    # As `categories`: a name match (not indexed), ordered by name on request.
    search_by_name = True
    api_orderings = {"name": ("name",)}
    public_fields = [
        "name",
        "depth",
        "sort_order",
        APIField("parent_id", serializer=serializers.IntegerField(source="parent_pk")),
    ]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "depth"]
    listing_default_fields += ["parent_id"]

    def get_queryset(self):
        steplen = ProductCategory.steplen
        parent = ProductCategory.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - steplen)
        ).values("pk")[:1]
        return ProductCategory.objects.annotate(parent_pk=Subquery(parent)).order_by("path")


def register_endpoints(router):
    router.register_endpoint("categories", ServiceCategoriesAPIViewSet)
    router.register_endpoint("product-categories", ProductCategoriesAPIViewSet)
    router.register_endpoint("service-products", ServiceProductsAPIViewSet)
    router.register_endpoint("demands", DemandsAPIViewSet)
    router.register_endpoint("products", ProductsAPIViewSet)
