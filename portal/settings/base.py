"""Settings shared by every environment.

Every value that differs between machines is read from the environment (or a `.env` file) with a
type and a default that runs on one machine: SQLite, local-memory cache, local files, console
e-mail. `.env.example` documents each variable.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "portal"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")  # each environment's module decides the fallback
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Application definition --------------------------------------------------------------------

# The portal's own apps, lowest layer first: each imports only the apps above it in this list
# (tests/test_layers.py, docs/architecture.md). Demo data is seeded in this order.
PORTAL_APPS = [
    "portal",
    "home",
    "policies",
    "notices",
    "marketplace.members",
    "marketplace.catalogue",
    "marketplace.trade",
    "contracts",
    "search",
    "bench",  # management commands of `make bench` / `make soak` (top layer: reads every app)
]

INSTALLED_APPS = [
    *PORTAL_APPS,
    "marketplace",  # only the migrations from before the split (decision 0009)
    "wagtail.contrib.forms",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as our own static files (no CDN)
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "csp",  # for its system checks of the policy settings
    "corsheaders",  # CORS for apps on other origins (/api/ only; CORS_* below)
    "django.contrib.auth",
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Around everything that reads content versions (ETags, the page cache, fragments): one
    # cache round trip for all of them per request (portal/cache.py).
    "portal.cache.ContentVersionsMiddleware",
    # Before anything that may answer early (WhiteNoise, the API's 304s, the page cache,
    # CommonMiddleware), so preflights, 304s and stored API responses all get the CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so stored pages get the headers too (portal/security_headers.py).
    "portal.security_headers.ContentSecurityPolicyMiddleware",
    "portal.security_headers.PermissionsPolicyMiddleware",
    # ETag / 304 and Cache-Control of /api/v2/ (portal/api_http_cache.py): outside the page
    # cache, so a revalidation is answered before it, and stored responses get the headers too.
    "portal.api_http_cache.APIHTTPCacheMiddleware",
    # Before sessions, CSRF and authentication: a stored page for an anonymous visitor needs none
    # of them (decision 0007); it stores only what the inner middleware let through.
    "portal.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Django's built-in widgets through their Jinja2 templates (twice as fast; portal/form_renderer.py).
FORM_RENDERER = "portal.form_renderer.PortalFormRenderer"

# Data ---------------------------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (gunicorn workers, the task worker) run beside one writer.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Persistent connections: opening one runs the PRAGMAs above, which costs more than a query.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
WAGTAILIMAGES_IMAGE_MODEL = "portal.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "portal.CustomDocument"

# Cache and sessions: Redis when REDIS_URL is set, otherwise local memory --------------------

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache_backends.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
            "TIMEOUT": 600,
        },
        # Versioned fragments: each worker's copies in front of the shared cache.
        "template_fragments": {
            "BACKEND": "portal.fragment_cache.LocalFirstCache",
            "TIMEOUT": 600,
            "OPTIONS": {"SHARED": "default"},
        },
        "renditions": {
            "BACKEND": "portal.cache_backends.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal") + "-renditions",
            "TIMEOUT": 60 * 60 * 24,
        },
    }
    # Read from Redis, written to the database too: a Redis restart, an eviction or an outage
    # loses no member's session (a Redis that is away answers as a miss, portal/cache_backends.py).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal-default",
            "TIMEOUT": 600,
        },
        # Versioned fragments: each worker's copies in front of the shared cache.
        "template_fragments": {
            "BACKEND": "portal.fragment_cache.LocalFirstCache",
            "TIMEOUT": 600,
            "OPTIONS": {"SHARED": "default"},
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal-renditions",
            "TIMEOUT": 60 * 60 * 24,
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Anonymous visitors get stored copies of public pages for this long at most; publishing or
# approving anything empties it at once (portal/page_cache.py, decision 0007). 0 turns it off.
PORTAL_PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=300)
# Bytes of versioned fragments each worker keeps itself (portal/fragment_cache.py; 0: none).
PORTAL_FRAGMENT_CACHE_LOCAL_BYTES = env.int(
    "PORTAL_FRAGMENT_CACHE_LOCAL_BYTES", default=8 * 1024 * 1024
)
# Bytes of stored pages each worker also keeps itself (decision 0007; 0 turns it off).
PORTAL_PAGE_CACHE_LOCAL_BYTES = env.int("PORTAL_PAGE_CACHE_LOCAL_BYTES", default=16 * 1024 * 1024)
# The header navigation and the rendered footer, kept under the same content versions
# (0 turns it off).
PORTAL_FRAME_CACHE_SECONDS = env.int("PORTAL_FRAME_CACHE_SECONDS", default=600)

# Rate limits (registration, content reports, PDF previews, anonymous API) count in one store that
# every worker shares and cache eviction cannot reset (portal/ratelimit.py): the database, or
# Redis (a Redis that does not evict keys with a TTL), falling back to the database when down.
PORTAL_RATE_LIMIT_STORE = env.str("PORTAL_RATE_LIMIT_STORE", default="database")
PORTAL_RATE_LIMIT_REDIS_URL = env.str("PORTAL_RATE_LIMIT_REDIS_URL", default="") or REDIS_URL
PORTAL_RATE_LIMIT_REDIS_PREFIX = env.str("CACHE_KEY_PREFIX", default="portal") + "-ratelimit:"
# Anonymous API requests per client IP, as a DRF rate ("120/minute"); "off" turns it off.
PORTAL_API_ANON_RATE = env.str("PORTAL_API_ANON_RATE", default="120/minute")
# How long browsers and shared caches may reuse a public API response without asking again
# (Cache-Control max-age, seconds; portal/api_http_cache.py). They revalidate with the ETag after.
PORTAL_API_MAX_AGE = env.int("PORTAL_API_MAX_AGE", default=60)
# CORS for apps served from other origins (django-cors-headers): closed unless origins are given
# (comma-separated, scheme://host[:port]); only /api/; a token may be sent, ETag and Retry-After
# may be read. No cookies cross-origin: apps authenticate with the Authorization header.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_HEADERS = ("accept", "authorization", "content-type", "if-none-match")
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After")
CORS_ALLOW_CREDENTIALS = False
# The longest an API search may keep the database busy (portal/query_guard.py); 0 turns it off.
PORTAL_API_SEARCH_TIMEOUT_MS = env.int("PORTAL_API_SEARCH_TIMEOUT_MS", default=3000)
REST_FRAMEWORK = {
    "DEFAULT_THROTTLE_CLASSES": ["portal.api_throttle.AnonymousAPIRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": None if PORTAL_API_ANON_RATE.lower() in ("", "off") else PORTAL_API_ANON_RATE
    },
    # Every API error is {"message": "<Chinese>"} (portal/api_errors.py), a throttled one included.
    "EXCEPTION_HANDLER": "portal.api_errors.exception_handler",
    # Describes Wagtail's API viewsets from their declarations, other DRF views as spectacular does.
    "DEFAULT_SCHEMA_CLASS": "portal.api_schema.PortalAutoSchema",
}

# Passwords ----------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"

# Brute-force protection (django-axes) for every login form: the portal's and Wagtail admin's
# (both authenticate through these backends). Five failures lock that username from that IP for
# an hour; keying on the pair keeps one attacker from locking a whole office behind one NAT.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
# Axes' default, stated because it matters: failures are counted in the database, shared by every
# worker and untouched by cache eviction (a cache handler on local memory would not hold).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The client address for lockouts and every rate limit (portal/client_ip.py): REMOTE_ADDR, or
# behind N proxies that append to X-Forwarded-For, the address the outermost one saw.
PORTAL_TRUSTED_PROXY_COUNT = env.int("PORTAL_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_ip"
# After login: `next`, else a member its 管理中心 (staff: /admin/, portal.accounts.views).
LOGIN_REDIRECT_URL = "members:center_home"

# Language: Simplified Chinese first, English available --------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Files: local disk by default, S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Licences, contracts, invoices: never under MEDIA_ROOT, never served by URL; only through views
# that check who is asking (see portal/storage.py).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_PRIVATE_STORAGE_BUCKET_NAME = env.str("AWS_PRIVATE_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="") or None
AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="") or None
AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=300)

if AWS_STORAGE_BUCKET_NAME:
    _public_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_PRIVATE_STORAGE_BUCKET_NAME or AWS_STORAGE_BUCKET_NAME,
            "location": "" if AWS_PRIVATE_STORAGE_BUCKET_NAME else "private",
            "default_acl": "private",
            # Short-lived signed URLs, handed out only by views that checked the user.
            "querystring_auth": True,
            "querystring_expire": AWS_QUERYSTRING_EXPIRE,
            "custom_domain": None,
            "file_overwrite": False,
        },
    }
else:
    _public_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _private_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    }

STORAGES = {
    "default": _public_storage,
    "private": _private_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

FILE_UPLOAD_PERMISSIONS = 0o640
# The first handler stops keeping a file's bytes once it is larger than any upload may be
# (portal/uploads.py): a huge upload is refused by size without being stored in memory or on disk.
FILE_UPLOAD_HANDLERS = [
    "portal.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# E-mail: console by default; EMAIL_URL (smtp+tls://user:pass@host:587) in production ----------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="中小企业公共服务平台 <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (django-tasks): immediate by default, a database queue with a worker in
# production (TASKS_BACKEND=database, then run `manage.py db_worker`).
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[env.str("TASKS_BACKEND", default="immediate")]}}

# Wagtail ------------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="湖南省中小企业公共服务平台")
WAGTAILADMIN_BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Chinese-aware database search (decision 0004): SQLite FTS5 or PostgreSQL, chosen by the
# database in use. OPENSEARCH_URL moves search to OpenSearch with the same CJK analysis.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.backends.database",
    }
}
OPENSEARCH_URL = env.str("OPENSEARCH_URL", default="")
if OPENSEARCH_URL:
    from search.backends.opensearch_settings import opensearch_backend_settings

    WAGTAILSEARCH_BACKENDS = {"default": opensearch_backend_settings(OPENSEARCH_URL)}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "txt", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents are served through Wagtail's view so that private collections stay private.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Wagtail's upload forms run the portal's upload check too (magic bytes, polyglots, PDF content).
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.upload_forms.PortalImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.upload_forms.PortalDocumentForm"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# Draft preview in an app (portal/headless_preview.py): how long a preview link works, and the
# app's own preview screen ("https://app.example.cn/preview?token={token}"; empty: none).
PORTAL_PREVIEW_TOKEN_SECONDS = env.int("PORTAL_PREVIEW_TOKEN_SECONDS", default=1800)
PORTAL_HEADLESS_PREVIEW_URL = env.str("PORTAL_HEADLESS_PREVIEW_URL", default="")
# The member API (portal/member_api.py): days a login token lasts (0: until revoked), and
# requests per member as a DRF rate ("600/minute"; "off" turns the limit off).
PORTAL_API_TOKEN_DAYS = env.int("PORTAL_API_TOKEN_DAYS", default=30)
PORTAL_API_MEMBER_RATE = env.str("PORTAL_API_MEMBER_RATE", default="600/minute")
if PORTAL_API_MEMBER_RATE.lower() in ("", "off"):
    PORTAL_API_MEMBER_RATE = ""
# The OpenAPI document of /api/v2/ (served at /api/v2/schema/, browsable at /api/v2/docs/).
SPECTACULAR_SETTINGS = {
    "TITLE": "湖南省中小企业公共服务平台 API",
    "DESCRIPTION": (
        "平台公开数据的只读接口（/api/v2/）：页面、图片、文档、窗口平台、服务机构、服务产品、"
        "需求、企业产品、站点导航和全站搜索；会员接口（/api/v2/auth/ 登录取得凭证，"
        "/api/v2/me/ 我的资料、产品、需求、订单、合同、报名和消息，请求头 Authorization: "
        'Bearer <凭证>）。列表返回 {"meta": {"total_count": …}, "items": […]}；'
        '出错时返回 4xx 和 {"message": "…"}；匿名请求按客户端 IP 限流（429）。'
    ),
    "VERSION": "2",
    "SERVERS": [{"url": WAGTAILAPI_BASE_URL, "description": "本站"}],
    # Only the public API: Wagtail's admin API (/admin/api/…) is a viewset too.
    "PREPROCESSING_HOOKS": ["portal.api_schema.only_public_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api_schema.add_plain_endpoints",
    ],
    "SCHEMA_PATH_PREFIX": r"/api/v2/",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    # One name per choice set the member API shares between its components.
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "marketplace.trade.models.orders.Order.Status",
        "OrderPartyEnum": "marketplace.trade.models.orders.Order.Party",
        "ContractStatusEnum": "contracts.models.contracts.Contract.Status",
        "ContractDocumentKindEnum": "contracts.models.documents.ContractDocument.Kind",
        "EvaluationScoreEnum": "marketplace.trade.models.evaluations.SCORE_CHOICES",
        # The evaluation form's stars (「4 星：满意」), as the member API takes them.
        "EvaluationStarsEnum": "marketplace.trade.views.center.evaluations.STAR_CHOICES",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# Security defaults shared by every environment; production.py tightens the rest.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its own preview views SAMEORIGIN
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Gravatar is unreachable from much of China and would tell it editors' e-mail hashes.
WAGTAIL_GRAVATAR_PROVIDER_URL = None


# Content-Security-Policy (django-csp; portal/security_headers.py; docs/deployment.md). No nonces
# and no 'unsafe-inline' on the portal's pages: stored anonymous pages are shared (decision 0007),
# so its templates carry no inline script, event handler or style attribute. frame-ancestors is
# added response by response to match X-Frame-Options.
def _origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _media_origins():
    """Where public media (images and their renditions) come from when not from this host."""
    origins = [_origin(MEDIA_URL)]
    if AWS_STORAGE_BUCKET_NAME:
        if AWS_S3_CUSTOM_DOMAIN:
            origins.append(_origin("https://" + AWS_S3_CUSTOM_DOMAIN))
        elif AWS_S3_ENDPOINT_URL:
            # Path-style (endpoint/bucket/key) or virtual-hosted (bucket.endpoint/key) URLs.
            endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
            origins.append(_origin(AWS_S3_ENDPOINT_URL))
            origins.append(f"{endpoint.scheme}://{AWS_STORAGE_BUCKET_NAME}.{endpoint.netloc}")
        else:
            origins.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
            if AWS_S3_REGION_NAME:
                origins.append(
                    f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
                )
    return [origin for origin in dict.fromkeys(origins) if origin]


# Further origins images may come from (a CDN in front of the media bucket, …).
PORTAL_CSP_MEDIA_ORIGINS = env.list("PORTAL_CSP_MEDIA_ORIGINS", default=[])
_IMG_SRC = [SELF, "data:", *_media_origins(), *PORTAL_CSP_MEDIA_ORIGINS]
_PORTAL_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": _IMG_SRC,
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _PORTAL_DIRECTIVES}
# The Wagtail admin (staff only) as Wagtail 8 needs it: its editors run inline <script>
# initialisers (InlinePanel, date pickers), its jQuery inserts inline scripts and styles, and the
# image uploader shows blob: previews of the files being sent.
PORTAL_ADMIN_CONTENT_SECURITY_POLICY = {
    "PATH_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        **_PORTAL_DIRECTIVES,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [*_IMG_SRC, "blob:"],
    },
}
# Permissions-Policy: browser features no page of the portal uses, off for every origin.
PORTAL_PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # One line per background task is noise at INFO; failures still show.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

PORTAL_NAME = _("湖南省中小企业公共服务平台")
WAGTAILADMIN_USER_LOGIN_FORM = "portal.admin_forms.AdminLoginForm"
