"""The frame every page shares: the header navigation and the footer.

Both come from site settings and pages (NavigationSettings, FooterSettings, their links and the
pages they link to). They are kept per host and language under the `pages` and `site` content
versions, so a page rendered for a member (which the page cache never serves) gets its frame
without looking up the Site, the settings or the linked pages, and without rendering the footer:
the key holds the versions, so each worker keeps its own copy (`portal.fragment_cache`) and the
versions are the ones the request reads once for all its fragments (`portal.cache`).
Publishing or moving a page bumps `pages`, saving a setting or a link bumps `site`: the next
request rebuilds the frame. Only the "current section" mark is per request.
`PORTAL_FRAME_CACHE_SECONDS = 0` turns the keeping off (the test settings do, so that query-count
tests measure whole renders; tests/home/test_navigation.py turns it on).
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from home.models import FooterSettings, NavigationSettings
from portal.cache import PAGES, read_versions
from portal.fragment_cache import fragment_cache
from portal.page_cache import SITE

register = template.Library()

FRAME_VERSION_TAGS = (PAGES, SITE)
_REQUEST_ATTRIBUTE = "_portal_site_frame"


def resolve_links(links, request):
    """Resolve each link's URL once, with the request so Wagtail reuses its site-root cache."""
    resolved = []
    for link in links:
        if link.link_page_id and link.link_page and link.link_page.live:
            url = link.link_page.get_url(request)
        else:
            url = link.link_url or "#"
        resolved.append({"label": link.label, "url": url})
    return resolved


def _build_frame(request):
    navigation = NavigationSettings.for_request(request)
    footer = FooterSettings.for_request(request)
    footer_html = render_to_string(
        "includes/footer.html",
        {
            "footer": footer,
            "links": resolve_links(footer.links.select_related("link_page"), request),
        },
    )
    return {
        "navigation": resolve_links(navigation.links.select_related("link_page"), request),
        "footer": footer_html,
    }


def site_frame(request):
    """{"navigation": [{label, url}], "footer": html} of the request's host, in the active
    language: built once per request, and kept between requests while nothing changed."""
    frame = getattr(request, _REQUEST_ATTRIBUTE, None)
    if frame is not None:
        return frame
    seconds = getattr(settings, "PORTAL_FRAME_CACHE_SECONDS", 600)
    if seconds <= 0:
        frame = _build_frame(request)
    else:
        # The host, not the Site row, in the key: finding the Site is a query we want to skip,
        # and Wagtail maps each (validated) host to one Site.
        versions = ":".join(str(version) for version in read_versions(FRAME_VERSION_TAGS))
        key = f"portal:frame:{request.get_host()}:{get_language()}:{versions}"
        fragments = fragment_cache()
        frame = fragments.get(key)
        if frame is None:
            frame = _build_frame(request)
            fragments.set(key, frame, seconds)
    setattr(request, _REQUEST_ATTRIBUTE, frame)
    return frame


def _is_current(url, path):
    if url in ("", "#"):
        return False
    if url == "/":
        return path == "/"
    return path.startswith(url)


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context["request"]
    items = [
        {**item, "current": _is_current(item["url"], request.path)}
        for item in site_frame(request)["navigation"]
    ]
    return {"items": items}


@register.simple_tag(takes_context=True)
def site_footer(context):
    # Rendered from site settings and pages only (no member, no CSRF token): safe to share.
    return mark_safe(site_frame(context["request"])["footer"])
