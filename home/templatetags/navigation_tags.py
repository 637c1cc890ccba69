from django import template
from django.conf import settings
from wagtail.models import Site

from home.models import FooterSettings, NavigationSettings
from portal.cache import PAGES, read_versioned, store_versioned
from portal.page_cache import SITE

register = template.Library()

# The link lists change when a page is published or moved (`pages`) or a setting is saved
# (`site`): they are kept under those versions, so every page rendered for a member (which the
# page cache never serves) does not re-read the settings, the links and their pages.
# `PORTAL_LINKS_CACHE_SECONDS = 0` turns it off (the test settings do, so that query-count
# tests measure whole renders; tests/home/test_navigation.py turns it on).
LINK_VERSION_TAGS = (PAGES, SITE)


def _resolve_links(links, request):
    """Resolve each link's URL once, with the request so Wagtail reuses its site-root cache."""
    resolved = []
    for link in links:
        if link.link_page_id and link.link_page and link.link_page.live:
            url = link.link_page.get_url(request)
        else:
            url = link.link_url or "#"
        resolved.append({"label": link.label, "url": url})
    return resolved


def site_links(request, settings_model):
    """[{label, url}] of a links setting of the request's site: one cache round trip while
    nothing changed."""
    seconds = getattr(settings, "PORTAL_LINKS_CACHE_SECONDS", 600)
    if seconds <= 0:
        return _read_links(request, settings_model)
    site = Site.find_for_request(request)
    label = settings_model._meta.label_lower
    key = f"portal:links:{label}:{site.pk if site else 0}:{request.get_host()}"
    versions, items = read_versioned(key, LINK_VERSION_TAGS)
    if items is None:
        items = _read_links(request, settings_model)
        store_versioned(key, versions, items, seconds)
    return items


def _read_links(request, settings_model):
    setting = settings_model.for_request(request)
    return _resolve_links(setting.links.select_related("link_page"), request)


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
        for item in site_links(request, NavigationSettings)
    ]
    return {"items": items, "request": request}


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    return {"items": site_links(context["request"], FooterSettings)}
