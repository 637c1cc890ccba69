"""How API listings are searched and ordered (`?search=`, `?order=`), with Chinese errors.

Model endpoints (`PublicModelAPIViewSet`):

- `ListingSearchFilter`: a viewset with a `search_kind` (service, product, demand, institution)
  is searched by the site search itself: the function registered under `API_SEARCH_HOOK` (by the
  search app, an upper layer) returns the ids of that kind's best matches — the same list, in the
  same order, as `/api/v2/search/?type=<kind>`, at most its depth (`search.sources.MAX_RESULTS`)
  — and the listing keeps those of its rows, best first unless `order` is given. A viewset
  without an index (platforms, categories) sets `search_by_name` instead: a plain `icontains`
  match on the name.
- `ListingOrderingFilter`: `?order=<name>` or `-<name>` among the viewset's `api_orderings`
  (name → fields, mirroring the public listings' sort options), the primary key breaking ties.

Wagtail's endpoints (pages, images, documents) keep Wagtail's filters, through subclasses that
check the parameters first (Chinese 400s) and search the cleaned, length-capped query.
"""

from django.conf import settings
from django.db.models import Case, F, IntegerField, When
from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend
from wagtail import hooks
from wagtail.api.v2.filters import OrderingFilter
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from portal.api_errors import BadParameter
from portal.api_parameters import search_query

# `search(kind, query, request) -> [id, …] best first, or None for a kind it does not know`.
API_SEARCH_HOOK = "portal_api_search_ranked_ids"
RANDOM_ORDER = "random"


def ranked_ids(kind, query, request):
    for search in hooks.get_hooks(API_SEARCH_HOOK):
        ids = search(kind, query, request)
        if ids is not None:
            return ids
    raise BadParameter(_("本接口暂不支持搜索（参数 search）。"))


def _order_requested(request):
    return bool(request.GET.get("order"))


class ListingSearchFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        query = search_query(request.GET)
        if not query:
            return queryset
        if getattr(view, "search_kind", None):
            ids = ranked_ids(view.search_kind, query, request)
            if not ids:
                return queryset.none()
            queryset = queryset.filter(pk__in=ids)
            if not _order_requested(request):
                relevance = Case(
                    *(When(pk=pk, then=position) for position, pk in enumerate(ids)),
                    output_field=IntegerField(),
                )
                queryset = queryset.order_by(relevance)
            return queryset
        if getattr(view, "search_by_name", False):
            return queryset.filter(name__icontains=query)
        raise BadParameter(_("本接口不支持搜索（参数 search）。"))


def _allowed_orders(names):
    return "、".join([*names, *(f"-{name}" for name in names)])


class ListingOrderingFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        value = request.GET.get("order", "")
        if not value:
            return queryset
        orderings = getattr(view, "api_orderings", {})
        descending = value.startswith("-")
        name = value[1:] if descending else value
        if name not in orderings:
            if not orderings:
                raise BadParameter(_("本接口不支持排序（参数 order）。"))
            raise BadParameter(
                _("参数 order 必须是以下之一：%(allowed)s（前加 - 为倒序）。")
                % {"allowed": _allowed_orders(orderings)}
            )
        # Empty values last either way, on SQLite as on PostgreSQL.
        expressions = [
            F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
            for field in orderings[name]
        ]
        return queryset.order_by(*expressions, "-pk" if descending else "pk")


class PortalOrderingFilter(OrderingFilter):
    """Wagtail's `?order=` (any of the endpoint's database fields, `-` for descending, or
    `random`), checked first; the primary key breaks ties unless searching."""

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get("order", "")
        if not value:
            return queryset
        names = value.split(",")
        if RANDOM_ORDER in names:
            if len(names) > 1:
                raise BadParameter(_("order=random 不能与其他排序字段同用。"))
            if "offset" in request.GET:
                raise BadParameter(_("order=random 不能与参数 offset 同用。"))
            return queryset.order_by("?")
        allowed = view.get_available_fields(queryset.model, db_fields_only=True)
        unknown = [name for name in names if name.removeprefix("-") not in allowed]
        if unknown or len(set(names)) != len(names):
            raise BadParameter(
                _("参数 order 应为逗号分隔的以下字段：%(allowed)s（前加 - 为倒序），或 random。")
                % {"allowed": "、".join(allowed)}
            )
        if search_query(request.GET):
            # The search backend orders by indexed fields only; `pk` is not one.
            return queryset.order_by(*names)
        return queryset.order_by(*names, "pk")


class PortalSearchFilter(BaseFilterBackend):
    """Wagtail's `?search=` (the configured, Chinese-aware backend) on the cleaned query, with
    Chinese errors; a blank query lists everything, as no query does."""

    def filter_queryset(self, request, queryset, view):
        query = search_query(request.GET)
        if not query:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadParameter(_("本接口已关闭搜索（参数 search）。"))
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadParameter(_("按标签筛选时不能同时搜索（参数 tags 与 search）。"))
        try:
            return get_search_backend().search(
                query,
                queryset,
                operator=request.GET.get("search_operator") or None,
                order_by_relevance=not _order_requested(request),
            )
        except FilterFieldError as error:
            raise BadParameter(
                _("搜索时不能按 %(name)s 筛选。") % {"name": error.field_name}
            ) from error
        except OrderByFieldError as error:
            raise BadParameter(
                _("搜索时不能按 %(name)s 排序（参数 order）。") % {"name": error.field_name}
            ) from error
