"""The client's address, for django-axes (`AXES_CLIENT_IP_CALLABLE`) and so for every rate limit.

Behind the TLS proxy (docs/deployment.md) REMOTE_ADDR is the proxy's, the same for every client:
one shared counter would refuse everybody at once. With `PORTAL_TRUSTED_PROXY_COUNT` = n proxies
in front of gunicorn, each appending to X-Forwarded-For (nginx: `$proxy_add_x_forwarded_for`),
the client is the n-th address from the right: what the outermost trusted proxy saw. Addresses
further left are whatever the client sent, so they are never used. 0 (the default) uses
REMOTE_ADDR, for a portal reached directly.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    candidate = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
