"""API v2 endpoints of this app; `portal.api` calls `register_endpoints(router)`.

Notice pages are served by the shared pages endpoint (`/api/v2/pages/?type=notices.…`), which
already returns live, public pages only and reads each model's `api_fields`. Sign-ups are
members' personal data: never public here, only each account's own, with its token, under
/api/v2/me/signups/ (`notices/member_api.py`).
"""


def register_endpoints(router):
    """Nothing beyond the shared pages endpoint."""
