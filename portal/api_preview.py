"""/api/v2/page-preview/?token=…: the draft a preview token names (portal/headless_preview.py)."""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from portal.api_endpoints import PortalPagesAPIViewSet
from portal.api_errors import BadParameter
from portal.api_schema import error_response
from portal.headless_preview import read_preview_token


class PagePreviewAPIViewSet(PortalPagesAPIViewSet):
    """/api/v2/page-preview/?token=…: the draft a preview token names, as a page detail."""

    known_query_parameters = frozenset({"token", "fields", "rich_text_format"})
    api_description = gettext_lazy("页面草稿的应用预览（需编辑器给出的预览凭证）")
    # Described by its own `extend_schema` below, not from a model (it has none: see `model`).
    schema_from_annotations = True

    class model:  # noqa: N801 - the router links no model's objects to this endpoint
        """No model derives from this, so page `detail_url`s keep pointing at /pages/."""

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "preview_view"}), name="listing")]

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            token = self.request.GET.get("token", "")
            if not token:
                raise BadParameter(_("请提供预览凭证（参数 token）。"))
            self._cached_object = read_preview_token(token).as_object()
        return self._cached_object

    @extend_schema(
        operation_id="page_preview",
        tags=["页面"],
        summary="应用预览：读取预览凭证对应的页面草稿",
        description="编辑在页面编辑器的“应用预览”中取得带凭证的链接；凭证有时效。"
        "返回与 /api/v2/pages/<id>/ 相同结构的草稿内容。",
        parameters=[
            OpenApiParameter("token", str, required=True, description="预览凭证"),
            OpenApiParameter("fields", str, description="与 /api/v2/pages/<id>/ 的 fields 相同"),
            OpenApiParameter("rich_text_format", str, description="富文本格式"),
        ],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="页面草稿"),
            400: error_response("缺少凭证或参数有误"),
            404: error_response("凭证无效或已过期"),
            429: error_response("请求过于频繁"),
        },
    )
    def preview_view(self, request):
        unknown = sorted(set(request.GET) - self.known_query_parameters)
        if unknown:
            raise BadParameter(_("不支持的参数：%(names)s。") % {"names": "、".join(unknown)})
        try:
            instance = self.get_object()
        except Http404:
            response = Response({"message": _("预览链接无效或已过期，请在编辑页重新预览。")}, 404)
        else:
            response = Response(self.get_serializer(instance).data)
        response["Cache-Control"] = "private, no-store"
        return response
