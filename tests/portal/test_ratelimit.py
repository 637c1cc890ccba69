"""Rate limits that hold (issue 14): one shared, persistent store for every limit of the portal.

The finding: the counters lived in the default cache, which without Redis is per process and
evicts them, so a probe registered 12 accounts in 15 minutes against a limit of 10 an hour. The
tests that clear every cache between hits are the ones that fail against that code.
"""

import logging
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models.signals import post_delete, post_save
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from marketplace.members.models import Enterprise
from marketplace.members.registration.views import registration_limit
from portal import ratelimit
from portal.checks import rate_limit_check
from portal.factories import UserFactory
from portal.models import RateLimitCounter
from portal.ratelimit import DatabaseStore, RateLimit, RedisStore, get_store

PASSWORD = "Xiang-Jiang-2026!"
REDIS_URL = "redis://127.0.0.1:6379/0"
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens there: connection refused
THROTTLED = "请求过于频繁，请稍后再试。"


def clear_every_cache():
    for cache in caches.all():
        cache.clear()


def register(client, number, **extra):
    data = {
        "username": f"company-{number}",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "enterprise_name": f"湖南测试企业{number}有限公司",
        "email": f"hr{number}@example.com",
        "phone": "13800001111",
    }
    response = client.post(reverse("members:register_enterprise"), data, **extra)
    client.logout()
    return response


