"""A small fixed-window rate limit kept in the cache (shared by all workers when Redis is used)."""

import time

from axes.helpers import get_client_ip_address
from django.core.cache import cache


class RateLimit:
    """At most `limit` events per `window` seconds per client IP, for the named action."""

    def __init__(self, action, *, limit, window):
        self.action, self.limit, self.window = action, limit, window

    def _key(self, request):
        # Axes' helper honours the proxy settings (AXES_IPWARE_*), so behind nginx each client
        # still gets its own counter.
        ip = get_client_ip_address(request) or "unknown"
        bucket = int(time.time() // self.window)
        return f"ratelimit:{self.action}:{ip}:{bucket}"

    def is_exceeded(self, request):
        return cache.get(self._key(request), 0) >= self.limit

    def hit(self, request):
        key = self._key(request)
        # add() is atomic: only the first hit of a window creates the counter.
        if not cache.add(key, 1, timeout=self.window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=self.window)


registration_limit = RateLimit("register", limit=10, window=60 * 60)
