import pytest
from django.core.cache import cache

from notices.factories import NoticeIndexPageFactory
from notices.models import NoticeKind


@pytest.fixture(autouse=True)
def clear_cache():
    # Fragment caches and content versions live in the local-memory cache between tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def activity_index(home_page):
    return NoticeIndexPageFactory(parent=home_page, kind=NoticeKind.ACTIVITY, title="活动通知")


@pytest.fixture
def declaration_index(home_page):
    return NoticeIndexPageFactory(parent=home_page, kind=NoticeKind.DECLARATION, title="项目申报")


@pytest.fixture
def news_index(home_page):
    return NoticeIndexPageFactory(parent=home_page, kind=NoticeKind.NEWS, title="新闻动态")