def in_thread(function, *args):
    """Run `function` in another thread, i.e. on another database connection (another worker)."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


class FakeClock:
    def __init__(self, now=1_800_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


def request_from(ip="203.0.113.7", user=None):
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = user
    return request


# The finding, end to end -------------------------------------------------------------------


def test_registration_limit_holds_when_the_cache_is_cleared(client, db):
    for number in range(10):
        assert register(client, number).status_code == 302
        clear_every_cache()  # what eviction or another worker's empty cache amounts to
    response = register(client, 10)
    assert response.status_code == 429
    assert "注册过于频繁：同一网络每小时最多注册 10 个账号" in response.text
    assert Enterprise.objects.count() == 10
    assert 3500 <= int(response["Retry-After"]) <= 3600


def test_invalid_registrations_do_not_use_up_the_limit(client, db):
    for _attempt in range(12):
        data = {"username": "typo", "password1": PASSWORD, "password2": "other"}
        assert client.post(reverse("members:register_enterprise"), data).status_code == 200
    assert registration_limit.count(request_from("127.0.0.1")) == 0
    assert register(client, 1).status_code == 302
    assert registration_limit.count(request_from("127.0.0.1")) == 1


@pytest.mark.django_db(transaction=True)
def test_registration_limit_is_shared_by_workers(home_page):
    """Registrations through two "workers" (threads with their own database connection).

    `home_page`: a transactional test starts from a flushed database, without the default site
    the refusal page is rendered in.
    """

    def worker(numbers):
        client = Client()
        return [register(client, number).status_code for number in numbers]

    assert in_thread(worker, range(6)) == [302] * 6
    assert worker(range(6, 10)) == [302] * 4
    assert in_thread(worker, [10]) == [429]
    assert Enterprise.objects.count() == 10


# The database store --------------------------------------------------------------------------


def test_counts_and_rolls_over_to_a_new_window(db):
    clock = FakeClock()
    store = DatabaseStore(clock=clock)
    first = store.hit("test:a", 60)
    assert (first.count, first.retry_after) == (1, 60)
    clock.now += 59.5
    second = store.hit("test:a", 60)
    assert (second.count, second.retry_after) == (2, 1)
    assert second.expires_at == first.expires_at
    clock.now += 0.5  # the window has ended: the next hit opens a new one
    third = store.hit("test:a", 60)
    assert (third.count, third.retry_after) == (1, 60)
    assert third.expires_at == first.expires_at + timedelta(seconds=60)
    assert store.count("test:a") == 1
    assert store.hit("test:b", 60).count == 1  # keys are independent


def test_a_limit_refuses_past_its_number_and_reopens_after_the_window(db, monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(ratelimit, "_store", DatabaseStore(clock=clock))
    limit = RateLimit("test-action", limit=3, window=600)
    request = request_from()
    assert [limit.acquire(request).allowed for _ in range(4)] == [True, True, True, False]
    clear_every_cache()
    refused = limit.acquire(request)
    assert not refused.allowed and refused.retry_after == 600
    assert limit.acquire(request_from("198.51.100.1")).allowed  # another client
    clock.now += 600
    assert limit.acquire(request).allowed


def test_per_user_limits_count_the_member_not_the_address(db, user):
    limit = RateLimit("test-user", limit=1, window=60, per="user")
    assert limit.acquire(request_from("10.0.0.1", user)).allowed
    assert not limit.acquire(request_from("10.0.0.2", user)).allowed
    assert limit.key(request_from(user=user)) == f"test-user:user:{user.pk}"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (0, "203.0.113.50", "127.0.0.1"),  # no proxy trusted: X-Forwarded-For is ignored
        (1, "203.0.113.50", "203.0.113.50"),
        (1, "6.6.6.6, 203.0.113.50", "203.0.113.50"),  # what the client sent is not used
        (2, "6.6.6.6, 203.0.113.50, 10.0.0.2", "203.0.113.50"),
        (1, "", "127.0.0.1"),
        (1, "not-an-address", "127.0.0.1"),
    ],
)
def test_the_client_address_comes_from_axes_and_the_trusted_proxies(proxies, forwarded, client):
    """The same address as django-axes uses for lockouts (its `get_client_ip_address`)."""
    limit = RateLimit("test-ip", limit=1, window=60)
    request = request_from("127.0.0.1")
    request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(PORTAL_TRUSTED_PROXY_COUNT=proxies):
        assert get_client_ip_address(request) == client
        assert limit.key(request) == f"test-ip:{client}"


def test_behind_a_proxy_each_client_has_its_own_registration_limit(client, db):
    with override_settings(PORTAL_TRUSTED_PROXY_COUNT=1):
        for number in range(10):
            assert register(client, number, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 302
        refused = register(client, 10, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.1")
        assert refused.status_code == 429
        assert register(client, 11, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 302


def test_long_keys_are_hashed_to_fit(db):
    limit = RateLimit("x" * 250, limit=1, window=60)
    key = limit.key(request_from())
    assert len(key) <= RateLimitCounter._meta.get_field("key").max_length
    assert get_store().hit(key, 60).count == 1


def test_release_gives_back_only_the_same_window(db, monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(ratelimit, "_store", DatabaseStore(clock=clock))
    limit = RateLimit("test-release", limit=5, window=60)
    request = request_from()
    decision = limit.acquire(request)
    limit.acquire(request)
    limit.release(request, decision)
    assert limit.count(request) == 1
    old = limit.acquire(request)
    clock.now += 60
    limit.acquire(request)  # a new window
    limit.release(request, old)  # from the old window: nothing to give back
    assert limit.count(request) == 1


def test_counters_are_written_without_model_signals(db):
    """A `post_save` would retire the whole anonymous page cache on every hit."""
    seen = []

    def receiver(sender, **kwargs):
        seen.append(sender)

    post_save.connect(receiver)
    post_delete.connect(receiver)
    try:
        clock = FakeClock()
        store = DatabaseStore(clock=clock)
        hit = store.hit("test:signals", 60)
        store.hit("test:signals", 60)
        store.release("test:signals", hit)
        clock.now += 120
        store.prune()
    finally:
        post_save.disconnect(receiver)
        post_delete.disconnect(receiver)
    assert RateLimitCounter not in seen


def test_expired_counters_are_pruned(db, monkeypatch):
    clock = FakeClock()
    store = DatabaseStore(clock=clock)
    monkeypatch.setattr(ratelimit, "_store", store)
    for number in range(50):
        store.hit(f"test:old-{number}", 60)
    store.hit("test:long", 3600)
    clock.now += ratelimit.PRUNE_INTERVAL
    # A hit that opens a window prunes (at most every PRUNE_INTERVAL per worker) …
    store.hit("test:new", 60)
    assert set(RateLimitCounter.objects.values_list("key", flat=True)) == {"test:long", "test:new"}
    # … and so does the management command.
    clock.now += 60
    store.hit("test:newer", 60)  # within PRUNE_INTERVAL of the last prune: none
    assert RateLimitCounter.objects.filter(key="test:new").exists()
    call_command("prune_rate_limits", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(RateLimitCounter.objects.values_list("key", flat=True)) == {
        "test:long",
        "test:newer",
    }


@pytest.mark.django_db(transaction=True)
def test_postgresql_hits_leave_the_connections_durability_alone():
    """A hit commits asynchronously on PostgreSQL, but only its own statement's transaction."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")

    def durability():
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    store = DatabaseStore()
    assert store.hit("test:durable", 60).count == 1
    assert durability() == "on"
    with transaction.atomic():
        assert store.hit("test:durable", 60).count == 2
        assert durability() == "on"  # the caller's transaction commits as it would have


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_one_count():
    """Two store instances on two database connections add up to one count."""
    first, second = DatabaseStore(), DatabaseStore()
    assert [first.hit("test:shared", 60).count for _ in range(5)] == [1, 2, 3, 4, 5]
    assert in_thread(lambda: [second.hit("test:shared", 60).count for _ in range(5)]) == [
        6,
        7,
        8,
        9,
        10,
    ]
    assert first.hit("test:shared", 60).count == 11


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_lose_nothing():
    """Threads (each its own connection) hitting one key: every hit gets its own count."""
    threads, hits_each = 8, 25
    counts, errors = [], []
    start = threading.Barrier(threads)

    def worker():
        store = DatabaseStore()
        try:
            start.wait()
            for _ in range(hits_each):
                counts.append(store.hit("test:concurrent", 60).count)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    assert sorted(counts) == list(range(1, threads * hits_each + 1))
    assert RateLimitCounter.objects.get(key="test:concurrent").count == threads * hits_each


