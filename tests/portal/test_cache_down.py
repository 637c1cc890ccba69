"""The portal with its Redis away: pages render, the frame is built, members stay signed in.

The cache is a `PortalRedisCache` pointed at a closed port on 127.0.0.1, with the anonymous page
cache and the frame cache on, as in production; sessions are `cached_db`, as with `REDIS_URL`.
"""

import socket

import pytest
from django.urls import reverse

from home.factories import StandardPageFactory
from portal import cache_backends
from tests.home.test_home_page import seeded  # noqa: F401 - the fixture


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_cache(url):
    return {"BACKEND": "portal.cache_backends.PortalRedisCache", "LOCATION": url}


@pytest.fixture
def cache_down(settings, monkeypatch):
    monkeypatch.setattr(cache_backends, "_STATES", {})
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.CACHES = {"default": _redis_cache(url), "renditions": _redis_cache(url)}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    settings.PORTAL_FRAME_CACHE_SECONDS = 600


@pytest.fixture
def about(home_page):
    page = StandardPageFactory(parent=home_page, title="关于平台", slug="about")
    page.save_revision().publish()
    return page


def test_the_page_cache_renders_each_request_when_the_cache_is_down(client, about, cache_down):
    for _ in range(3):
        response = client.get("/about/")
        assert response.status_code == 200
        assert "关于平台" in response.content.decode()
        assert "Age" not in response  # rendered, not a stored copy


def test_the_frame_is_built_for_every_page_when_the_cache_is_down(client, seeded, cache_down):  # noqa: F811
    for _ in range(2):
        html = client.get("/search/").content.decode()
        assert 'id="main-nav-list"' in html
        assert 'class="site-footer"' in html


def test_a_member_signs_in_and_stays_signed_in_when_the_cache_is_down(client, user, cache_down):
    user.set_password("Member-Pass-2026")
    user.save()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "Member-Pass-2026"}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:password_change")).status_code == 200


def test_a_session_made_before_the_outage_survives_it(client, user, settings, monkeypatch):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(user)  # stored in the database and in the (local-memory) cache
    assert client.get(reverse("accounts:password_change")).status_code == 200
    monkeypatch.setattr(cache_backends, "_STATES", {})
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.CACHES = {"default": _redis_cache(url), "renditions": _redis_cache(url)}
    assert client.get(reverse("accounts:password_change")).status_code == 200
