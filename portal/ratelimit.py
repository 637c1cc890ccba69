"""Rate limits that hold: counters every worker shares, kept until their window ends (issue 14).

A limit (`RateLimit`) counts one action's events per client in a fixed window that opens with the
client's first event. Every limit of the portal (registration, content reports, contract PDF
previews, the anonymous API through `portal.api_throttle`) counts in one store, chosen by
`PORTAL_RATE_LIMIT_STORE`:

- `database` (default): `portal.RateLimitCounter`, one row per action and client, counted by one
  atomic `INSERT … ON CONFLICT DO UPDATE … RETURNING` (SQLite ≥ 3.35 and PostgreSQL, the two
  databases the portal runs on). Concurrent workers never lose a hit and each hit learns its own
  count; neither cache eviction nor a restart resets it. Expired rows are pruned by a hit that
  opens a window (at most every `PRUNE_INTERVAL` seconds per worker) and by
  `manage.py prune_rate_limits`.
- `redis`: `SET NX EX` + `INCR` + `PTTL` in one MULTI pipeline under its own key prefix, at
  `PORTAL_RATE_LIMIT_REDIS_URL` (default `REDIS_URL`). That Redis must not evict keys with a TTL
  (the cache's `volatile-ttl` policy would). When it cannot be reached, the worker counts in the
  database for `REDIS_RETRY_SECONDS` and logs a warning; a request never fails because of it.

The client is django-axes' proxy-aware IP (`get_client_ip_address`, honouring `AXES_IPWARE_*`),
or the member for per-user limits.
"""

import hashlib
import logging
import math
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver

logger = logging.getLogger(__name__)

STORES = ("database", "redis")
# Expired counters are deleted at most this often per worker (by a hit that opens a window).
PRUNE_INTERVAL = 300
# After Redis failed, a worker counts in the database this long before trying Redis again, so an
# outage costs one timeout per worker per interval rather than one per request.
REDIS_RETRY_SECONDS = 10
REDIS_TIMEOUT_SECONDS = 0.5
# RateLimitCounter.key's length; longer keys are hashed.
MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Hit:
    """The current window's count after an event, when the window ends, and the seconds left."""

    count: int
    expires_at: datetime
    retry_after: int


def _seconds_left(expires_at, now):
    # Retry-After is whole seconds; never 0 while the window is still open.
    return max(1, math.ceil((expires_at - now).total_seconds()))


