"""The site search offered to the layers below (they cannot import this app)."""

from wagtail import hooks

from portal.api_filters import API_SEARCH_HOOK
from search.sources import SOURCES_BY_KEY, SiteSearch


@hooks.register(API_SEARCH_HOOK)
def api_search_ranked_ids(kind, query, request):
    """`?search=` of the API listings of a kind (service, product, demand, institution): the ids
    `/api/v2/search/?type=<kind>` lists for the query, in its order."""
    if kind not in SOURCES_BY_KEY:
        return None
    return SiteSearch(query, request, sources=(SOURCES_BY_KEY[kind],)).ranked_ids(kind)
