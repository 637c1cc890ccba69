from django.urls import path

from portal.page_cache import cache_public_page
from search.views import search

app_name = "search"

urlpatterns = [
    path("search/", cache_public_page(search), name="search"),
]
