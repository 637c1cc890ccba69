"""Whole-response cache for anonymous visitors (decision 0007).

A published policy or declaration brings a burst of anonymous visitors who all see the same HTML.
`AnonymousPageCacheMiddleware` serves them a stored copy of the response, keyed by the host, the
URL, the language, today's date and the Accept header, and kept with the content versions of
`portal.cache` it was rendered under; publishing, approving, taking down or editing anything
public bumps a version, so the next request renders afresh.

What may be stored is decided conservatively:
- only GET/HEAD requests without a session or messages cookie (no member, no pending message)
  or Authorization header (an app's token), to a view that opted in: Wagtail's page `serve`,
  the API v2, and views wrapped in `cache_public_page`;
- only 200 responses that set no cookie, used no CSRF token (a form with `{% csrf_token %}` makes
  a page per-visitor) and are not marked private/no-store (Wagtail's restricted pages are).
`PORTAL_PAGE_CACHE_SECONDS = 0` turns it off (the test settings do, so that query-count tests
measure real renders; tests/portal/test_page_cache.py turns it on).

Each worker also keeps the pages it stored or served most recently (`LocalPages`, an LRU of at
most `PORTAL_PAGE_CACHE_LOCAL_BYTES` of bodies, 16 MiB by default; 0 turns it off) with the
versions they were stored under. A request for such a page reads only the content versions from
the shared cache, not the page (tens of KB), and the local copy is served only if its versions are
those just read and it is younger than `PORTAL_PAGE_CACHE_SECONDS`: a bump retires it at once in
every worker, as it does the shared copy. Otherwise the page comes from the shared cache as before
(a second round trip when a local copy was out of date) and is kept locally.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from wagtail import views as wagtail_views

from portal.cache import PAGES, bump_content_version, read_versioned, read_versions, store_versioned
from portal.middleware import chosen_language

# Bumped by any saved or deleted row that may show on a public page (see `_any_row_changed`).
SITE = "site"
# Every content version a public page may depend on: fragments use the narrower ones.
VERSION_TAGS = (PAGES, "marketplace", SITE)
API_NAMESPACE = "wagtailapi"
_KEY_PREFIX = "portal:page:"
_FLAG = "public_page_cache"
# Paths known to lead to a view that opted in, per worker; emptied when it reaches this size.
_OPTED_IN_PATHS_MAX = 4096
# What a local copy costs beyond its body (key, headers, tuples), counted against the budget.
_LOCAL_ENTRY_OVERHEAD = 1024

# Rows that never show on a public page: saving them must not empty the page cache. A model of
# the portal says so itself with `shown_on_public_pages = False`.
_PRIVATE_APPS = frozenset(
    {
        "admin",
        "axes",
        "contenttypes",
        "django_tasks_database",
        "django_tasks_db",
        "modelsearch",
        "sessions",
        "wagtailsearch",
        "contracts",
    }
)
_PRIVATE_MODELS = frozenset(
    {
        "wagtailcore.modellogentry",
        "wagtailcore.pagelogentry",
        "wagtailcore.revision",
        "wagtailcore.taskstate",
        "wagtailcore.workflowstate",
        "wagtailcore.pagesubscription",
        "wagtailcore.referenceindex",
        "wagtailcore.uploadedfile",
    }
)


def cache_public_page(view):
    """Let `AnonymousPageCacheMiddleware` store this view's anonymous responses."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    setattr(wrapped, _FLAG, True)
    return wrapped


def page_cache_seconds():
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300)


def local_page_bytes():
    return getattr(settings, "PORTAL_PAGE_CACHE_LOCAL_BYTES", 16 * 1024 * 1024)


