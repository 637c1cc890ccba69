"""The site search page: every public kind of content, one tab per kind (see `sources.py`)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from marketplace.catalogue.models import ServiceCategory
from portal.search_query import MAX_QUERY_LENGTH, clean_query
from search.segmentation import query_term_strings
from search.sources import MAX_RESULTS, SOURCES, SOURCES_BY_KEY, ResultWindow, SiteSearch

RESULTS_PER_PAGE = 10
# Popular service categories offered when nothing is found.
SUGGESTED_CATEGORIES = 8


def search(request):
    query, truncated = clean_query(request.GET.get("q", ""))
    type_key = request.GET.get("type", "")
    if type_key not in SOURCES_BY_KEY:
        type_key = ""  # an unknown type shows everything rather than an error page
    site_search = SiteSearch(query, request)

    paginator = Paginator(ResultWindow(site_search, type_key or None), RESULTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    total = site_search.count(type_key or None)
    context = {
        "search_query": query,
        "query_truncated": truncated,
        "max_query_length": MAX_QUERY_LENGTH,
        "type_key": type_key,
        "type_label": SOURCES_BY_KEY[type_key].label if type_key else "",
        "tabs": _tabs(query, type_key, site_search) if query else [],
        "total": total,
        "total_label": site_search.count_label(type_key or None),
        "total_is_lower_bound": site_search.is_capped(type_key or None),
        "all_total": site_search.total,
        "capped": total > MAX_RESULTS,
        "max_results": MAX_RESULTS,
        "page_obj": page_obj,
        "paginator": paginator,
        "results": page_obj.object_list,
    }
    if not query or not site_search.total:
        context.update(_suggestions(request, query))
    return render(request, "search/search.html", context)


def _tabs(query, type_key, site_search):
    tabs = [
        {
            "key": "",
            "label": _("全部"),
            "count": site_search.total,
            "count_label": site_search.count_label(),
            "url": "?" + urlencode({"q": query}),
            "active": not type_key,
        }
    ]
    for source in SOURCES:
        tabs.append(
            {
                "key": source.key,
                "label": source.label,
                "count": site_search.counts[source.key],
                "count_label": site_search.count_label(source.key),
                "url": "?" + urlencode({"q": query, "type": source.key}),
                "active": source.key == type_key,
            }
        )
    return tabs


def _suggestions(request, query):
    """For the empty state and the prompt: the sections, popular categories and, for a query
    of several words, each word on its own."""
    sections = [
        {"label": source.label, "url": url}
        for source in SOURCES
        if (url := source.section_url(request))
    ]
    categories = list(
        ServiceCategory.objects.active().filter(depth=1).only("name", "slug")[:SUGGESTED_CATEGORIES]
    )
    terms = query_term_strings(query) if query else []
    term_queries = [
        {"term": term, "url": "?" + urlencode({"q": term})} for term in dict.fromkeys(terms)
    ][:5]
    return {
        "sections": sections,
        "categories": categories,
        "term_queries": term_queries if len(term_queries) > 1 else [],
    }
