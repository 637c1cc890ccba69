"""Draft preview for a separate front end (an app or a mini-program that renders pages itself).

In the page editor's preview, the mode 「应用预览」 (`HeadlessPreviewMixin`) shows a signed link
instead of the web page: `/api/v2/page-preview/?token=…` answers the page's latest saved draft in
the shape of `/api/v2/pages/<id>/`, for `PORTAL_PREVIEW_TOKEN_SECONDS` (30 minutes by default).
When `PORTAL_HEADLESS_PREVIEW_URL` is set (e.g. `https://app.example.cn/preview?token={token}`),
the editor also gets a link that opens the app's own preview screen with that token. The
endpoint is `portal.api_preview.PagePreviewAPIViewSet`.

The token is the permission: it is made only inside the editor's preview (only users who may edit
the page get there), names one page and one revision, is signed with the `SECRET_KEY` and
expires. No token, a forged or an expired one: no draft (400/404 with `{"message": …}`). The
answer is `Cache-Control: private, no-store`, so neither the page cache nor a proxy keeps it.
"""

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from wagtail.models import Revision

SALT = "portal.headless_preview"
APP_MODE = "app"


def make_preview_token(page):
    """A signed token for `page`'s latest saved revision, or None if it has none yet."""
    revision_id = page.latest_revision_id
    if page.pk is None or revision_id is None:
        return None
    return signing.dumps({"page": page.pk, "revision": revision_id}, salt=SALT, compress=True)


def read_preview_token(token):
    """The revision a token names; `Http404` if it is forged, expired or names nothing."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PORTAL_PREVIEW_TOKEN_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        raise Http404 from None
    revision = (
        Revision.page_revisions.filter(pk=data.get("revision"), object_id=str(data.get("page")))
        .select_related("content_type")
        .first()
    )
    if revision is None:
        raise Http404
    return revision


class HeadlessPreviewMixin:
    """Adds the 「应用预览」 preview mode to a page model."""

    @property
    def preview_modes(self):
        return [*super().preview_modes, (APP_MODE, gettext_lazy("应用预览"))]

    def serve_preview(self, request, mode_name):
        if mode_name != APP_MODE:
            return super().serve_preview(request, mode_name)
        token = make_preview_token(self)
        context = {"page": self, "token": token}
        if token is not None:
            api_url = request.build_absolute_uri("/api/v2/page-preview/") + f"?token={token}"
            context["api_url"] = api_url
            if client_url := settings.PORTAL_HEADLESS_PREVIEW_URL:
                context["app_url"] = client_url.format(token=token, page_id=self.pk)
            context["minutes"] = settings.PORTAL_PREVIEW_TOKEN_SECONDS // 60
        response = render(request, "portal/headless_preview.html", context)
        response["Cache-Control"] = "private, no-store"
        return response
