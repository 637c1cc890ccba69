"""CORS on /api/ (django-cors-headers): closed by default; a configured origin gets the headers on
rendered, stored (page-cached) and 304 answers and on preflights; no other origin, no other path."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from policies.factories import PolicyIndexPageFactory, PolicyPageFactory

APP = "https://app.example.cn"
POLICIES = "/api/v2/pages/?type=policies.PolicyPage"


@pytest.fixture
def policy(home_page):
    return PolicyPageFactory(parent=PolicyIndexPageFactory(parent=home_page), title="融资政策")


@pytest.fixture
def app_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP]


def preflight(client, origin, headers="authorization, if-none-match"):
    return client.options(
        POLICIES,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": headers,
        },
    )


def listed(value):
    return {word.strip().lower() for word in value.split(",")}


def assert_cors_for_app(response):
    assert response["Access-Control-Allow-Origin"] == APP
    assert listed(response["Access-Control-Expose-Headers"]) == {"etag", "retry-after"}
    assert "origin" in listed(response["Vary"])
    # Cookies never cross origins: apps send a token.
    assert "Access-Control-Allow-Credentials" not in response


def test_no_cors_headers_by_default(client, policy):
    response = client.get(POLICIES, headers={"Origin": APP})
    assert response.status_code == 200
    assert not [name for name in response.headers if name.lower().startswith("access-control-")]
    assert "Access-Control-Allow-Origin" not in preflight(client, APP)


def test_a_configured_origin_gets_the_headers(client, policy, app_origin):
    response = client.get(POLICIES, headers={"Origin": APP})
    assert response.status_code == 200
    assert_cors_for_app(response)


def test_a_configured_origin_gets_them_on_a_stored_response(
    client, policy, app_origin, settings, django_assert_num_queries
):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    client.get(POLICIES)  # stored without an Origin
    with django_assert_num_queries(0):
        stored = client.get(POLICIES, headers={"Origin": APP})
    assert "Age" in stored
    assert_cors_for_app(stored)


def test_a_configured_origin_gets_them_on_a_304(client, policy, app_origin):
    etag = client.get(POLICIES, headers={"Origin": APP})["ETag"]
    response = client.get(POLICIES, headers={"Origin": APP, "If-None-Match": etag})
    assert response.status_code == 304
    assert_cors_for_app(response)


def test_a_preflight_allows_the_token_and_revalidation_headers(client, policy, app_origin):
    response = preflight(client, APP)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert {"authorization", "if-none-match"} <= listed(response["Access-Control-Allow-Headers"])
    assert "get" in listed(response["Access-Control-Allow-Methods"])


def test_another_origin_gets_no_cors_headers(client, policy, app_origin):
    other = "https://evil.example.com"
    response = client.get(POLICIES, headers={"Origin": other})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Origin" not in preflight(client, other)


def test_pages_outside_the_api_get_no_cors_headers(client, home_page, app_origin):
    response = client.get("/", headers={"Origin": APP})
    assert "Access-Control-Allow-Origin" not in response


def test_the_origins_and_max_age_come_from_the_environment():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "CORS_ALLOWED_ORIGINS": f"{APP},http://127.0.0.1:5173",
        "PORTAL_API_MAX_AGE": "30",
    }
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CORS_ALLOWED_ORIGINS, settings.PORTAL_API_MAX_AGE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == f"['{APP}', 'http://127.0.0.1:5173'] 30"
