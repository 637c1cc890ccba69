"""/api/v2/search/: the site search for apps, with the same sources and rules as /search/.

`GET /api/v2/search/?q=融资&type=service&offset=0&limit=20` answers

    {"query": "融资", "type": "service", "offset": 0, "limit": 20,
     "total": 12,                       # matches of `type` (of every type without it)
     "counts": {"policy": 3, …},        # matches per type, always all types
     "count_limit": 500,                # a type's count above this means "more than 500"
     "types": [{"type": "policy", "label": "政策法规", "count": 3}, …],
     "items": [{"type": "service", "type_label": "服务产品", "id": 7, "title": "…",
                "url": "/services/7/", "date": "2025-03-01", "owner": "…", "detail": "财税服务",
                "snippet": "…", "highlights": [[4, 6]], "title_highlights": [[0, 2]]}, …]}

`snippet` is plain text; `highlights` and `title_highlights` are [start, end) offsets of the
matched words in `snippet` and `title`, counted in Unicode characters (code points). Without
`type` the items of every type are merged, best first. Bad parameters are a 400 with a Chinese
`message`, checked by the helpers every /api/v2/ endpoint uses (`portal.api_parameters`,
`portal.api_errors`); the search runs under the API's search time limit (`portal.query_guard`).

It is not a model listing, so it is a plain view: the router only needs `get_urlpatterns()` and
a `model` no real model derives from.
"""

from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.api_errors import (
    JSON_DUMPS_PARAMS,
    BadParameter,
    error_response,
    method_not_allowed_message,
    search_timeout_message,
)
from portal.api_parameters import integer_parameter, search_query, unknown_parameters
from portal.api_schema import error_responses
from portal.api_throttle import throttle_anonymous_api
from portal.query_guard import QueryTimeout, time_limit
from portal.search_query import MAX_QUERY_LENGTH
from search.sources import MAX_RESULTS, SOURCES, SOURCES_BY_KEY, SiteSearch

DEFAULT_LIMIT = 20
MAX_LIMIT = 50
KNOWN_PARAMETERS = frozenset({"q", "type", "offset", "limit", "format"})


