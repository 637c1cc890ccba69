"""The Wagtail API v2 router at /api/v2/.

Each app adds its endpoints in its own `api.py` via `register_endpoints(router)`; this module
imports them by name from `settings.PORTAL_APPS`, so it depends on none of them.
"""

from importlib import import_module, util

from django.conf import settings
from wagtail.api.v2.router import WagtailAPIRouter

from portal.api_endpoints import (
    PortalDocumentsAPIViewSet,
    PortalImagesAPIViewSet,
    PortalPagesAPIViewSet,
)

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("images", PortalImagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)

# In the order of PORTAL_APPS (lowest layer first), which is also the order of the API index.
for app in settings.PORTAL_APPS:
    if app == "portal" or util.find_spec(f"{app}.api") is None:
        continue
    register = getattr(import_module(f"{app}.api"), "register_endpoints", None)
    if register is not None:
        register(api_router)
