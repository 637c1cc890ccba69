"""Absolute URLs in API answers: an app has no page to resolve `/policies/…` against."""

from wagtail.api.utils import get_full_url


def absolute_url(request, url):
    """`/path` on the API's base URL (`WAGTAILAPI_BASE_URL`, else the request's site); URLs
    with a scheme (`https:`, `mailto:`) as they are; an empty link or `#` is None."""
    if not url or url == "#":
        return None
    if url.startswith("/") and not url.startswith("//"):
        return get_full_url(request, url)
    return url
