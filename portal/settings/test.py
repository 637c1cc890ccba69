"""Tests: fast hashing, immediate tasks, files in a temporary folder, in-memory e-mail."""

import os
import tempfile

from portal.settings.base import *  # noqa: F403
from portal.settings.base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# django-axes needs the request in authenticate(), which `client.login()` does not pass; tests of
# the lockout itself turn it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

_tmp = tempfile.mkdtemp(prefix="portal-test-")
MEDIA_ROOT = f"{_tmp}/media"
PRIVATE_MEDIA_ROOT = f"{_tmp}/private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "r"},
    "template_fragments": {
        "BACKEND": "portal.fragment_cache.LocalFirstCache",
        "OPTIONS": {"SHARED": "default"},
    },
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Off, so that query-count tests measure real renders; tests/portal/test_page_cache.py turns it on.
PORTAL_PAGE_CACHE_SECONDS = 0
# Likewise the header navigation and footer (home/templatetags/navigation_tags.py).
PORTAL_FRAME_CACHE_SECONDS = 0
# The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL says so (CI does both).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{_tmp}/portal.sqlite3"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so the live server's threads used by browser tests share it cleanly.
    DATABASES["default"]["TEST"] = {"NAME": f"{_tmp}/test-portal.sqlite3"}

STATIC_ROOT = f"{_tmp}/static"
os.makedirs(STATIC_ROOT, exist_ok=True)