def _aware(value):
    """A datetime read back by the raw upsert (SQLite returns the stored UTC text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class DatabaseStore:
    """Counters in `portal.RateLimitCounter`, written in raw SQL only: no model signals fire (a
    `post_save` would retire the anonymous page cache, `portal.page_cache`)."""

    name = "database"

    def __init__(self, clock=time.time):
        # Imported here: DRF may import the API throttle (and so this module) before the app
        # registry is ready.
        from portal.models import RateLimitCounter

        self.clock = clock
        self._pruned_at = float("-inf")
        opts, quote = RateLimitCounter._meta, connection.ops.quote_name
        self._table = quote(opts.db_table)
        self._key, self._count, self._expires = (
            quote(opts.get_field(name).column) for name in ("key", "count", "expires_at")
        )

    def _now(self):
        return datetime.fromtimestamp(self.clock(), UTC)

    @staticmethod
    def _adapt(value):
        return connection.ops.adapt_datetimefield_value(value)

    def hit(self, key, window):
        now = self._now()
        t, k, c, e = self._table, self._key, self._count, self._expires
        # One statement, atomic on both databases; SET reads the row as it was, so an expired
        # window restarts at 1 with a new end, and a live one counts on.
        sql = (
            f"INSERT INTO {t} ({k}, {c}, {e}) {self._source()} "
            f"ON CONFLICT ({k}) DO UPDATE SET "
            f"{c} = CASE WHEN {t}.{e} <= %s THEN 1 ELSE {t}.{c} + 1 END, "
            f"{e} = CASE WHEN {t}.{e} <= %s THEN excluded.{e} ELSE {t}.{e} END "
            f"RETURNING {c}, {e}"
        )
        fresh_end = self._adapt(now + timedelta(seconds=window))
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, fresh_end, self._adapt(now), self._adapt(now)])
            count, expires_at = cursor.fetchone()
        expires_at = _aware(expires_at)
        if count == 1:
            self._maybe_prune(now)
        return Hit(count, expires_at, _seconds_left(expires_at, now))

    @staticmethod
    def _source():
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # This statement's own transaction commits without waiting for the WAL flush (an
            # fsync, most of what a hit costs). A database crash can lose the last fraction of a
            # second of counts, never corrupt one. Inside a caller's transaction, the caller's
            # durability is left alone.
            return (
                "SELECT %s, 1, %s FROM (SELECT set_config('synchronous_commit', 'off', true)) "
                "AS durability"
            )
        return "VALUES (%s, 1, %s)"

    def release(self, key, hit):
        """Give back `hit` (an attempt that turned out not to count), if its window is current."""
        t, k, c, e = self._table, self._key, self._count, self._expires
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {t} SET {c} = {c} - 1 WHERE {k} = %s AND {e} = %s AND {c} > 0",
                [key, self._adapt(hit.expires_at)],
            )

    def count(self, key):
        """The current window's count, without counting anything."""
        t, k, c, e = self._table, self._key, self._count, self._expires
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {c} FROM {t} WHERE {k} = %s AND {e} > %s", [key, self._adapt(self._now())]
            )
            row = cursor.fetchone()
        return row[0] if row else 0

    def prune(self):
        """Delete every expired counter; returns how many."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {self._table} WHERE {self._expires} <= %s",
                [self._adapt(self._now())],
            )
            return cursor.rowcount

    def _maybe_prune(self, now):
        stamp = now.timestamp()
        if stamp - self._pruned_at >= PRUNE_INTERVAL:
            self._pruned_at = stamp
            self.prune()


# Decrements only a live, positive counter: a key that expired meanwhile is not recreated.
_RELEASE_SCRIPT = """
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then return redis.call('DECR', KEYS[1]) end
return n
"""


class RedisStore:
    """Counters in Redis, under `prefix`; the database store stands in while Redis is down."""

    name = "redis"

    def __init__(self, url, *, prefix, fallback):
        import redis

        self._errors = redis.RedisError
        self.client = redis.Redis.from_url(
            url,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
        )
        self.prefix = prefix
        self.fallback = fallback
        self._release = self.client.register_script(_RELEASE_SCRIPT)
        self._down_until = float("-inf")

    def _call(self, operation, fallback, *args):
        if time.monotonic() >= self._down_until:
            try:
                return operation(*args)
            except self._errors as error:
                self._down_until = time.monotonic() + REDIS_RETRY_SECONDS
                logger.warning(
                    "Rate-limit store: Redis is unreachable (%s); counting in the database "
                    "for the next %s s.",
                    error,
                    REDIS_RETRY_SECONDS,
                )
        return fallback(*args)

    def hit(self, key, window):
        return self._call(self._hit, self.fallback.hit, key, window)

    def release(self, key, hit):
        self._call(self._release_hit, self.fallback.release, key, hit)

    def count(self, key):
        return self._call(self._count, self.fallback.count, key)

    def prune(self):
        # Redis expires its own keys; only what the database took during an outage is left.
        return self.fallback.prune()

    def _hit(self, key, window):
        name = self.prefix + key
        pipe = self.client.pipeline(transaction=True)
        pipe.set(name, 0, ex=window, nx=True)
        pipe.incr(name)
        pipe.pttl(name)
        _created, count, ttl_ms = pipe.execute()
        if ttl_ms < 0:  # a key without an expiry (not made here): give it this window
            self.client.pexpire(name, window * 1000)
            ttl_ms = window * 1000
        now = datetime.now(UTC)
        expires_at = now + timedelta(milliseconds=ttl_ms)
        return Hit(count, expires_at, _seconds_left(expires_at, now))

    def _release_hit(self, key, hit):
        self._release(keys=[self.prefix + key])

    def _count(self, key):
        value = self.client.get(self.prefix + key)
        return int(value) if value is not None else 0


_store = None
_store_lock = threading.Lock()


def build_store():
    kind = getattr(settings, "PORTAL_RATE_LIMIT_STORE", "database")
    if kind not in STORES:
        raise ImproperlyConfigured(
            f"PORTAL_RATE_LIMIT_STORE must be one of {', '.join(STORES)}, not {kind!r}."
        )
    database = DatabaseStore()
    if kind == "database":
        return database
    url = getattr(settings, "PORTAL_RATE_LIMIT_REDIS_URL", "")
    if not url:
        raise ImproperlyConfigured(
            "PORTAL_RATE_LIMIT_STORE=redis needs PORTAL_RATE_LIMIT_REDIS_URL or REDIS_URL."
        )
    prefix = getattr(settings, "PORTAL_RATE_LIMIT_REDIS_PREFIX", "portal-ratelimit:")
    return RedisStore(url, prefix=prefix, fallback=database)


def get_store():
    """The process's store (built once from the settings)."""
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                _store = build_store()
    return _store


@receiver(setting_changed)
def _settings_changed(setting, **kwargs):
    global _store
    if setting.startswith("PORTAL_RATE_LIMIT_"):
        _store = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    hit: Hit

    @property
    def retry_after(self):
        return self.hit.retry_after


class RateLimit:
    """At most `limit` events per `window` seconds per client for the named action.

    `per="ip"` counts per client IP; `per="user"` per logged-in member (colleagues behind one NAT
    share an IP). `acquire()` counts and decides in one atomic step, so simultaneous requests
    cannot all slip in under the limit.
    """

    def __init__(self, action, *, limit, window, per="ip"):
        if per not in ("ip", "user"):
            raise ValueError(f"per must be 'ip' or 'user', not {per!r}")
        self.action, self.limit, self.window, self.per = action, limit, window, per

    def key(self, request):
        if self.per == "user":
            client = f"user:{request.user.pk}"
        else:
            client = get_client_ip_address(request) or "unknown"
        key = f"{self.action}:{client}"
        if len(key) > MAX_KEY_LENGTH:
            key = f"{self.action[:100]}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"
        return key

    def acquire(self, request):
        """Count this event; allowed while the window's count is within the limit."""
        hit = get_store().hit(self.key(request), self.window)
        return Decision(hit.count <= self.limit, hit)

    def release(self, request, decision):
        """Un-count an acquired event that did not happen after all (e.g. an invalid form)."""
        get_store().release(self.key(request), decision.hit)

    def count(self, request):
        return get_store().count(self.key(request))
