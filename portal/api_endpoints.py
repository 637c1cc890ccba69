"""The portal's API v2 endpoints: Wagtail's, with page-type hooks and safe field filters.

With `?type=app.Model`, Wagtail swaps the listing's queryset for that model's, and already filters
on the model's own database fields given in the query (`?level=provincial&issuing_body=3`).
A page model may add to that:

- `api_filter_parameters` (a set of names) and `filter_api_listing(queryset, params)`, for filters
  that are not plain fields (`?category=financing`, `?year=2024`, `?status=in-force`);
- `optimise_api_listing(queryset)`, for the `select_related`/`prefetch_related` its `api_fields`
  need, so a listing runs the same number of queries for 10 pages or 100.

Every endpoint derives from `PortalAPIViewSetMixin`: the common parameters are checked before
Wagtail reads them (`portal.api_parameters`), every error is `{"message": "<Chinese>"}`
(`portal.api_errors`), and a listing with `?search=` runs under the search time limit
(`portal.query_guard`).
"""

from django.core.exceptions import ValidationError
from django.db import DataError, models
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.filters import BaseFilterBackend
from taggit.managers import TaggableManager, _TaggableManager
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.serializers import TagsField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Site

from portal.api_absolute_urls import AbsoluteImageDownloadUrlField
from portal.api_errors import BadParameter, SearchTimedOut, chinese_bad_request
from portal.api_filters import (
    ListingOrderingFilter,
    ListingSearchFilter,
    PortalOrderingFilter,
    PortalSearchFilter,
)
from portal.api_parameters import (
    DEFAULT_LIMIT,
    MAX_DATABASE_INTEGER,
    MAX_OFFSET,
    check_detail_parameters,
    check_listing_parameters,
    id_parameter,
    integer_parameter,
    limit_max,
    search_query,
    unknown_parameters,
)
from portal.api_richtext import PortalPageSerializer
from portal.images import API_RENDITIONS
from portal.query_guard import QueryTimeout, time_limit


class PortalPagination(WagtailPagination):
    """Wagtail's `offset`/`limit` paging, read through the portal's checks (bounded offset)."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = integer_parameter(request.GET, "offset", 0, 0, MAX_OFFSET)
        limit = integer_parameter(request.GET, "limit", DEFAULT_LIMIT, 0, limit_max())
        self.view = view
        self.total_count = queryset.count()
        return queryset[offset : offset + limit]


class PortalAPIViewSetMixin:
    """Checked parameters, Chinese errors and the search time limit, for every endpoint."""

    pagination_class = PortalPagination

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as error:  # DRF's answer to an unknown ?format=
            raise BadParameter(_("参数 format 只能是 json 或 api。")) from error

    def listing_view(self, request):
        check_listing_parameters(request.GET)
        if not search_query(request.GET):
            return super().listing_view(request)
        with time_limit():
            return super().listing_view(request)

    def detail_view(self, request, pk):
        check_detail_parameters(request.GET)
        if pk > MAX_DATABASE_INTEGER:
            raise NotFound
        return super().detail_view(request, pk)

    def find_object(self, queryset, request):
        if "id" in request.GET:
            object_id = id_parameter(request.GET, "id")
            return queryset.filter(pk=object_id).first() if object_id else None
        return super().find_object(queryset, request)

    def check_query_parameters(self, queryset):
        fields = self.get_available_fields(queryset.model, db_fields_only=True)
        unknown = set(self.request.GET) - set(fields) - self.known_query_parameters
        if unknown:
            raise unknown_parameters(unknown)

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            exc = NotFound()
        elif isinstance(exc, BadRequestError) and not isinstance(exc, BadParameter):
            exc = BadParameter(chinese_bad_request(str(exc)))
        elif isinstance(exc, QueryTimeout):
            exc = SearchTimedOut()
        elif isinstance(exc, (OverflowError, DataError)):
            # A number beyond the database's range in a filter the checks above do not know.
            exc = BadParameter(_("参数中的数值超出范围。"))
        return super().handle_exception(exc)


class SafeFieldsFilter(FieldsFilter):
    """Wagtail's field filter (`?kind=expert`), but a value of the wrong type is a 400 with a
    Chinese message, never a server error (`?categories=abc`, `?publish_date=yesterday`, an id
    beyond the database's integers)."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        names = sorted(name for name in request.GET if name in fields and name != "locale")
        for name in names:
            self.check_value(queryset.model, name, request.GET[name])
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValueError, TypeError, ValidationError, BadRequestError) as error:
            raise BadParameter(
                _("筛选参数 %(names)s 的值无效。") % {"names": "、".join(names)}
            ) from error

    @staticmethod
    def check_value(model, name, value):
        if "\x00" in value:
            raise BadParameter(_("参数 %(name)s 不能含空字符。") % {"name": name})
        try:
            field = model._meta.get_field(name)
        except LookupError:
            return
        if isinstance(field, models.ForeignKey):
            field = field.target_field
        if isinstance(field, models.BooleanField):
            if value not in ("true", "false", "1", "0"):
                raise BadParameter(_("参数 %(name)s 必须是 true 或 false。") % {"name": name})
        elif isinstance(field, (models.IntegerField, models.AutoField)):
            integer_parameter(
                {name: value}, name, None, -MAX_DATABASE_INTEGER, MAX_DATABASE_INTEGER
            )
        elif isinstance(field, TaggableManager):
            return


