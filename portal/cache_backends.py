"""Django's Redis cache: one `redis.Redis` per pool, and a Redis that is away costs a miss.

One client per pool. Django's `RedisCacheClient.get_client()` wraps the connection pool in a
fresh `redis.Redis` for each operation, and building one fills its table of ~170 response
callbacks: measured here, that was a fifth of the CPU of serving a stored page (decision 0007).
A `redis.Redis` is thread-safe and only borrows connections from its pool, so one per pool is
kept and reused.

Redis away (stopped, restarting, unreachable, too slow). The cache is an optimisation, so:
- every call answers as a miss and never raises: `get` gives the default, `get_many` nothing,
  `add`/`delete`/`touch`/`has_key` False, `incr` a ValueError as for a missing key, `set` and
  `set_many` store nothing (`set_many` returns the keys it did not store). The page cache, the
  frame and fragments render instead; cached_db sessions are read from the database.
- the socket timeouts are short (connect 0.25 s, read and write 0.5 s; `OPTIONS`
  `socket_connect_timeout` / `socket_timeout` change them), and a circuit breaker per Redis
  server and process skips Redis for `RETRY_SECONDS` after a connection error or a timeout:
  an unreachable Redis costs one timeout per second per worker, not one per call.
- it is logged (logger `portal.cache`): a warning when Redis becomes unreachable, another at
  most every `REPORT_SECONDS` while it stays so (with the number of calls answered as misses),
  and one when it answers again.
- writes that did not reach it are not forgotten: the worker that made them deletes their keys
  as soon as Redis answers it again, before its own next call. A Redis that comes back with its
  saved data would otherwise serve what a lost write replaced: a content version that was not
  bumped (a stale page), a session that was logged out or changed. (Another worker may read such
  a key until then: under load, a fraction of a second; `make soak` measures it.) Up to
  `JOURNAL_MAX` keys per server and process; past that, every key under the cache's `KEY_PREFIX`
  is deleted instead. A worker that exits while Redis is away takes its list with it.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("portal.cache")

CONNECT_TIMEOUT = 0.25
SOCKET_TIMEOUT = 0.5
RETRY_SECONDS = 1.0
REPORT_SECONDS = 60.0
JOURNAL_MAX = 100_000
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class _ServerState:
    """What the process's threads know of one Redis server: whether to skip it, and the keys
    of the writes it missed."""

    def __init__(self, server):
        self.server = server
        self.lock = threading.Lock()
        self.retry_at = 0.0  # 0: Redis answers; else skip it until then
        self.down_since = 0.0
        self.reported_at = 0.0
        self.misses = 0
        self.journal = {}  # keys whose write did not reach Redis (a dict keeps them ordered)
        self.overflowed = set()  # key patterns to delete wholesale: the journal was full
        self.forgotten = 0

    def skip(self):
        """Whether this call must not try Redis (the breaker is open)."""
        retry_at = self.retry_at
        if not retry_at:
            return False
        now = time.monotonic()
        with self.lock:
            if now < self.retry_at:
                self.misses += 1
                if now - self.reported_at >= REPORT_SECONDS:
                    self.reported_at = now
                    logger.warning(
                        "Redis unreachable at %s for %.0f s: %d cache calls answered as misses",
                        self.server,
                        now - self.down_since,
                        self.misses,
                    )
                    self.misses = 0
                return True
            # Half-open: this call tries; the others keep skipping until it has answered.
            self.retry_at = now + RETRY_SECONDS
            return False

    def failed(self, error):
        now = time.monotonic()
        with self.lock:
            if not self.down_since:
                self.down_since = self.reported_at = now
                self.misses = 0
                logger.warning(
                    "Redis unreachable at %s (%s): cache calls answer as misses, retried every "
                    "%.1f s",
                    self.server,
                    error,
                    RETRY_SECONDS,
                )
            self.retry_at = now + RETRY_SECONDS

    def answered(self):
        with self.lock:
            if not self.down_since:
                return
            down_for = time.monotonic() - self.down_since
            forgotten, self.forgotten = self.forgotten, 0
            self.retry_at = self.down_since = 0.0
        logger.warning(
            "Redis reachable again at %s after %.1f s; forgot %d keys written while it was away",
            self.server,
            down_for,
            forgotten,
        )

    def remember(self, keys, pattern):
        with self.lock:
            for key in keys:
                if len(self.journal) >= JOURNAL_MAX:
                    self.overflowed.add(pattern)
                    return
                self.journal[key] = None


_STATES = {}
_STATES_LOCK = threading.Lock()


def _state(servers):
    name = ",".join(servers)
    state = _STATES.get(name)
    if state is None:
        with _STATES_LOCK:
            state = _STATES.setdefault(name, _ServerState(name))
    return state


def _guarded(method, fallback, writes=None):
    """`method` of Django's client, answering `fallback(*args)` when Redis is away; `writes`
    names the keys a failed call leaves stale (remembered, deleted when Redis answers)."""

    def guarded(self, *args):
        state = self._state
        if state.skip():
            if writes:
                state.remember(writes(*args), self._pattern)
            return fallback(*args)
        try:
            if state.journal or state.overflowed:
                self._forget()
            result = method(self, *args)
        except RedisError as error:
            if isinstance(error, _UNREACHABLE):
                state.failed(error)
            else:  # Redis answered, but refused (out of memory, read-only replica, …)
                logger.warning("Redis refused a cache call at %s: %s", state.server, error)
            if writes:
                state.remember(writes(*args), self._pattern)
            return fallback(*args)
        if state.down_since:
            state.answered()
        return result

    guarded.__name__ = method.__name__
    return guarded


def _missing_key(key, delta):
    raise ValueError(f"Key '{key}' not found (Redis unreachable).")


class PortalRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, key_pattern="*", **options):
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        super().__init__(servers, **options)
        self._clients = {}
        self._state = _state(servers)
        self._pattern = key_pattern

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _forget(self):
        """Before any other call once Redis answers again: delete the keys it missed."""
        state = self._state
        with state.lock:
            keys, state.journal = list(state.journal), {}
            patterns, state.overflowed = set(state.overflowed), set()
        client = self.get_client(write=True)
        try:
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])
            forgotten = len(keys)
            for pattern in patterns:
                batch = []
                for key in client.scan_iter(match=pattern, count=1000):
                    batch.append(key)
                    if len(batch) == 1000:
                        forgotten += client.delete(*batch)
                        batch = []
                if batch:
                    forgotten += client.delete(*batch)
        except RedisError:
            with state.lock:  # still away: keep what is left to forget for the next attempt
                state.journal = {**dict.fromkeys(keys), **state.journal}
                state.overflowed |= patterns
            raise
        with state.lock:
            state.forgotten += forgotten

    add = _guarded(RedisCacheClient.add, lambda key, value, timeout: False)
    get = _guarded(RedisCacheClient.get, lambda key, default: default)
    set = _guarded(RedisCacheClient.set, lambda key, value, timeout: False, lambda key, *_: [key])
    touch = _guarded(RedisCacheClient.touch, lambda key, timeout: False, lambda key, _: [key])
    delete = _guarded(RedisCacheClient.delete, lambda key: False, lambda key: [key])
    get_many = _guarded(RedisCacheClient.get_many, lambda keys: {})
    has_key = _guarded(RedisCacheClient.has_key, lambda key: False)
    incr = _guarded(RedisCacheClient.incr, _missing_key, lambda key, _: [key])
    set_many = _guarded(
        RedisCacheClient.set_many, lambda data, timeout: False, lambda data, _: list(data)
    )
    delete_many = _guarded(
        RedisCacheClient.delete_many, lambda keys: False, lambda keys: list(keys)
    )
    clear = _guarded(RedisCacheClient.clear, lambda: False)


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PortalRedisCacheClient
        # Every key this cache makes starts with its prefix (Django's `make_key`).
        self._options = {**self._options, "key_pattern": self.make_key("*", version="*")}

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        safe_data = {
            self.make_and_validate_key(key, version=version): value for key, value in data.items()
        }
        if self._cache.set_many(safe_data, self.get_backend_timeout(timeout)) is False:
            return list(data)
        return []
