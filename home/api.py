"""/api/v2/site/: what frames every page and what the home page shows, for apps.

`GET /api/v2/site/` answers

    {"site": {"name": "…", "url": "https://…/"},
     "navigation": [{"label": "政策法规", "url": "https://…/policies/"}, …],
     "footer": {"organisation": "…", "operator": "…", "address": "…", "phone": "…",
                "email": "…", "service_hours": "…", "icp_number": "…", "police_record": "…",
                "copyright": "…", "links": [{"label": "…", "url": "…"}, …]},
     "home": {"title": "…", "banner_title": "…", "banner_text": "…", "banner_image": {…}|null,
              "intro": "<p>…</p>",
              "sections": [{"key": "policies", "title": "政策法规", "link": "https://…/policies/",
                            "items": [{"title": "…", "url": "https://…", …}, …]}, …]}}

The navigation and footer are the header's and footer's (`home.NavigationSettings`,
`home.FooterSettings`, resolved as the page frame resolves them); the sections are the home
page's own (`HOME_SECTION_HOOK` providers), in the same order, with the same rows. Every URL is
absolute. It is not a model listing, so it is a plain view registered like search/api.py's.
"""

from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.images.models import Filter
from wagtail.models import Site

from home.models import FooterSettings, HomePage, NavigationSettings
from home.sections import home_sections
from home.templatetags.navigation_tags import resolve_links
from portal.api_richtext import expand_rich_text
from portal.api_throttle import throttle_anonymous_api
from portal.api_urls import absolute_url
from portal.images import API_RENDITIONS

KNOWN_PARAMETERS = frozenset({"format"})
FOOTER_FIELDS = (
    "organisation",
    "operator",
    "address",
    "phone",
    "email",
    "service_hours",
    "icp_number",
    "police_record",
    "copyright",
)
# Keys of a section row that hold a site-relative URL.
URL_KEYS = ("url", "thumbnail")
_JSON = {"ensure_ascii": False}


def _links(request, links):
    return [
        {"label": link["label"], "url": absolute_url(request, link["url"])}
        for link in resolve_links(links.select_related("link_page"), request)
    ]


def _image(request, image):
    """The API's pre-generated large size of an image, never rendered here."""
    if image is None:
        return None
    spec = Filter(API_RENDITIONS["large"])
    rendition = image.find_existing_renditions(spec).get(spec)
    if rendition is None:
        return None
    return {
        "url": absolute_url(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": rendition.alt,
    }


def _section(request, section):
    items = section.items() if section.items is not None else []
    return {
        "key": section.key,
        "title": str(section.title),
        "link": absolute_url(request, section.link),
        "items": [
            {
                key: absolute_url(request, value) if key in URL_KEYS else value
                for key, value in item.items()
            }
            for item in items
        ],
    }


def _home(request, site):
    home_page = HomePage.objects.filter(pk=site.root_page_id).select_related("banner_image").first()
    if home_page is None:
        return None
    return {
        "title": home_page.title,
        "banner_title": home_page.banner_title,
        "banner_text": home_page.banner_text,
        "banner_image": _image(request, home_page.banner_image),
        "intro": expand_rich_text(home_page.intro, request),
        "sections": [
            _section(request, section)
            for section in home_sections(request, home_page)
            if section.key  # a provider that offers nothing to apps
        ],
    }


def site_api(request):
    unknown = sorted(set(request.GET) - KNOWN_PARAMETERS)
    if unknown:
        return JsonResponse(
            {"message": _("不支持的参数：%(names)s。") % {"names": "、".join(unknown)}},
            status=400,
            json_dumps_params=_JSON,
        )
    site = Site.find_for_request(request)
    if site is None:
        return JsonResponse(
            {"message": _("该域名没有对应的站点。")}, status=404, json_dumps_params=_JSON
        )
    navigation = NavigationSettings.for_request(request)
    footer = FooterSettings.for_request(request)
    data = {
        "site": {"name": site.site_name, "url": absolute_url(request, "/")},
        "navigation": _links(request, navigation.links),
        "footer": {
            **{name: getattr(footer, name) for name in FOOTER_FIELDS},
            "links": _links(request, footer.links),
        },
        "home": _home(request, site),
    }
    return JsonResponse(data, json_dumps_params=_JSON)


def _object(properties, required=(), nullable=False, description=""):
    schema = {"type": "object", "properties": properties, "required": list(required)}
    if nullable:
        schema["nullable"] = True
    if description:
        schema["description"] = description
    return schema


def _links_schema():
    link = _object({"label": {"type": "string"}, "url": {"type": "string"}}, ("label", "url"))
    return {"type": "array", "items": link}


class SiteEndpoint:
    """Registered on the API router like Wagtail's endpoints (URL name
    ``wagtailapi:site:listing``)."""

    api_description = _lazy("站点框架：导航、页脚和首页各栏目")

    class model:  # noqa: N801 - the router tests `issubclass(some_model, endpoint.model)`
        """No model is a subclass of this: the router never links objects to this endpoint."""

    @classmethod
    def openapi_operations(cls):
        """This endpoint in the API's OpenAPI document (`portal.api_schema` adds it)."""
        from portal.api_schema import error_responses

        string = {"type": "string"}
        section = _object(
            {
                "key": string,
                "title": string,
                "link": {"type": "string", "nullable": True},
                "items": {
                    "type": "array",
                    "items": {"type": "object", "additionalProperties": True},
                    "description": _("该栏目在首页显示的条目（标题、地址等，字段因栏目而异）"),
                },
            },
            ("key", "title", "items"),
        )
        image = {"type": "object", "nullable": True, "additionalProperties": True}
        response = _object(
            {
                "site": _object({"name": string, "url": string}, ("name", "url")),
                "navigation": _links_schema(),
                "footer": _object(
                    {**dict.fromkeys(FOOTER_FIELDS, string), "links": _links_schema()},
                    ("links",),
                ),
                "home": _object(
                    {
                        "title": string,
                        "banner_title": string,
                        "banner_text": string,
                        "banner_image": image,
                        "intro": {"type": "string", "description": _("导语（HTML）")},
                        "sections": {"type": "array", "items": section},
                    },
                    ("title", "sections"),
                    nullable=True,
                ),
            },
            ("site", "navigation", "footer", "home"),
        )
        operation = {
            "operationId": "site_retrieve",
            "tags": ["site"],
            "summary": _("站点框架：导航、页脚和首页栏目"),
            "description": _(
                "应用据此重建首页：页眉导航、页脚信息和首页各栏目的条目，地址均为绝对地址。"
            ),
            "parameters": [
                {
                    "name": "format",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "enum": ["json"]},
                    "description": _("响应格式，只有 json"),
                }
            ],
            "responses": {
                "200": {
                    "description": _("站点框架"),
                    "content": {"application/json": {"schema": response}},
                },
                **error_responses(400, 404, 429),
            },
        }
        return {"": {"get": operation}}

    @classmethod
    def get_urlpatterns(cls):
        # Counted with the DRF endpoints' anonymous limit (one budget per client IP).
        return [path("", throttle_anonymous_api(site_api), name="listing")]


def register_endpoints(router):
    router.register_endpoint("site", SiteEndpoint)
