"""Cheap renders without the page cache (issue 20): versions read once per request, versioned
fragments kept by each worker, site root paths read once per API listing."""

import time
from unittest import mock

import pytest
from django.core.cache import cache as default_cache
from django.core.cache import caches
from wagtail.models import Site

from home.factories import StandardPageFactory
from portal.cache import (
    bump_content_version,
    content_version,
    content_version_key,
    versions_read_once,
)
from portal.fragment_cache import _ENTRY_OVERHEAD, LocalFirstCache
from tests.home.test_home_page import seeded  # noqa: F401 - the fixture


class CountingCache:
    """Counts the round trips made to the shared (default) cache."""

    def __init__(self, monkeypatch):
        self.calls = []
        self.depth = 0
        for name in ("get", "get_many", "set", "add", "incr"):
            original = getattr(default_cache, name)
            monkeypatch.setattr(default_cache, name, self._counted(name, original))

    def _counted(self, name, original):
        def counted(*args, **kwargs):
            if not self.depth:  # local memory's get_many calls get: one round trip with Redis
                self.calls.append((name, args[0] if args else None))
            self.depth += 1
            try:
                return original(*args, **kwargs)
            finally:
                self.depth -= 1

        return counted

    def reads(self):
        return [call for call in self.calls if call[0] in ("get", "get_many")]


def local_first(**options):
    return LocalFirstCache("", {"OPTIONS": {"SHARED": "default", **options}, "TIMEOUT": 600})


# The worker's copies ------------------------------------------------------------------------


def test_a_stored_fragment_is_read_again_without_the_shared_cache(monkeypatch):
    fragments = local_first()
    fragments.set("policy-index:v1", "<ul>政策</ul>")
    counting = CountingCache(monkeypatch)
    assert fragments.get("policy-index:v1") == "<ul>政策</ul>"
    assert counting.reads() == []
    # Another worker's copy: read from the shared cache once, then kept.
    other_worker = local_first()
    assert other_worker.get("policy-index:v1") == "<ul>政策</ul>"
    assert other_worker.get("policy-index:v1") == "<ul>政策</ul>"
    assert len(counting.reads()) == 1


def test_a_missing_fragment_is_the_default_and_nothing_is_kept():
    fragments = local_first()
    assert fragments.get("never-stored", "缺") == "缺"
    assert len(fragments) == 0


def test_the_workers_copies_stay_within_their_byte_budget(settings):
    settings.PORTAL_FRAGMENT_CACHE_LOCAL_BYTES = 3 * (1000 + _ENTRY_OVERHEAD)
    fragments = local_first()
    for number in range(5):
        fragments.set(f"fragment:{number}", "x" * 1000)
    assert len(fragments) == 3
    default_cache.clear()  # the shared cache forgets: only the three newest copies remain
    assert [fragments.get(f"fragment:{n}") for n in range(5)][:2] == [None, None]
    assert fragments.get("fragment:4") == "x" * 1000
    # A value larger than the whole budget is only shared.
    fragments.set("huge", "x" * 10_000)
    assert len(fragments) == 3 and default_cache.get("huge") == "x" * 10_000


def test_expired_copies_are_not_served(monkeypatch):
    fragments = local_first()
    fragments.set("short", "旧", timeout=1)
    later = time.monotonic() + 2
    monkeypatch.setattr("portal.fragment_cache.time.monotonic", lambda: later)
    default_cache.delete("short")
    assert fragments.get("short") is None


def test_no_local_copies_when_turned_off(settings):
    settings.PORTAL_FRAGMENT_CACHE_LOCAL_BYTES = 0
    fragments = local_first()
    fragments.set("fragment", "共享")
    assert len(fragments) == 0 and fragments.get("fragment") == "共享"


# Versions read once per request -------------------------------------------------------------


def test_inside_a_request_versions_are_read_once_and_see_its_own_bumps(monkeypatch):
    for tag in ("pages", "marketplace", "site"):
        content_version(tag)  # started
    counting = CountingCache(monkeypatch)
    with versions_read_once():
        pages = content_version()
        assert content_version("marketplace") and content_version("site")
        assert content_version() == pages
        assert len(counting.reads()) == 1, "one round trip for every known tag"
        bump_content_version()
        assert content_version() == pages + 1, "the request sees its own publish"
    default_cache.incr(content_version_key("pages"))
    assert content_version() == pages + 2, "outside, every read is fresh"


def test_outside_a_request_every_read_is_fresh():
    before = content_version()
    default_cache.incr(content_version_key("pages"))  # another worker publishes
    assert content_version() == before + 1


def test_the_home_page_reads_only_the_versions(client, seeded, settings, monkeypatch):  # noqa: F811
    settings.PORTAL_FRAME_CACHE_SECONDS = 600
    client.get("/")  # fragments stored
    counting = CountingCache(monkeypatch)
    response = client.get("/")
    assert response.status_code == 200 and 'class="site-footer"' in response.text
    # One read of the content versions (and at most Wagtail's site root paths); every fragment
    # (the frame, the notice and marketplace sections) comes from the worker's own copies.
    reads = [str(call[1]) for call in counting.reads()]
    assert len([read for read in reads if "content-version" in read]) == 1, reads
    assert [read for read in reads if "content-version" not in read] in (
        [],
        ["wagtail_site_root_paths"],
    )


def test_fragments_are_cleared_with_the_other_caches():
    caches["template_fragments"].set("fragment", "值")
    for cache in caches.all():
        cache.clear()
    assert caches["template_fragments"].get("fragment") is None


# The API's page URLs ------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_api_listing_reads_the_site_root_paths_once(client, seeded):  # noqa: F811
    for number in range(6):
        StandardPageFactory(parent=seeded, title=f"页面{number}", slug=f"page-{number}")
    with mock.patch.object(
        Site, "get_site_root_paths", wraps=Site.get_site_root_paths
    ) as root_paths:
        response = client.get("/api/v2/pages/?limit=20")
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) >= 7
    assert root_paths.call_count == 1
    by_slug = {item["meta"]["slug"]: item["meta"]["html_url"] for item in items}
    assert by_slug["page-3"].startswith("http") and by_slug["page-3"].endswith("/page-3/")
