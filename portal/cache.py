"""Versioned fragment caching for public pages.

Public listings (policy index, notice index, home sections, marketplace lists) cache their HTML
fragments under a key that includes a *content version*. Publishing, unpublishing, moving or
deleting a page bumps the "pages" version, so every fragment that could show it is rebuilt on the
next request: "publish → the index shows it at once" without tracking which index shows what.
Marketplace apps bump their own tags (e.g. "marketplace") when a record is approved or taken down.

Templates: `{% load portal_cache %}{% content_version "pages" as version %}` then
`{% wagtailcache 600 "policy-index" page.pk version LANGUAGE_CODE request.GET.urlencode %}`
(the language belongs in every key: the same URL serves Chinese and English).
Only anonymous-safe content goes in such fragments: never a member's name, a sign-up state or a
CSRF token.
"""

import time

from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

PAGES = "pages"
_KEY = "portal:content-version:{}"


def content_version_key(tag):
    return _KEY.format(tag)


def content_version(tag=PAGES):
    key = content_version_key(tag)
    version = cache.get(key)
    if version is None:
        # Start from the clock so a cache restart never reuses an older version's fragments.
        version = int(time.time() * 1000)
        cache.add(key, version, timeout=None)
        version = cache.get(key, version)
    return version


def bump_content_version(*tags):
    for tag in tags or (PAGES,):
        key = _KEY.format(tag)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, int(time.time() * 1000), timeout=None)


def _current_versions(found, tags):
    """The versions of `tags` among the cache entries `found`; any missing one is started."""
    versions = tuple(found.get(content_version_key(tag)) for tag in tags)
    if None in versions:
        versions = tuple(content_version(tag) for tag in tags)
    return versions


def read_versioned(key, tags):
    """(the current versions of `tags`, the value stored under `key` if it was stored under
    those versions, else None), in one cache round trip. Store with `store_versioned` using the
    versions read *before* computing the value: a change made meanwhile then retires it."""
    found = cache.get_many([*(content_version_key(tag) for tag in tags), key])
    versions = _current_versions(found, tags)
    entry = found.get(key)
    if entry is not None and entry[0] == versions:
        return versions, entry[1]
    return versions, None


def read_versions(tags):
    """The current versions of `tags`, in one cache round trip: for a caller that keeps its own
    copy of a value stored with `store_versioned` and may use it only while these are its
    versions."""
    return _current_versions(cache.get_many([content_version_key(tag) for tag in tags]), tags)


def store_versioned(key, versions, value, seconds):
    cache.set(key, (versions, value), seconds)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _pages_changed(sender, **kwargs):
    bump_content_version(PAGES)


@receiver(post_delete)
def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_content_version(PAGES)
