"""The Wagtail API v2 router at /api/v2/, and the member API's URLs at /api/v2/me/.

Each app adds its public endpoints in its own `api.py` via `register_endpoints(router)`, and its
member endpoints (token-authenticated, `portal.member_api`) as `urlpatterns` in its own
`member_api.py`; this module imports them by name from `settings.PORTAL_APPS`, so it depends on
none of them.
"""

from importlib import import_module, util

from django.conf import settings
from wagtail.api.v2.router import WagtailAPIRouter

from portal.api_endpoints import (
    PortalDocumentsAPIViewSet,
    PortalImagesAPIViewSet,
    PortalPagesAPIViewSet,
)
from portal.api_preview import PagePreviewAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("images", PortalImagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)
api_router.register_endpoint("page-preview", PagePreviewAPIViewSet)

# In the order of PORTAL_APPS (lowest layer first), which is also the order of the API index.
for app in settings.PORTAL_APPS:
    if app == "portal" or util.find_spec(f"{app}.api") is None:
        continue
    register = getattr(import_module(f"{app}.api"), "register_endpoints", None)
    if register is not None:
        register(api_router)


def member_api_urlpatterns():
    """Every app's `member_api.urlpatterns`, in the order of PORTAL_APPS, under one namespace."""
    patterns = []
    for app in settings.PORTAL_APPS:
        if app == "portal" or util.find_spec(f"{app}.member_api") is None:
            continue
        patterns += import_module(f"{app}.member_api").urlpatterns
    return patterns
