import pytest
from django.core.cache import cache

from policies.factories import PolicyIndexPageFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Fragments are cached across requests; each test starts from an empty cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def policy_index(home_page):
    return PolicyIndexPageFactory(parent=home_page)