# Choosing the store ---------------------------------------------------------------------------


def test_the_database_is_the_default_store():
    assert settings.PORTAL_RATE_LIMIT_STORE == "database"
    assert isinstance(get_store(), DatabaseStore)


@pytest.mark.parametrize(
    ("overrides", "error_id"),
    [
        ({"PORTAL_RATE_LIMIT_STORE": "memcached"}, "portal.E001"),
        ({"PORTAL_RATE_LIMIT_STORE": "redis", "PORTAL_RATE_LIMIT_REDIS_URL": ""}, "portal.E002"),
        (
            {"REST_FRAMEWORK": {"DEFAULT_THROTTLE_RATES": {"anon": "many/minute"}}},
            "portal.E003",
        ),
    ],
)
def test_misconfiguration_fails_the_system_check(overrides, error_id):
    with override_settings(**overrides):
        assert [error.id for error in rate_limit_check(None)] == [error_id]


def test_the_settings_pass_the_system_check():
    assert rate_limit_check(None) == []


# The Redis store -----------------------------------------------------------------------------


def _redis_or_skip():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    return client


@pytest.fixture
def redis_prefix(request):
    client = _redis_or_skip()
    prefix = f"test-ratelimit-{request.node.name}-{threading.get_ident()}:"
    yield prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def redis_store(prefix, url=REDIS_URL):
    return RedisStore(url, prefix=prefix, fallback=DatabaseStore())


def test_redis_store_counts_under_its_own_prefix(db, redis_prefix):
    store = redis_store(redis_prefix)
    hits = [store.hit("test:a", 60) for _ in range(3)]
    assert [hit.count for hit in hits] == [1, 2, 3]
    assert 59 <= hits[-1].retry_after <= 60
    other_worker = redis_store(redis_prefix)
    assert other_worker.hit("test:a", 60).count == 4
    raw = redis.Redis.from_url(REDIS_URL)
    assert int(raw.get(f"{redis_prefix}test:a")) == 4
    assert 0 < raw.ttl(f"{redis_prefix}test:a") <= 60
    store.release("test:a", hits[0])
    assert store.count("test:a") == 3
    assert not RateLimitCounter.objects.exists()  # nothing in the database


def test_redis_store_rolls_over(db, redis_prefix):
    store = redis_store(redis_prefix)
    assert [store.hit("test:short", 1).count for _ in range(2)] == [1, 2]
    threading.Event().wait(1.1)
    assert store.hit("test:short", 1).count == 1
    # Releasing after the key expired does not leave a key without expiry behind.
    threading.Event().wait(1.1)
    store.release("test:short", store.hit("test:other", 1))
    assert redis.Redis.from_url(REDIS_URL).exists(f"{redis_prefix}test:short") == 0


