"""The header navigation and footer links: read once, kept until a page or a setting changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import NavigationSettings

from .test_home_page import seeded  # noqa: F401 - the fixture


@pytest.fixture(autouse=True)
def links_cache_on(settings):
    settings.PORTAL_LINKS_CACHE_SECONDS = 600


# The footer's other settings (address, phone) are read by the template on their own.
LINK_TABLES = ("home_navigationsettings", "home_navigationlink", "home_footerlink")


def _link_queries(queries):
    return [
        q["sql"]
        for q in queries.captured_queries
        if any(table in q["sql"] for table in LINK_TABLES)
    ]


def test_links_are_read_once_then_kept(client, seeded):  # noqa: F811
    client.get("/")
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    assert _link_queries(first) == []


def test_an_edited_link_shows_at_once(client, seeded):  # noqa: F811
    client.get("/")
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    link = navigation.links.get(label="服务机构")
    link.label = "服务机构名录"
    link.save()
    html = client.get("/").content.decode()
    assert ">服务机构名录</a>" in html


def test_a_moved_page_gets_its_new_url_at_once(client, seeded):  # noqa: F811
    client.get("/")
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    link = navigation.links.filter(link_page__isnull=False).exclude(label="首页").first()
    page = link.link_page.specific
    page.slug = "renamed-section"
    page.save_revision().publish()
    html = client.get("/").content.decode()
    assert 'href="/renamed-section/"' in html


def test_the_current_section_is_marked_per_request(client, seeded):  # noqa: F811
    home = client.get("/").content.decode()
    assert 'href="/" aria-current="page"' in home
    other = client.get("/search/").content.decode()
    assert 'href="/" aria-current="page"' not in other
