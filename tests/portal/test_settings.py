import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

# The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE, which production must never have.
NOT_INHERITED = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "test-production-secret-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a",
    "ALLOWED_HOSTS": "portal.example.cn",
}


def test_swappable_models_are_the_portals_own():
    assert get_user_model()._meta.label == "portal.User"
    assert get_image_model()._meta.label == "portal.CustomImage"
    assert get_document_model()._meta.label == "portal.CustomDocument"


def test_chinese_is_the_default_language():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]


def _run_production(*args, **extra_env):
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(PRODUCTION_ENV, **extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update({k: v for k, v in PRODUCTION_ENV.items() if k != missing})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_settings_pass_check_deploy():
    result = _run_production(
        "check", "--deploy", "--fail-level", "WARNING", REDIS_URL="redis://127.0.0.1:6379/3"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_when_production_has_no_shared_cache():
    result = _run_production("check", "--deploy")
    assert "portal.W001" in result.stderr + result.stdout


def test_redis_url_switches_cache_and_sessions():
    result = _run_production(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND']);"
        "print(settings.SESSION_ENGINE)",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.returncode == 0, result.stderr
    assert "portal.cache_backends.PortalRedisCache" in result.stdout
    assert "sessions.backends.cached_db" in result.stdout  # no session lost with Redis


def test_s3_settings_switch_public_and_private_storage():
    result = _run_production(
        "shell",
        "-c",
        "from django.conf import settings; s = settings.STORAGES;"
        "print(s['default']['BACKEND'], s['private']['OPTIONS']['querystring_auth'])",
        AWS_STORAGE_BUCKET_NAME="portal-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert result.returncode == 0, result.stderr
    assert "storages.backends.s3.S3Storage True" in result.stdout
