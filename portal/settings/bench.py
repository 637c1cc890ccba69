"""`make bench`: production settings on loopback over plain HTTP, plus a query-count header.

Everything else (DEBUG off, WhiteNoise, compressed static files, the configured cache) is as in
production, so the figures mean something for a real deployment.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-" + "k3y" * 20)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
# wrk drives every target from one IP: far above what it sends, so the throttle is still
# counted (its cost is measured) but never refuses.
os.environ.setdefault("PORTAL_API_ANON_RATE", "100000000/minute")
os.environ.setdefault("PORTAL_API_MEMBER_RATE", "100000000/minute")

from portal.settings.production import *  # noqa: E402, F403
from portal.settings.production import MIDDLEWARE  # noqa: E402

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ROOT_URLCONF = "portal.urls_bench"
MIDDLEWARE = ["portal.bench.QueryCountMiddleware", *MIDDLEWARE]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
