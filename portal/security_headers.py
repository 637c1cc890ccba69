"""Content-Security-Policy (django-csp) and Permissions-Policy on every response.

Both middleware sit outside `AnonymousPageCacheMiddleware` (decision 0007): a stored page passes
through them like a fresh render, so it carries the current headers and a policy change needs no
cache flush. For the same reason the policy is chosen here, by path and by the response's
X-Frame-Options, rather than by django-csp's view decorators: those mark the response object,
and a stored page is a new response without the marks (they still work on views that are never
stored, such as forms and the member centre).

There are no nonces: a stored page is served to everyone, so its nonce would be public. The
portal's templates therefore carry no inline script, event handler or style attribute; the
Wagtail admin, which does, gets its own policy (`PORTAL_ADMIN_CONTENT_SECURITY_POLICY`).
"""

import functools

from csp.constants import HEADER, HEADER_REPORT_ONLY, NONE, SELF
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy, default_config
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

ADMIN_POLICY = "PORTAL_ADMIN_CONTENT_SECURITY_POLICY"
_POLICY_SETTINGS = frozenset(
    {
        "CONTENT_SECURITY_POLICY",
        "CONTENT_SECURITY_POLICY_REPORT_ONLY",
        ADMIN_POLICY,
        "PORTAL_PERMISSIONS_POLICY",
    }
)
# frame-ancestors says what X-Frame-Options says, so that the two never disagree: DENY everywhere
# except Wagtail's preview views, which mark themselves SAMEORIGIN for the admin's preview panel.
_FRAME_ANCESTORS = {"DENY": [NONE], "SAMEORIGIN": [SELF]}
# Marks a response whose headers this middleware wrote.
_SET_HERE = "_portal_csp_set"
# Attributes django-csp's decorators put on a response; such a response takes the full build.
_VIEW_MARKS = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy chosen by path, and built once per kind.

    Building a policy costs django-csp ~0.1 ms per response, a third of a stored page; the
    header only depends on (admin or not, X-Frame-Options), so it is built once for each pair.
    Responses marked by django-csp's decorators, pages that used a nonce and Django's debug
    error pages go through django-csp's own path.
    """

    def process_response(self, request, response):
        if getattr(response, _SET_HERE, False):
            # Wagtail renders a preview through the whole middleware stack for a dummy request of
            # the page's own URL: the header set for that one gives way to this request's.
            for header in (HEADER, HEADER_REPORT_ONLY):
                if header in response:
                    del response[header]
        setattr(response, _SET_HERE, True)
        if (
            getattr(request, "_csp_nonce", None) is not None
            or (settings.DEBUG and response.status_code in (404, 500))
            or any(hasattr(response, mark) for mark in _VIEW_MARKS)
        ):
            return super().process_response(request, response)
        path = request.path_info
        enforced, report_only = _built_headers(_is_admin(path), _frame_key(response))
        for header, (value, excluded) in (
            (HEADER, enforced),
            (HEADER_REPORT_ONLY, report_only),
        ):
            if value and header not in response and not path.startswith(excluded):
                response[header] = value
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        return _with_portal_policy(
            parts, _is_admin(request.path_info), _frame_key(response), report_only
        )


class PermissionsPolicyMiddleware:
    """Turns off the browser features the portal never uses (camera, microphone, payment, …)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = permissions_policy_header()
        if header:
            response.headers.setdefault("Permissions-Policy", header)
        return response


@functools.cache
def permissions_policy_header():
    """`PORTAL_PERMISSIONS_POLICY` ({feature: [allowed origins]}) as the header's value."""
    parts = []
    for feature, allowlist in getattr(settings, "PORTAL_PERMISSIONS_POLICY", {}).items():
        if "*" in allowlist:
            parts.append(f"{feature}=*")
            continue
        tokens = [token if token in ("self", "src") else f'"{token}"' for token in allowlist]
        parts.append(f"{feature}=({' '.join(tokens)})")
    return ", ".join(parts)


def _frame_key(response):
    value = response.get("X-Frame-Options", "").upper()
    return value if value in _FRAME_ANCESTORS else ""


@functools.cache
def _admin_prefixes():
    return tuple(getattr(settings, ADMIN_POLICY, {}).get("PATH_PREFIXES", ()))


def _is_admin(path):
    prefixes = _admin_prefixes()
    return bool(prefixes) and path.startswith(prefixes)


def _config(admin, report_only):
    """The directives in force: the admin's own on admin paths, else the portal's."""
    if report_only:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
    else:
        policy = (admin and getattr(settings, ADMIN_POLICY, None)) or getattr(
            settings, "CONTENT_SECURITY_POLICY", None
        )
    return default_config(policy.get("DIRECTIVES", {})) if policy else None


def _with_portal_policy(parts, admin, frame_key, report_only):
    if parts.config is None:
        parts.config = _config(admin, report_only)
    if parts.config is not None and frame_key:
        # A view's own csp_replace of frame-ancestors still wins.
        parts.replace = {"frame-ancestors": _FRAME_ANCESTORS[frame_key], **(parts.replace or {})}
    return parts


@functools.cache
def _built_headers(admin, frame_key):
    """((enforced value, excluded prefixes), (report-only value, excluded prefixes))."""
    built = []
    for report_only, setting in (
        (False, "CONTENT_SECURITY_POLICY"),
        (True, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
    ):
        parts = _with_portal_policy(PolicyParts(), admin, frame_key, report_only)
        value = build_policy(config=parts.config, replace=parts.replace, report_only=report_only)
        excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
        built.append((value, tuple(excluded)))
    return tuple(built)


@receiver(setting_changed)
def _policy_changed(*, setting, **kwargs):
    # override_settings and pytest-django's `settings` fixture must take effect.
    if setting in _POLICY_SETTINGS:
        _built_headers.cache_clear()
        _admin_prefixes.cache_clear()
        permissions_policy_header.cache_clear()
