"""The portal's API v2 endpoints: Wagtail's, with page-type hooks and safe field filters.

With `?type=app.Model`, Wagtail swaps the listing's queryset for that model's, and already filters
on the model's own database fields given in the query (`?level=provincial&issuing_body=3`).
A page model may add to that:

- `api_filter_parameters` (a set of names) and `filter_api_listing(queryset, params)`, for filters
  that are not plain fields (`?category=financing`, `?year=2024`, `?status=in-force`);
- `optimise_api_listing(queryset)`, for the `select_related`/`prefetch_related` its `api_fields`
  need, so a listing runs the same number of queries for 10 pages or 100.
"""

from django.core.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from taggit.managers import _TaggableManager
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.serializers import TagsField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet

from portal.api_richtext import PortalPageSerializer
from portal.images import API_RENDITIONS


class SafeFieldsFilter(FieldsFilter):
    """Wagtail's field filter, but a value of the wrong type is a 400, not a server error.

    (`?categories=abc` or `?publish_date=yesterday` make Django raise while building the query.)
    """

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValueError, TypeError, ValidationError) as error:
            raise BadRequestError(f"field filter error: {error}") from error


class PageModelFilter(BaseFilterBackend):
    """Hands the query to the page model's own `filter_api_listing`, if it has one."""

    def filter_queryset(self, request, queryset, view):
        filter_listing = getattr(queryset.model, "filter_api_listing", None)
        parameters = getattr(queryset.model, "api_filter_parameters", ())
        if filter_listing is None or not parameters.intersection(request.GET.keys()):
            return queryset
        return filter_listing(queryset, request.GET)


class PortalPagesAPIViewSet(PagesAPIViewSet):
    """Live, public pages only (Wagtail's base queryset already excludes drafts and private
    pages), with the page-type hooks described above."""

    filter_backends = [
        SafeFieldsFilter,
        PageModelFilter,
        *(backend for backend in PagesAPIViewSet.filter_backends if backend is not FieldsFilter),
    ]
    # Rich text and StreamFields usable as given: absolute URLs, images' sizes inline.
    base_serializer_class = PortalPageSerializer

    def check_query_parameters(self, queryset):
        # A viewset instance serves one request, so widening its own set is safe.
        model_parameters = getattr(queryset.model, "api_filter_parameters", frozenset())
        self.known_query_parameters = type(self).known_query_parameters.union(model_parameters)
        super().check_query_parameters(queryset)

    def get_queryset(self):
        queryset = super().get_queryset()
        optimise = getattr(queryset.model, "optimise_api_listing", None)
        return optimise(queryset) if optimise is not None else queryset


class PrefetchedTagsField(TagsField):
    """Tag names from `prefetch_related("tags")` (Wagtail's field runs one query per object)."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class PortalImageSerializer(ImageSerializer):
    def build_property_field(self, field_name, model_class):
        if isinstance(getattr(model_class, field_name), _TaggableManager):
            return PrefetchedTagsField, {}
        return super().build_property_field(field_name, model_class)


class PortalImagesAPIViewSet(ImagesAPIViewSet):
    """Images with their pre-generated sizes (`thumbnail`, `large`), renditions prefetched so a
    listing runs the same queries for 10 images or 100; safe field filters as for pages."""

    filter_backends = [
        SafeFieldsFilter,
        *(backend for backend in ImagesAPIViewSet.filter_backends if backend is not FieldsFilter),
    ]
    base_serializer_class = PortalImageSerializer
    listing_default_fields = [*ImagesAPIViewSet.listing_default_fields, "thumbnail"]

    def get_queryset(self):
        queryset = super().get_queryset().prefetch_renditions(*API_RENDITIONS.values())
        return queryset.prefetch_related("tags")


class PortalDocumentsAPIViewSet(DocumentsAPIViewSet):
    pass


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
