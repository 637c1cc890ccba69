"""portal.cache_backends.PortalRedisCache: Django's Redis cache with one client per pool.

Runs against the Redis on 127.0.0.1:6379 (database 15), which the project's machines and CI
run; skipped, saying so, where none answers.
"""

import socket
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache

from portal.cache_backends import PortalRedisCache

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_answers():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def redis_cache():
    cache = PortalRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


def test_behaves_as_djangos_redis_cache(redis_cache):
    redis_cache.set("page", (("v1",), b"<html>\xe6\x94\xbf\xe7\xad\x96</html>"), 30)
    redis_cache.set("version", 7, None)
    assert redis_cache.get_many(["page", "version", "missing"]) == {
        "page": (("v1",), b"<html>\xe6\x94\xbf\xe7\xad\x96</html>"),
        "version": 7,
    }
    assert redis_cache.incr("version") == 8
    assert redis_cache.add("version", 1) is False
    redis_cache.delete("page")
    assert redis_cache.get("page", "gone") == "gone"


def test_one_client_per_pool_instead_of_one_per_call(redis_cache):
    client = redis_cache._cache
    assert client.get_client() is client.get_client(write=True)
    # Django's own client builds a new `redis.Redis` (and its callback table) every time.
    stock = RedisCache(REDIS_URL, {})._cache
    assert stock.get_client() is not stock.get_client()
