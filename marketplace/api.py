"""API v2 endpoints of this app; `portal.api` calls `register_endpoints(router)`."""


def register_endpoints(router):
    """Nothing public yet."""