class AnonymousPageCacheMiddleware:
    """Near the top of the stack, so that a stored page skips sessions, CSRF, authentication and
    URL resolution; the stored headers are those the inner middleware added on the first render.
    One cache round trip per request: the content versions, and the page in the same `get_many`
    unless this worker holds a copy of it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.local = LocalPages()
        self._opted_in_paths = set()

    def __call__(self, request):
        if not _eligible_request(request) or not self._opted_in_path(request):
            return self.get_response(request)
        key = _key(request)
        versions, frozen = self._read(request, key)
        if frozen is not None:
            return _thaw(frozen)
        response = self.get_response(request)
        if getattr(request, "_page_cache_opted_in", False) and _storable(request, response):
            # Stored with the versions read *before* rendering: a change made meanwhile leaves
            # this copy already out of date rather than hiding the change.
            frozen = _freeze(response)
            store_versioned(key, versions, frozen, page_cache_seconds())
            self.local.put(key, versions, frozen)
        return response

    def _read(self, request, key):
        """(the current content versions, the page stored under them or None)."""
        local = self.local.get(key)
        if local is not None:
            versions = request_versions(request)
            if local[0] == versions:
                return versions, local[1]
            self.local.discard(key)
        versions, frozen = read_versioned(key, VERSION_TAGS)
        if frozen is not None:
            self.local.put(key, versions, frozen)
        return versions, frozen

    def _opted_in_path(self, request):
        # Opted-in paths are remembered per worker: resolving a Wagtail page walks every URL
        # pattern and cost about as much as the rest of a stored page. Other paths (forms, the
        # benchmark's minimal view) are resolved each time rather than filling the set.
        known = (getattr(request, "urlconf", None) or settings.ROOT_URLCONF, request.path_info)
        if known in self._opted_in_paths:
            return True
        if not _resolves_to_opted_in_view(request):
            return False
        if len(self._opted_in_paths) >= _OPTED_IN_PATHS_MAX:
            self._opted_in_paths.clear()
        self._opted_in_paths.add(known)
        return True

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _opted_in(view_func, request.resolver_match):
            request._page_cache_opted_in = True


class LocalPages:
    """This worker's copies of stored pages, most recently used last, within a byte budget.

    Entries are (versions, frozen page); `get` gives none older than `PORTAL_PAGE_CACHE_SECONDS`.
    The caller must compare the versions with those just read from the shared cache.
    """

    def __init__(self):
        self._entries = OrderedDict()  # key -> (versions, frozen, size)
        self._size = 0
        self._lock = threading.Lock()  # a threaded server could evict between two steps

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.time() - entry[1][3] >= page_cache_seconds():
                self._pop(key)
                return None
            self._entries.move_to_end(key)
            return entry[0], entry[1]

    def put(self, key, versions, frozen):
        size = len(frozen[0]) + _LOCAL_ENTRY_OVERHEAD
        budget = local_page_bytes()
        with self._lock:
            self._pop(key)
            if size > budget:
                return
            self._entries[key] = (versions, frozen, size)
            self._size += size
            while self._size > budget:
                self._pop(next(iter(self._entries)))

    def discard(self, key):
        with self._lock:
            self._pop(key)

    def __len__(self):
        return len(self._entries)

    def _pop(self, key):
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._size -= entry[2]


def _opted_in(view_func, match):
    return (
        view_func is wagtail_views.serve
        or getattr(view_func, _FLAG, False)
        or (match is not None and API_NAMESPACE in match.namespaces)
    )


def _resolves_to_opted_in_view(request):
    """Whether the URL leads to a view that opted in, resolved here, before the view runs.

    Only those requests pay the cache round trip, and the first render of such a page already
    stores it. (Until 2026-11-29 a path counted as opted in only once its view had run in that
    worker: a page was stored only from its second request in each worker, and a burst on a new
    search rendered it three times while the other connections queued: p99 152 ms where p95 was
    14 ms.)
    """
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return _opted_in(match.func, match)


def request_versions(request):
    """The current versions of `VERSION_TAGS`, read once per request: the API's ETag
    (portal/api_http_cache.py) and a local copy's check share one cache round trip."""
    versions = getattr(request, "_portal_content_versions", None)
    if versions is None:
        versions = request._portal_content_versions = read_versions(VERSION_TAGS)
    return versions


def _eligible_request(request):
    if page_cache_seconds() <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False  # an app's token: the answer may be that member's (/api/v2/me/)
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def _key(request):
    raw = "|".join(
        [
            request.get_host(),
            request.get_full_path(),
            chosen_language(request),
            timezone.localdate().isoformat(),  # demands and declarations expire by date
            # The API negotiates JSON or its browsable HTML from the Accept header (read from
            # META: `request.headers` copies every header on first use).
            request.META.get("HTTP_ACCEPT", ""),
        ]
    )
    return _KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _freeze(response):
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in ("set-cookie", "x-query-count")
    }
    return (response.content, response.status_code, headers, time.time())


def _thaw(frozen):
    content, status, headers, stored_at = frozen
    # Headers given at once: the stored Content-Type spares working out the default one.
    response = HttpResponse(content, status=status, headers=headers)
    response["Age"] = str(max(int(time.time() - stored_at), 0))
    return response


@receiver(post_save)
@receiver(post_delete)
def _any_row_changed(sender, instance, **kwargs):
    """Any row that may appear on a public page bumps the site version.

    Broad on purpose: listings, detail pages and the header show rows of many models (ratings,
    site settings, images, categories), and a stale public page is worse than an extra render.
    """
    opts = sender._meta
    if opts.app_label in _PRIVATE_APPS or opts.label_lower in _PRIVATE_MODELS:
        return
    if not getattr(sender, "shown_on_public_pages", True):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    # An app whose fragments (listings, home sections) key on their own tag names it on its
    # AppConfig (the marketplace's apps: "marketplace").
    tag = getattr(opts.app_config, "public_content_tag", None)
    if tag:
        bump_content_version(SITE, tag)
    else:
        bump_content_version(SITE)
