"""portal.cache_backends.PortalRedisCache: Django's Redis cache with one client per pool, which
answers as a miss, fast, when Redis is away, and forgets the writes Redis missed.

The first tests run against the Redis on 127.0.0.1:6379 (database 15), which the project's
machines and CI run, and are skipped, saying so, where none answers. The outage tests need no
Redis (a closed port, a socket that never answers) or start their own redis-server on a free
port (skipped where it is not installed): the shared one is never stopped.
"""

import logging
import shutil
import socket
import subprocess
import time
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache

from portal import cache_backends
from portal.cache_backends import PortalRedisCache

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_answers():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


needs_shared_redis = pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _fresh_breakers(monkeypatch):
    """Each test starts with every Redis server assumed reachable and nothing to forget."""
    monkeypatch.setattr(cache_backends, "_STATES", {})


class PrivateRedis:
    """A redis-server of the test's own, which saves its data when stopped and loads it when
    started again (as a packaged Redis does)."""

    def __init__(self, folder):
        self.folder = folder
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "3600 1", "--appendonly", "no", "--dir", str(self.folder),
                "--daemonize", "no",
            ],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            time.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()  # it saves its data first (a save point is set)
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_cache():
    cache = PortalRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


@needs_shared_redis
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


@needs_shared_redis
def test_one_client_per_pool_instead_of_one_per_call(redis_cache):
    client = redis_cache._cache
    assert client.get_client() is client.get_client(write=True)
    # Django's own client builds a new `redis.Redis` (and its callback table) every time.
    stock = RedisCache(REDIS_URL, {})._cache
    assert stock.get_client() is not stock.get_client()


def test_a_closed_port_answers_misses_at_once_and_never_raises():
    cache = PortalRedisCache(f"redis://127.0.0.1:{_free_port()}/0", {"KEY_PREFIX": "t"})
    started = time.monotonic()
    assert cache.get("page") is None
    assert cache.get("page", "gone") == "gone"
    assert cache.get_many(["page", "version"]) == {}
    cache.set("page", b"<html></html>", 30)
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]  # the keys it did not store
    assert cache.add("version", 1) is False
    with pytest.raises(ValueError):  # as for a missing key: callers already handle it
        cache.incr("version")
    assert cache.delete("page") is False
    cache.delete_many(["a", "b"])
    assert cache.has_key("page") is False
    assert cache.touch("page") is False
    assert cache.get_or_set("computed", 5) == 5
    assert cache.clear() is False
    assert time.monotonic() - started < 0.5


def test_a_redis_that_never_answers_costs_one_short_timeout_then_nothing():
    with socket.socket() as listener:  # the kernel accepts the connection; nobody answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        cache = PortalRedisCache(f"redis://127.0.0.1:{listener.getsockname()[1]}/0", {})
        started = time.monotonic()
        assert cache.get("page") is None
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(200):
            assert cache.get_many(["page", "version"]) == {}
        rest = time.monotonic() - started
    assert first < cache_backends.SOCKET_TIMEOUT + 0.5, first
    assert rest < 0.1, rest  # the breaker: no call waits while it is open


def test_the_breaker_tries_again_after_its_retry_interval(monkeypatch):
    monkeypatch.setattr(cache_backends, "RETRY_SECONDS", 0.05)
    cache = PortalRedisCache(f"redis://127.0.0.1:{_free_port()}/0", {})
    client = cache._cache
    tries = []
    original = client.get_client
    monkeypatch.setattr(client, "get_client", lambda *a, **k: tries.append(1) or original(*a, **k))
    for _ in range(20):
        cache.get("page")
    assert len(tries) == 1
    time.sleep(0.06)
    for _ in range(20):
        cache.get("page")
    assert len(tries) == 2


def test_an_outage_is_logged_once_then_once_in_a_while(monkeypatch, caplog):
    cache = PortalRedisCache(f"redis://127.0.0.1:{_free_port()}/0", {})
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        for _ in range(100):
            cache.get("page")
        assert len(caplog.records) == 1
        assert "answer as misses" in caplog.records[0].getMessage()
        monkeypatch.setattr(cache_backends, "REPORT_SECONDS", 0.0)
        cache.get("page")
    assert len(caplog.records) == 2
    assert "cache calls answered as misses" in caplog.records[1].getMessage()


def test_writes_redis_missed_are_forgotten_when_it_comes_back_with_its_data(
    private_redis, monkeypatch, caplog
):
    monkeypatch.setattr(cache_backends, "RETRY_SECONDS", 0.05)
    cache = PortalRedisCache(private_redis.url, {"KEY_PREFIX": "t"})
    cache.set("version", 7, None)
    cache.set("session", {"member": 1}, 600)
    cache.set("page", "stored under version 7", 600)
    private_redis.stop()
    with pytest.raises(ValueError):
        cache.incr("version")  # a content version bump that did not reach Redis
    cache.delete("session")  # a logout
    assert cache.get("page") is None  # a read: nothing to forget
    private_redis.start()  # back with what it saved when it stopped
    time.sleep(0.06)
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        # Not the value the lost writes replaced: the version starts again, the session is gone.
        assert cache.get("version") is None
    assert cache.get("session") is None
    assert cache.get("page") == "stored under version 7"
    assert "reachable again" in caplog.text and "forgot 2 keys" in caplog.text
    cache.set("page", "new", 600)
    assert cache.get("page") == "new"


def test_past_the_journal_every_key_of_the_prefix_is_forgotten(private_redis, monkeypatch):
    monkeypatch.setattr(cache_backends, "RETRY_SECONDS", 0.05)
    monkeypatch.setattr(cache_backends, "JOURNAL_MAX", 2)
    mine = PortalRedisCache(private_redis.url, {"KEY_PREFIX": "mine"})
    theirs = PortalRedisCache(private_redis.url, {"KEY_PREFIX": "theirs"})
    mine.set("before", 1, None)
    theirs.set("before", 1, None)
    private_redis.stop()
    for number in range(5):
        mine.set(f"lost-{number}", number, None)
    private_redis.start()
    time.sleep(0.06)
    assert mine.get("before") is None
    assert theirs.get("before") == 1
