"""HTTP caching of the API (/api/v2/): ETag, 304 Not Modified, Cache-Control and Vary.

Apps ask for the same lists again and again, and most of the time nothing has changed. Every
public change bumps a content version of `portal.cache` (publishing or moving a page bumps
"pages", any saved public row "site", marketplace rows also "marketplace"), so the versions the
anonymous page cache keys on (decision 0007) also tell whether an API answer may have changed.
The ETag is a hash of those versions and of what selects the representation: host, path and
query string, language, today's date (demands and declarations expire by date) and the Accept
header (JSON or the browsable API). It is computed without rendering, so `If-None-Match` with a
current ETag is answered 304 here, before the page cache, sessions, throttle or view run: one
cache round trip, which the page cache's check of a local copy then shares
(`portal.page_cache.request_versions`). Like a stored page, a 304 is not counted by the anonymous
throttle (portal/api_throttle.py): the limit protects renders.

Personal answers are never shared: a request with an `Authorization` header, anything under
/api/v2/me/ or /api/v2/auth/, a response to a signed-in member and one the view itself marked
private get `Cache-Control: private, no-store` and no ETag. Errors get `no-store` and no ETag.
Public answers get `public, max-age=PORTAL_API_MAX_AGE`, then revalidate with the ETag.

No Last-Modified: the versions are counters, not times, and a time would cost a query per list.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from portal.middleware import chosen_language
from portal.page_cache import request_versions

API_PREFIX = "/api/v2/"
PERSONAL_PREFIXES = ("/api/v2/me/", "/api/v2/auth/")
# The answer depends on the format asked for, on who asks (a token or a session cookie makes it
# personal) and on the language cookie. Origin is added by django-cors-headers when CORS is on.
VARY = ("Accept", "Authorization", "Cookie")
PRIVATE = "private, no-store"


def api_max_age():
    return getattr(settings, "PORTAL_API_MAX_AGE", 60)


def public_cache_control():
    return f"public, max-age={api_max_age()}"


class APIHTTPCacheMiddleware:
    """Outside the anonymous page cache (see MIDDLEWARE): a revalidation is answered before the
    page cache reads a stored page, and a stored response gets the same headers as a render (the
    page cache stores what comes from further in, before these headers are added)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        if _personal_request(request):
            return _mark_private(self.get_response(request))
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        etag = api_etag(request)
        # With a session cookie the request may be a member's: only the render tells.
        early = settings.SESSION_COOKIE_NAME not in request.COOKIES
        if early and _matches(request, etag, any_current=False):
            return _not_modified(etag)
        response = self.get_response(request)
        user = getattr(request, "user", None)  # unset when the page cache answered
        if user is not None and user.is_authenticated:
            return _mark_private(response)
        if response.status_code >= 400:
            response["Cache-Control"] = "no-store"
            patch_vary_headers(response, VARY)
            return response
        if response.status_code != 200 or response.streaming:
            return response
        if any(word in response.get("Cache-Control", "") for word in ("private", "no-store")):
            return _mark_private(response)
        if _matches(request, etag, any_current=True):
            return _not_modified(etag)
        response["ETag"] = etag
        response["Cache-Control"] = public_cache_control()
        patch_vary_headers(response, VARY)
        return response


def api_etag(request):
    """The ETag of the public answer to `request`, from the content versions, without rendering.

    Weak: it names the content, not the bytes (a proxy may compress them).
    """
    raw = "|".join(
        [
            ",".join(str(version) for version in request_versions(request)),
            request.get_host(),
            request.get_full_path(),
            chosen_language(request),
            timezone.localdate().isoformat(),
            request.META.get("HTTP_ACCEPT", ""),
        ]
    )
    return f'W/"{hashlib.sha256(raw.encode()).hexdigest()[:32]}"'


def _personal_request(request):
    return "HTTP_AUTHORIZATION" in request.META or request.path_info.startswith(PERSONAL_PREFIXES)


def _opaque(etag):
    return etag.removeprefix("W/")


def _matches(request, etag, *, any_current):
    """If-None-Match compares weakly (RFC 9110 13.1.2). `*` matches any current answer, which
    only a render can tell (the URL may be an error): `any_current` says there is one."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    given = parse_etags(header)
    return ("*" in given and any_current) or _opaque(etag) in {_opaque(tag) for tag in given}


def _not_modified(etag):
    # A 304 carries what the 200 would have said about caching (RFC 9110 15.4.5).
    response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = public_cache_control()
    patch_vary_headers(response, VARY)
    return response


def _mark_private(response):
    if "ETag" in response:
        del response["ETag"]
    response["Cache-Control"] = PRIVATE
    patch_vary_headers(response, VARY)
    return response