def test_redis_store_concurrent_hits_lose_nothing(db, redis_prefix):
    counts = []

    def worker():
        store = redis_store(redis_prefix)
        counts.extend(store.hit("test:concurrent", 60).count for _ in range(25))

    pool = [threading.Thread(target=worker) for _ in range(8)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert sorted(counts) == list(range(1, 201))


def test_redis_store_from_settings(db, redis_prefix):
    with override_settings(
        PORTAL_RATE_LIMIT_STORE="redis",
        PORTAL_RATE_LIMIT_REDIS_URL=REDIS_URL,
        PORTAL_RATE_LIMIT_REDIS_PREFIX=redis_prefix,
    ):
        store = get_store()
        assert isinstance(store, RedisStore)
        limit = RateLimit("test-settings", limit=2, window=60)
        assert [limit.acquire(request_from()).allowed for _ in range(3)] == [True, True, False]
    assert isinstance(get_store(), DatabaseStore)


def test_redis_down_falls_back_to_the_database(db, caplog):
    store = redis_store("test-down:", url=CLOSED_PORT_URL)
    with caplog.at_level(logging.WARNING, logger="portal.ratelimit"):
        assert [store.hit("test:down", 60).count for _ in range(3)] == [1, 2, 3]
        assert store.count("test:down") == 3
    assert RateLimitCounter.objects.get(key="test:down").count == 3
    # One warning per outage and worker, not one per request.
    warnings = [r for r in caplog.records if r.name == "portal.ratelimit"]
    assert len(warnings) == 1 and "Redis is unreachable" in warnings[0].getMessage()


def test_registration_works_and_is_limited_while_redis_is_down(client, db):
    with override_settings(
        PORTAL_RATE_LIMIT_STORE="redis", PORTAL_RATE_LIMIT_REDIS_URL=CLOSED_PORT_URL
    ):
        assert [register(client, number).status_code for number in range(11)] == [302] * 10 + [429]


# The API -------------------------------------------------------------------------------------


def api_rate(rate):
    return override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": rate}}
    )


def test_anonymous_api_is_throttled_with_a_chinese_message(client, db):
    with api_rate("3/minute"):
        statuses = [client.get("/api/v2/images/").status_code for _ in range(3)]
        clear_every_cache()
        response = client.get("/api/v2/images/")
    assert statuses == [200, 200, 200]
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"message": THROTTLED}
    assert THROTTLED in response.content.decode()  # not \u-escaped
    assert 1 <= int(response["Retry-After"]) <= 60


def test_the_search_api_shares_the_anonymous_limit(client, db):
    with api_rate("2/minute"):
        assert client.get("/api/v2/images/").status_code == 200
        assert client.get("/api/v2/documents/").status_code == 200
        response = client.get("/api/v2/search/", {"q": "融资"})
    assert response.status_code == 429
    assert response.json() == {"message": THROTTLED}
    assert 1 <= int(response["Retry-After"]) <= 60


def test_each_address_has_its_own_api_budget_and_members_are_not_throttled(client, db):
    with api_rate("1/minute"):
        assert client.get("/api/v2/images/").status_code == 200
        assert client.get("/api/v2/images/").status_code == 429
        assert client.get("/api/v2/images/", REMOTE_ADDR="198.51.100.9").status_code == 200
        client.force_login(UserFactory())
        assert client.get("/api/v2/images/").status_code == 200


def test_api_throttle_can_be_turned_off(client, db):
    with api_rate(None):
        assert {client.get("/api/v2/images/").status_code for _ in range(5)} == {200}
    assert not RateLimitCounter.objects.exists()


def test_default_api_rate():
    assert settings.PORTAL_API_ANON_RATE == "120/minute"
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] == "120/minute"


# Login lockout (django-axes) ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_login_lockout_is_seen_by_another_worker_after_the_caches_are_cleared(home_page):
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    UserFactory(username="victim", password="right-password-2026")
    login_url = reverse("accounts:login")

    def fail_five_times():
        client = Client()
        return [
            client.post(login_url, {"username": "victim", "password": "wrong"}).status_code
            for _ in range(5)
        ]

    with override_settings(AXES_ENABLED=True):
        assert in_thread(fail_five_times)[-1] == 429
        clear_every_cache()
        AxesProxyHandler.implementation = None  # a fresh handler, as a new worker would have
        client = Client()
        response = client.post(login_url, {"username": "victim", "password": "right-password-2026"})
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.text
    assert "_auth_user_id" not in client.session


def test_bench_settings_never_throttle_wrk():
    """`make bench` drives the API with 16 connections from one IP."""
    env = {k: v for k, v in os.environ.items() if k not in ("PORTAL_API_ANON_RATE", "SECRET_KEY")}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.bench"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            "print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['anon'])",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    number, period = result.stdout.strip().split("/")
    assert int(number) >= 1_000_000 and period == "minute"
