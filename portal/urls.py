from django.conf import settings
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal.accounts import api as accounts_api
from portal.api import api_router, member_api_urlpatterns
from portal.api_docs import APIIndexView, APISchemaView, api_docs
from portal.image_files import member_image_file

urlpatterns = [
    # Wagtail's site-history and workflow reports, scoped to what the user may see (issue 14),
    # at Wagtail's own URLs: matched first, so the unscoped originals are unreachable.
    path("admin/reports/", include("marketplace.members.admin.reports")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The API's front door: its index, OpenAPI document and docs page (not in the page cache).
    path("api/v2/", APIIndexView.as_view(), name="api-index"),
    path("api/v2/schema/", APISchemaView.as_view(), name="api-schema"),
    path("api/v2/docs/", api_docs, name="api-docs"),
    # Token login and the member API (portal/member_api.py), beside Wagtail's public endpoints.
    path("api/v2/auth/", include((accounts_api.urlpatterns, "apiauth"))),
    path("api/v2/me/", include((member_api_urlpatterns(), "memberapi"))),
    path("api/v2/", api_router.urls),
    # No CSRF token: a language preference is harmless to forge, and a token in the header would
    # make every public page per-visitor and uncacheable (decision 0007).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("accounts/", include("portal.accounts.urls")),
    # Members' private image files (portal/image_files.py): the owner and staff only.
    path("center/media/<path:name>", member_image_file, name="member_image_file"),
    path("", include("portal.urls_health")),
    path("", include("policies.urls")),
    path("", include("notices.urls")),
    path("", include("marketplace.members.urls")),
    path("", include("marketplace.catalogue.urls")),
    path("", include("marketplace.trade.urls")),
    path("", include("contracts.urls")),
    path("", include("search.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Public media only; private files are never under MEDIA_ROOT.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree takes everything not matched above; keep it last.
urlpatterns += [path("", include(wagtail_urls))]