def _parameters(request):
    unknown = set(request.GET) - KNOWN_PARAMETERS
    if unknown:
        raise unknown_parameters(unknown)
    query = search_query(request.GET, "q")
    if not query:
        raise BadParameter(_("请提供搜索关键词（参数 q）。"))
    type_key = request.GET.get("type", "")
    if type_key and type_key not in SOURCES_BY_KEY:
        raise BadParameter(
            _("参数 type 必须是以下之一：%(types)s。") % {"types": "、".join(SOURCES_BY_KEY)}
        )
    limit = integer_parameter(request.GET, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = integer_parameter(request.GET, "offset", 0, 0, MAX_RESULTS - 1)
    return query, type_key, offset, limit


def _spans(highlighted):
    return [[start, end] for start, end in highlighted.spans]


def search_api(request):
    if request.method not in ("GET", "HEAD"):
        response = error_response(method_not_allowed_message(request.method), status=405)
        response["Allow"] = "GET, HEAD"
        return response
    try:
        query, type_key, offset, limit = _parameters(request)
    except BadParameter as error:
        return error_response(error)
    try:
        with time_limit():
            return JsonResponse(
                _results(request, query, type_key, offset, limit),
                json_dumps_params=JSON_DUMPS_PARAMS,
            )
    except QueryTimeout:
        return error_response(search_timeout_message(), status=503)


def _results(request, query, type_key, offset, limit):
    site_search = SiteSearch(query, request)
    hits = site_search.hits(type_key or None, offset, offset + limit)
    return {
        "query": query,
        "type": type_key or None,
        "offset": offset,
        "limit": limit,
        "total": site_search.count(type_key or None),
        "counts": dict(site_search.counts),
        # Counting stops one past what can be listed: a larger count is only a lower bound.
        "count_limit": MAX_RESULTS,
        "types": [
            {
                "type": source.key,
                "label": str(source.label),
                "count": site_search.counts[source.key],
            }
            for source in SOURCES
        ],
        "items": [
            {
                "type": hit.type_key,
                "type_label": str(hit.type_label),
                "id": hit.obj.pk,
                "title": hit.title.text,
                "title_highlights": _spans(hit.title),
                "url": hit.url,
                "date": hit.date.isoformat() if hit.date else None,
                "owner": hit.owner,
                "detail": hit.detail,
                "snippet": hit.snippet.text,
                "highlights": _spans(hit.snippet),
            }
            for hit in hits
        ],
    }


class SearchEndpoint:
    """Registered on the API router like Wagtail's endpoints (URL name
    ``wagtailapi:search:listing``)."""

    # In the index at /api/v2/ (the other endpoints are described by their model's name).
    api_description = gettext_lazy("全站搜索：政策、通知公告、服务产品、企业产品、需求和服务机构")

    class model:  # noqa: N801 - the router tests `issubclass(some_model, endpoint.model)`
        """No model is a subclass of this: the router never links objects to this endpoint."""

    @classmethod
    def openapi_operations(cls):
        """This endpoint in the API's OpenAPI document (`portal.api_schema` adds it)."""
        types = [source.key for source in SOURCES]
        type_schema = {"type": "string", "enum": types}
        highlights = {
            "type": "array",
            "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
            "description": _("匹配词的位置 [起, 止)，按 Unicode 字符计"),
        }
        item = {
            "type": "object",
            "properties": {
                "type": type_schema,
                "type_label": {"type": "string"},
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "title_highlights": highlights,
                "url": {"type": "string"},
                "date": {"type": "string", "format": "date", "nullable": True},
                "owner": {"type": "string", "nullable": True},
                "detail": {"type": "string", "nullable": True},
                "snippet": {"type": "string", "description": _("摘要（纯文本）")},
                "highlights": highlights,
            },
            "required": ["type", "id", "title", "url", "snippet"],
        }
        response = {
            "type": "object",
            "properties": {
                "query": {"type": "string"},
                "type": {"type": "string", "enum": [*types, None], "nullable": True},
                "offset": {"type": "integer"},
                "limit": {"type": "integer"},
                "total": {
                    "type": "integer",
                    "description": _("所选类型（未选则全部类型）的匹配数"),
                },
                "counts": {
                    "type": "object",
                    "additionalProperties": {"type": "integer"},
                    "description": _("每种类型的匹配数"),
                },
                "count_limit": {
                    "type": "integer",
                    "description": _("计数上限：超过它的数目只表示“多于此数”"),
                },
                "types": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "type": type_schema,
                            "label": {"type": "string"},
                            "count": {"type": "integer"},
                        },
                        "required": ["type", "label", "count"],
                    },
                },
                "items": {"type": "array", "items": item},
            },
            "required": ["query", "type", "offset", "limit", "total", "counts", "items"],
        }

        def parameter(name, schema, description, required=False):
            return {
                "name": name,
                "in": "query",
                "required": required,
                "schema": schema,
                "description": description,
            }

        operation = {
            "operationId": "search_list",
            "tags": ["search"],
            "summary": _("全站搜索"),
            "description": _(
                "与网站 /search/ 相同的来源和规则；不给 type 时各类型结果按相关度合并。"
            ),
            "parameters": [
                parameter(
                    "q",
                    {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_LENGTH},
                    _("搜索关键词，最多 %(length)s 个字符") % {"length": MAX_QUERY_LENGTH},
                    required=True,
                ),
                parameter("type", type_schema, _("只搜这一类型")),
                parameter(
                    "offset",
                    {"type": "integer", "minimum": 0, "maximum": MAX_RESULTS - 1},
                    _("从第几条开始（从 0 起）"),
                ),
                parameter(
                    "limit",
                    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                    _("每页条数，默认 %(default)s") % {"default": DEFAULT_LIMIT},
                ),
                parameter("format", {"type": "string", "enum": ["json"]}, _("响应格式，只有 json")),
            ],
            "responses": {
                "200": {
                    "description": _("搜索结果"),
                    "content": {"application/json": {"schema": response}},
                },
                **error_responses(400, 429),
            },
        }
        return {"": {"get": operation}}

    @classmethod
    def get_urlpatterns(cls):
        # Counted with the DRF endpoints' anonymous limit (one budget per client IP).
        return [path("", throttle_anonymous_api(search_api), name="listing")]


def register_endpoints(router):
    router.register_endpoint("search", SearchEndpoint)
