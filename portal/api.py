"""The Wagtail API v2 router at /api/v2/.

Each app adds its endpoints in its own `api.py` via `register_endpoints(router)`, so this module
only lists which apps take part.
"""

from importlib import import_module

from wagtail.api.v2.router import WagtailAPIRouter

from portal.api_endpoints import PortalDocumentsAPIViewSet, PortalImagesAPIViewSet, PortalPagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("images", PortalImagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)

for app in ("policies", "notices", "marketplace", "contracts", "search"):
    module = import_module(f"{app}.api")
    register = getattr(module, "register_endpoints", None)
    if register is not None:
        register(api_router)
