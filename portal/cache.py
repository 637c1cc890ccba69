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

Within a request (`ContentVersionsMiddleware`) the versions are read once (one round trip for
every tag the worker has used) and remembered until the request ends; a bump made by the
request itself updates what it remembers. A page's fragments then cost no round trip for their
versions (the home page asked Redis for the "pages" version five times). Outside requests
(tasks, commands) nothing is remembered. Fragments themselves go to the `template_fragments`
cache (`portal.fragment_cache`), which each worker keeps locally in front of the shared one.
"""

import time
from contextlib import contextmanager

from asgiref.local import Local
from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

PAGES = "pages"
_KEY = "portal:content-version:{}"
# Every tag this worker has read: a request reads them all in its first round trip.
_known_tags = {PAGES, "marketplace", "site"}
# This request's versions ({tag: version}), or None outside a request.
_request = Local()


def content_version_key(tag):
    return _KEY.format(tag)


def _remembered():
    return getattr(_request, "versions", None)


@contextmanager
def versions_read_once():
    """Within this block, each content version is read from the cache at most once."""
    outer = _remembered()
    _request.versions = {}
    try:
        yield
    finally:
        _request.versions = outer


class ContentVersionsMiddleware:
    """A request reads the content versions once (`versions_read_once`), whatever asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with versions_read_once():
            return self.get_response(request)


def _start_version(key):
    # Start from the clock (in µs) so a cache restart never reuses an older version, whose
    # fragments workers may still keep (portal/fragment_cache.py).
    version = time.time_ns() // 1000
    cache.add(key, version, timeout=None)
    return cache.get(key, version)


def _versions_from(found, tags):
    """{tag: version} of `tags` among the cache entries `found`; any missing one is started."""
    versions = {}
    for tag in tags:
        key = content_version_key(tag)
        version = found.get(key)
        versions[tag] = _start_version(key) if version is None else version
    return versions


def _read(tags, extra_key=None):
    """({tag: version} for `tags`, the entry under `extra_key`), in one round trip: inside a
    request, versions already read are not asked again and every known tag is read with the
    first ones."""
    remembered = _remembered()
    if remembered is None:
        wanted = set(tags)
    else:
        _known_tags.update(tags)
        wanted = {tag for tag in _known_tags if tag not in remembered}
    keys = [content_version_key(tag) for tag in wanted]
    if extra_key is not None:
        keys.append(extra_key)
    found = cache.get_many(keys) if keys else {}
    versions = _versions_from(found, wanted)
    if remembered is not None:
        remembered.update(versions)
        versions = remembered
    return {tag: versions[tag] for tag in tags}, found.get(extra_key)


def content_version(tag=PAGES):
    return _read((tag,))[0][tag]


def bump_content_version(*tags):
    remembered = _remembered()
    for tag in tags or (PAGES,):
        key = _KEY.format(tag)
        try:
            version = cache.incr(key)
        except ValueError:
            version = time.time_ns() // 1000
            cache.set(key, version, timeout=None)
        if remembered is not None:
            remembered[tag] = version


def read_versioned(key, tags):
    """(the current versions of `tags`, the value stored under `key` if it was stored under
    those versions, else None), in one cache round trip. Store with `store_versioned` using the
    versions read *before* computing the value: a change made meanwhile then retires it."""
    found, entry = _read(tags, extra_key=key)
    versions = tuple(found[tag] for tag in tags)
    if entry is not None and entry[0] == versions:
        return versions, entry[1]
    return versions, None


def read_versions(tags):
    """The current versions of `tags`, in at most one cache round trip: for a caller that keeps
    its own copy of a value stored with `store_versioned` and may use it only while these are
    its versions."""
    found, _ = _read(tags)
    return tuple(found[tag] for tag in tags)


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
