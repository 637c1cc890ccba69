"""The frame (header navigation, footer): read once, kept until a page or a setting changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import FooterSettings, NavigationSettings
from tests.home.test_home_page import seeded  # noqa: F401 - the fixture


@pytest.fixture(autouse=True)
def frame_cache_on(settings):
    settings.PORTAL_FRAME_CACHE_SECONDS = 600


# What the frame is made of: the Site, both settings, their links and the linked pages.
FRAME_TABLES = (
    "wagtailcore_site",
    "home_navigationsettings",
    "home_navigationlink",
    "home_footersettings",
    "home_footerlink",
)


def _frame_queries(queries):
    return [
        q["sql"]
        for q in queries.captured_queries
        if any(table in q["sql"] for table in FRAME_TABLES)
    ]


def test_the_frame_is_read_once_then_kept(client, seeded):  # noqa: F811
    with CaptureQueriesContext(connection) as first:
        client.get("/search/")
    assert _frame_queries(first) != []
    with CaptureQueriesContext(connection) as second:
        html = client.get("/search/").content.decode()
    assert _frame_queries(second) == []
    # Still the whole frame: the navigation and the footer with its links.
    assert 'id="main-nav-list"' in html
    assert 'class="site-footer"' in html
    assert "友情链接" in html


def test_an_edited_footer_setting_shows_at_once(client, seeded):  # noqa: F811
    client.get("/")
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    footer.phone = "0731-87654321"
    footer.save()
    assert "0731-87654321" in client.get("/").content.decode()


def test_each_language_keeps_its_own_footer(client, seeded):  # noqa: F811
    assert "服务热线" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/").content.decode()
    assert '<html lang="en">' in english
    assert "Hotline" in english
    assert "服务热线" not in english
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "服务热线" in client.get("/").content.decode()


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
