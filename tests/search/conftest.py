"""The Chinese-aware backend as the default search backend, and a way to make indexed records."""

import pytest
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from search.models import SearchBenchmarkRecord

CHINESE_BACKEND = {"default": {"BACKEND": "search.backends.database"}}


@pytest.fixture
def search_backend(db):
    """The portal's backend, active for indexing (signals) and searching, with the defaults."""
    with override_settings(WAGTAILSEARCH_BACKENDS=CHINESE_BACKEND):
        backend = get_search_backend()
        backend.reset_indexes()
        yield backend


@pytest.fixture
def make_record(search_backend):
    """Create a record; saving indexes it through Wagtail's signal handlers."""

    def make(title, body=""):
        return SearchBenchmarkRecord.objects.create(title=title, body=body)

    return make


def found(backend, query, **kwargs):
    """Titles of the records a query finds, in the backend's order."""
    return [record.title for record in backend.search(query, SearchBenchmarkRecord, **kwargs)]
