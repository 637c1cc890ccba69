"""/api/v2/page-preview/?token=…: the draft a preview token names (portal/headless_preview.py)."""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from rest_framework.response import Response

from portal.api_endpoints import PortalPagesAPIViewSet
from portal.api_errors import BadParameter
from portal.headless_preview import read_preview_token


class PagePreviewAPIViewSet(PortalPagesAPIViewSet):
    """/api/v2/page-preview/?token=…: the draft a preview token names, as a page detail."""

    known_query_parameters = frozenset({"token", "fields", "rich_text_format"})

    class model:  # noqa: N801 - the router links no model's objects to this endpoint
        """No model derives from this, so page `detail_url`s keep pointing at /pages/."""

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "preview_view"}), name="detail")]

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            token = self.request.GET.get("token", "")
            if not token:
                raise BadParameter(_("请提供预览凭证（参数 token）。"))
            self._cached_object = read_preview_token(token).as_object()
        return self._cached_object

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
