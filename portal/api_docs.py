"""The front door of /api/v2/: an index of the endpoints, the OpenAPI document, its docs page.

None of these opts into the anonymous page cache (decision 0007): the document depends on the
code only and is kept per worker process (`schema_document`), so it is built once per language
and can never outlive the code that describes.
"""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api import api_router
from portal.api_schema import error_response

_documents = {}


def schema_document():
    """The OpenAPI document in the active language, built once per worker process."""
    language = translation.get_language()
    if language not in _documents:
        _documents[language] = SchemaGenerator().get_schema(request=None, public=True)
    return _documents[language]


@receiver(setting_changed)
def _forget_documents(**kwargs):
    # Tests override the API's settings (limits, rates); the document must follow them.
    _documents.clear()


def endpoint_description(endpoint):
    description = getattr(endpoint, "api_description", None)
    if description is None:
        description = endpoint.model._meta.verbose_name_plural
    return str(description)


INDEX_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "description": {"type": "string"},
        "schema_url": {
            "type": "string",
            "description": gettext_lazy("OpenAPI 文档（JSON；?format=yaml 为 YAML）"),
        },
        "docs_url": {"type": "string", "description": gettext_lazy("可浏览的接口文档")},
        "endpoints": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "url": {"type": "string"},
                    "description": {"type": "string"},
                },
                "required": ["name", "url", "description"],
            },
        },
    },
    "required": ["name", "description", "schema_url", "docs_url", "endpoints"],
}


class APIIndexView(APIView):
    """GET /api/v2/: every endpoint with its URL and what it lists, and where the docs are."""

    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="index",
        summary=gettext_lazy("接口目录"),
        description=gettext_lazy(
            "列出每个接口的名称、地址和说明，以及 OpenAPI 文档和接口文档页的地址。"
        ),
        tags=["index"],
        responses={
            200: OpenApiResponse(response=INDEX_SCHEMA, description=gettext_lazy("接口目录")),
            429: error_response(gettext_lazy("请求过于频繁")),
        },
    )
    def get(self, request):
        absolute = request.build_absolute_uri
        return Response(
            {
                "name": settings.SPECTACULAR_SETTINGS["TITLE"],
                "description": _(
                    "平台公开数据的只读接口和会员接口。每个接口的参数和字段见 OpenAPI 文档。"
                ),
                "schema_url": absolute(reverse("api-schema")),
                "docs_url": absolute(reverse("api-docs")),
                "endpoints": [
                    {
                        "name": name,
                        "url": absolute(reverse(f"{api_router.url_namespace}:{name}:listing")),
                        "description": endpoint_description(endpoint),
                    }
                    for name, endpoint in api_router._endpoints.items()
                ]
                + [
                    # The member API (token-authenticated, portal/member_api.py).
                    {
                        "name": "auth",
                        "url": absolute(reverse("apiauth:token")),
                        "description": _("会员登录：取得登录凭证（Bearer），退出登录，管理凭证"),
                    },
                    {
                        "name": "me",
                        "url": absolute(reverse("memberapi:me")),
                        "description": _(
                            "会员接口：我的资料、消息、图片、产品、需求、报名、订单和合同"
                            "（需登录凭证）"
                        ),
                    },
                ],
            }
        )


class APISchemaView(SpectacularAPIView):
    """GET /api/v2/schema/: the OpenAPI 3 document, JSON (`?format=yaml`: YAML)."""

    renderer_classes = [
        OpenApiJsonRenderer2,
        OpenApiJsonRenderer,
        OpenApiYamlRenderer,
        OpenApiYamlRenderer2,
    ]

    def _get_schema_response(self, request):
        suffix = self.perform_content_negotiation(request, force=True)[0].format
        return Response(
            data=schema_document(),
            headers={"Content-Disposition": f'inline; filename="portal-api-v2.{suffix}"'},
        )


# Swagger UI's bundle injects <style> elements as it renders; scripts stay 'self' only. The page
# is never stored by the page cache, so django-csp's view decorator applies (see
# portal/security_headers.py) and the exception holds for this path alone.
@csp_update({"style-src": [UNSAFE_INLINE]})
def api_docs(request):
    """GET /api/v2/docs/: Swagger UI from the sidecar's static files, started by
    static/js/api-docs.js (the portal's CSP allows no inline script)."""
    return render(request, "api/docs.html", {"schema_url": reverse("api-schema")})
