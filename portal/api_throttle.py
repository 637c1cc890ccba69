"""Anonymous throttling of the API (/api/v2/), counted in the portal's rate-limit store.

`AnonymousAPIRateThrottle` is DRF's `AnonRateThrottle` (scope `anon`, rate from
`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`, i.e. `PORTAL_API_ANON_RATE`), but counting in
`portal.ratelimit` instead of DRF's per-process cache history, so every worker sees the same
count. It is the default throttle class, which Wagtail's `BaseAPIViewSet` (a DRF
`GenericViewSet`) uses like any DRF view; `throttle_anonymous_api` applies it to the plain
`/api/v2/search/` view. Refused requests get a 429 with `{"message": …}` (the API's error
shape, `portal.api_errors`) and `Retry-After`.

Responses the anonymous page cache (decision 0007) serves never reach a view, so they are not
counted: the limit protects renders, which cost far more than a stored copy.
"""

from functools import wraps

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from portal.api_errors import error_response, throttled_message
from portal.ratelimit import RateLimit

ACTION = "api-anon"


class AnonymousAPIRateThrottle(AnonRateThrottle):
    @property
    def THROTTLE_RATES(self):  # noqa: N802 - the name DRF reads
        # Read at each request: DRF binds its class attribute once at import, which would
        # ignore a later override of REST_FRAMEWORK (tests, bench).
        return api_settings.DEFAULT_THROTTLE_RATES

    def allow_request(self, request, view):
        if self.rate is None or (request.user and request.user.is_authenticated):
            return True
        limit = RateLimit(ACTION, limit=self.num_requests, window=self.duration)
        # Axes' IP helper reads the Django request's META (a DRF Request wraps it).
        self.decision = limit.acquire(getattr(request, "_request", request))
        return self.decision.allowed

    def wait(self):
        return self.decision.retry_after


def throttle_anonymous_api(view):
    """The same anonymous limit for an API view that is not a DRF view."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        throttle = AnonymousAPIRateThrottle()
        if not throttle.allow_request(request, None):
            response = error_response(throttled_message(), status=429)
            response["Retry-After"] = str(throttle.wait())
            return response
        return view(request, *args, **kwargs)

    return wrapped
