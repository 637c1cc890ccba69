"""The `template_fragments` cache: each worker's own copies in front of the shared cache.

Every fragment the portal caches is keyed by the content versions it was rendered under
(`portal.cache`: `{% wagtailcache 600 "policy-index" page.pk version … %}`), so a key's value
never changes: a publish makes a new key rather than a new value. Such a value may therefore be
kept by each worker as long as the shared cache would keep it, and read without a round trip;
a bump retires it in every worker at once because the next request asks for another key.

`LocalFirstCache` answers `get` from a byte-bounded LRU of this worker
(`PORTAL_FRAGMENT_CACHE_LOCAL_BYTES`, 8 MiB by default; 0 turns it off), then from the shared
cache (`OPTIONS["SHARED"]`, "default"), keeping what it found; `set` writes both. Only values
keyed by a content version belong here (Django's `{% cache %}` and Wagtail's `{% wagtailcache %}`
use this cache when it is configured; `notices.home_sections` too).
"""

import pickle
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache, InvalidCacheBackendError

# What an entry costs beyond its value (key, tuple, bookkeeping), counted against the budget.
_ENTRY_OVERHEAD = 256


def fragment_cache():
    """The cache for versioned values, as `{% cache %}` chooses it: `template_fragments` when
    configured, else the default cache."""
    try:
        return caches["template_fragments"]
    except InvalidCacheBackendError:
        return caches["default"]


def _size_of(value):
    if isinstance(value, str | bytes):
        return len(value)
    try:
        return len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    except Exception:  # an unpicklable value is not kept locally (the shared cache refuses it too)
        return None


class LocalFirstCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._shared_alias = options.get("SHARED", "default")
        self._entries = OrderedDict()  # key -> (expires_at, value, size)
        self._size = 0
        self._lock = threading.Lock()

    @property
    def shared(self):
        return caches[self._shared_alias]

    def _budget(self):
        return getattr(settings, "PORTAL_FRAGMENT_CACHE_LOCAL_BYTES", 8 * 1024 * 1024)

    # Local copies ---------------------------------------------------------------------------

    def _local_get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] is not None and entry[0] <= time.monotonic():
                self._pop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def _local_put(self, key, value, timeout):
        budget = self._budget()
        size = _size_of(value)
        if timeout == 0 or size is None or size + _ENTRY_OVERHEAD > budget:
            return
        size += _ENTRY_OVERHEAD
        expires_at = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            self._pop(key)
            self._entries[key] = (expires_at, value, size)
            self._size += size
            while self._size > budget:
                self._pop(next(iter(self._entries)))

    def _pop(self, key):
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._size -= entry[2]

    def _local_timeout(self, timeout):
        """Seconds to keep a local copy (None: as long as it fits; 0: not at all)."""
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return timeout if timeout is None or timeout > 0 else 0

    # The cache API the template tags and callers use -------------------------------------------

    _MISSING = object()

    def get(self, key, default=None, version=None):
        entry = self._local_get(self.make_and_validate_key(key, version))
        if entry is not None:
            return entry[1]
        value = self.shared.get(key, self._MISSING, version=version)
        if value is self._MISSING:
            return default
        # The shared copy's remaining life is unknown: keep it locally for the default timeout
        # at most (the key is versioned, so only time-dependent content could age).
        self._local_put(self.make_key(key, version), value, self._local_timeout(DEFAULT_TIMEOUT))
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.shared.set(key, value, timeout, version=version)
        self._local_put(
            self.make_and_validate_key(key, version), value, self._local_timeout(timeout)
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self.shared.add(key, value, timeout, version=version)
        if added:
            self._local_put(
                self.make_and_validate_key(key, version), value, self._local_timeout(timeout)
            )
        return added

    def delete(self, key, version=None):
        with self._lock:
            self._pop(self.make_and_validate_key(key, version))
        return self.shared.delete(key, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.shared.touch(key, timeout, version=version)

    def has_key(self, key, version=None):
        return self.get(key, self._MISSING, version=version) is not self._MISSING

    def clear(self):
        """Forget this worker's copies (the shared cache is cleared by its own alias)."""
        with self._lock:
            self._entries.clear()
            self._size = 0

    def __len__(self):
        return len(self._entries)
