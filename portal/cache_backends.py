"""Django's Redis cache, without a new `redis.Redis` object for every cache call.

Django's `RedisCacheClient.get_client()` wraps the connection pool in a fresh `redis.Redis` for
each operation, and building one fills its table of ~170 response callbacks: measured here,
that was a fifth of the CPU of serving a stored page (decision 0007). A `redis.Redis` is
thread-safe and only borrows connections from its pool, so one per pool is kept and reused.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
