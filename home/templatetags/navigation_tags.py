from django import template

from home.models import FooterSettings, NavigationSettings

register = template.Library()


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


def _is_current(url, path):
    if url in ("", "#"):
        return False
    if url == "/":
        return path == "/"
    return path.startswith(url)


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context["request"]
    nav = NavigationSettings.for_request(request)
    items = _resolve_links(nav.links.select_related("link_page"), request)
    for item in items:
        item["current"] = _is_current(item["url"], request.path)
    return {"items": items, "request": request}


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    request = context["request"]
    footer = FooterSettings.for_request(request)
    return {"items": _resolve_links(footer.links.select_related("link_page"), request)}