class PageModelFilter(BaseFilterBackend):
    """Hands the query to the page model's own `filter_api_listing`, if it has one."""

    def filter_queryset(self, request, queryset, view):
        filter_listing = getattr(queryset.model, "filter_api_listing", None)
        parameters = getattr(queryset.model, "api_filter_parameters", ())
        if filter_listing is None or not parameters.intersection(request.GET.keys()):
            return queryset
        return filter_listing(queryset, request.GET)


def _portal_filters(backends):
    """Wagtail's filter backends with the portal's checked versions in their place."""
    replacements = {
        FieldsFilter: SafeFieldsFilter,
        OrderingFilter: PortalOrderingFilter,
        SearchFilter: PortalSearchFilter,
    }
    return [replacements.get(backend, backend) for backend in backends]


class PortalPagesAPIViewSet(PortalAPIViewSetMixin, PagesAPIViewSet):
    """Live, public pages only (Wagtail's base queryset already excludes drafts and private
    pages), with the page-type hooks described above."""

    filter_backends = [SafeFieldsFilter, PageModelFilter]
    filter_backends += [
        backend
        for backend in _portal_filters(PagesAPIViewSet.filter_backends)
        if backend is not SafeFieldsFilter
    ]
    # Rich text and StreamFields usable as given: absolute URLs, images' sizes inline.
    base_serializer_class = PortalPageSerializer

    def listing_view(self, request):
        self.check_site_and_locale(request.GET)
        return super().listing_view(request)

    def detail_view(self, request, pk):
        self.check_site_and_locale(request.GET)
        return super().detail_view(request, pk)

    @staticmethod
    def check_site_and_locale(params):
        # Wagtail answers an unknown site or locale with a 404, a bad port with a 500.
        if site := params.get("site"):
            hostname, _colon, port = site.partition(":")
            lookup = {"hostname": hostname}
            if port:
                if not port.isdigit() or int(port) > 65535:
                    raise BadParameter(_("参数 site 的端口必须是 0 到 65535 的整数。"))
                lookup["port"] = int(port)
            if Site.objects.filter(**lookup).count() != 1:
                raise BadParameter(_("参数 site 必须是本门户的一个站点（主机名，可加 :端口）。"))
        locale = params.get("locale")
        if locale is not None and not Locale.objects.filter(language_code=locale).exists():
            raise BadParameter(
                _("参数 locale 必须是已启用的语言代码：%(codes)s。")
                % {"codes": "、".join(Locale.objects.values_list("language_code", flat=True))}
            )

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
    download_url = AbsoluteImageDownloadUrlField(read_only=True)

    def build_property_field(self, field_name, model_class):
        if isinstance(getattr(model_class, field_name), _TaggableManager):
            return PrefetchedTagsField, {}
        return super().build_property_field(field_name, model_class)


class PortalImagesAPIViewSet(PortalAPIViewSetMixin, ImagesAPIViewSet):
    """Images with their pre-generated sizes (`thumbnail`, `large`), renditions prefetched so a
    listing runs the same queries for 10 images or 100; safe field filters as for pages."""

    filter_backends = _portal_filters(ImagesAPIViewSet.filter_backends)
    base_serializer_class = PortalImageSerializer
    listing_default_fields = [*ImagesAPIViewSet.listing_default_fields, "thumbnail"]

    def get_queryset(self):
        # Members' uploads are theirs alone (portal/image_storage.py): never listed here.
        queryset = super().get_queryset().filter(is_private=False)
        queryset = queryset.prefetch_renditions(*API_RENDITIONS.values())
        return queryset.prefetch_related("tags")


class PortalDocumentsAPIViewSet(PortalAPIViewSetMixin, DocumentsAPIViewSet):
    filter_backends = _portal_filters(DocumentsAPIViewSet.filter_backends)


class PublicModelAPIViewSet(PortalAPIViewSetMixin, BaseAPIViewSet):
    """A read-only endpoint whose fields are declared by the viewset itself.

    `?search=`: by the site search of `search_kind` (a key of `search.sources.SOURCES`), or by
    name when `search_by_name` (see `portal.api_filters`); `?order=`: one of `api_orderings`
    (name → model fields), `-name` for descending.
    """

    public_fields: list = []
    search_kind: str | None = None
    search_by_name = False
    api_orderings: dict[str, tuple[str, ...]] = {}
    filter_backends = [SafeFieldsFilter, ListingSearchFilter, ListingOrderingFilter]

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields + cls.public_fields)
