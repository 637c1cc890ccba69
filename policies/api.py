"""API v2 endpoints of this app; `portal.api` calls `register_endpoints(router)`.

Policy pages need no endpoint of their own: the shared pages endpoint serves them
(`/api/v2/pages/?type=policies.PolicyPage&fields=…`), using `PolicyPage.api_fields` and the
page-type hooks of `portal.api_endpoints.PortalPagesAPIViewSet` for the taxonomy filters.
"""


def register_endpoints(router):
    """Nothing beyond the shared pages endpoint."""
