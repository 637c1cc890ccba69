"""The 预览稿 PDF of a sent contract: rendered on an explicit member download, never stored.

The bytes are cached briefly under the contract's id and `updated_at` (any change to the
contract moves `updated_at`, so an edited contract is never served an old preview), so a double
click renders once. Renders (not cache hits) are limited per user: WeasyPrint takes a second or
two of a worker, and nobody needs dozens of previews a minute.
"""

from django.core.cache import cache
from django.utils import translation

from contracts import pdf
from portal.ratelimit import RateLimit

CACHE_SECONDS = 10 * 60
# A contract preview is a few hundred KB; anything far bigger is not worth keeping in the cache.
CACHE_MAX_BYTES = 5 * 1024 * 1024


# Per member, not per IP: colleagues behind one NAT share an IP.
render_limit = RateLimit("contract-preview", limit=10, window=10 * 60, per="user")


def cache_key(contract):
    stamp = contract.updated_at.timestamp() if contract.updated_at else 0
    return f"contracts:preview-pdf:{contract.pk}:{stamp:.6f}:{translation.get_language()}"


class PreviewRateLimited(Exception):
    """Too many previews rendered by this member in the current window."""

    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


def preview_pdf(request, contract):
    """The preview bytes for `contract` (the caller has checked access and state)."""
    key = cache_key(contract)
    content = cache.get(key)
    if content is not None:
        return content
    decision = render_limit.acquire(request)
    if not decision.allowed:
        raise PreviewRateLimited(decision.retry_after)
    content = pdf.render_preview_pdf(contract)
    if len(content) <= CACHE_MAX_BYTES:
        cache.set(key, content, CACHE_SECONDS)
    return content
