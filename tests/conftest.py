"""Fixtures shared by the whole suite: the site tree, users, and a real browser for e2e tests."""

import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation
from wagtail.models import Site

from home.demo import ensure_tree_root
from home.factories import HomePageFactory
from portal.factories import SuperUserFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests marked `runs_last` (a module that builds one site for all its tests and empties the
    database after) run after every other test, pytest-django's ordering kept for the rest: a
    test after them would miss what the migrations made (the default site, groups)."""
    last = [item for item in items if item.get_closest_marker("runs_last")]
    if last:
        items[:] = [item for item in items if not item.get_closest_marker("runs_last")] + last


@pytest.fixture(autouse=True)
def _portal_language():
    """Each test starts in Chinese: a request made with the English cookie leaves English active
    in the thread (as Django's own LocaleMiddleware does), which must not leak into the next."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: the database is rolled back between tests, so cached
    renditions, fragments or settings of rows that no longer exist must not leak into the next."""
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home_page(db):
    """The portal's HomePage as the default site's root (Wagtail's welcome page removed)."""
    root = ensure_tree_root()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="测试站点"
    )
    return home


@pytest.fixture
def user(db):
    return UserFactory(username="member1")


@pytest.fixture
def admin_user(db):
    return SuperUserFactory(username="editor-admin")
