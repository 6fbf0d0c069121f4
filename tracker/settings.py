"""Settings for the partnership tracker.

One module for every environment: deploy-specific values come from environment
variables, and the defaults give a working local site on SQLite with nothing to
install.
"""

import base64
import datetime
import hashlib
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value in {"1", "true", "yes"}:
        return True
    if value in {"0", "false", "no"}:
        return False
    if not value:
        return default
    raise ImproperlyConfigured(f"{name}: give 1 (on) or 0 (off), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name}: give a whole number, not {value!r}.")
    return int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


def env_proxy_header(name: str) -> tuple[str, str] | None:
    """`X-Forwarded-Proto` or `X-Forwarded-Proto: https` as Django's
    SECURE_PROXY_SSL_HEADER: ("HTTP_X_FORWARDED_PROTO", "https")."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    header, _, secure_value = (part.strip() for part in value.partition(":"))
    if not re.fullmatch(r"[A-Za-z0-9-]+", header):
        raise ImproperlyConfigured(
            f"{name}: give the header your proxy sets, e.g. X-Forwarded-Proto "
            f"(or X-Forwarded-Proto: https), not {value!r}."
        )
    return "HTTP_" + header.upper().replace("-", "_"), secure_value or "https"


def csp_hash(source: str) -> str:
    """A Content-Security-Policy source allowing exactly this inline text."""
    digest = hashlib.sha256(source.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


DEBUG = env_bool("DEBUG")
# The development key is public (it is in this file): a site signing sessions and
# CSRF tokens with it can be impersonated. Only DEBUG or DEVELOPMENT=1 (a machine
# serving nobody else; the Makefile and the test suite set it) may run on it.
DEVELOPMENT_SECRET_KEY = "insecure-local-development-key-set-SECRET_KEY-in-production"
DEVELOPMENT = env_bool("DEVELOPMENT")
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
if SECRET_KEY == DEVELOPMENT_SECRET_KEY and not (DEBUG or DEVELOPMENT):
    raise ImproperlyConfigured(
        "SECRET_KEY: set the SECRET_KEY environment variable to a long random "
        "string (python -c 'import secrets; print(secrets.token_urlsafe(50))'). "
        "The built-in development key is accepted only with DEBUG=1 or "
        "DEVELOPMENT=1, never on a public site."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address, e.g. https://tracker.example: canonical links, og:url, the
# API's `url` fields, the feed, the sitemap and robots.txt name it. Unset, each
# absolute URL follows the host the request came in on (one ALLOWED_HOSTS
# accepts): partnerships/site_address.py.
SITE_URL = os.environ.get("SITE_URL", "")
# URLs per sitemap file: the sitemap protocol allows at most 50,000, which
# made files of 4.7 MB taking 4 s each at 100,000 agreements; 5,000 make
# files under 500 KB.
SITEMAP_LIMIT = 5_000
# How much of a long list one public page shows, so that no page grows with the
# data (issue 12): a record page's lists, the timeline's rows, the network's
# companies, the choices of each facet on a list page.
RECORD_PAGE_SIZE = 25
TIMELINE_ROWS = 100
NETWORK_NODES = 60
NETWORK_AGREEMENTS = 150
FACET_CHOICES = 10
FACET_MORE_CHOICES = 100
# A milestone calendar (.ics) holds the soonest events from this many days ago.
CALENDAR_EVENTS = 500
CALENDAR_PAST_DAYS = 365

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "partnerships",
    "partnerships.search",  # the search index; depends on partnerships
    "following",  # feeds and calendars; depends on partnerships, never the reverse
    "alerts",  # email alerts; depends on partnerships and following
    "webhooks",  # the change log behind /api/v1/changes/, and webhooks
    "editorial",  # the editors' desk and review before publishing
    "corrections",  # readers' suggested corrections and the editors' queue
    "merges",  # the editors' merges of duplicate records; depends on partnerships
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the policies too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "tracker.permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Resilience: an unreachable database is a 503 page with Retry-After.
    "health.outages.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# DATABASE_URL=postgres://user@host:5432/name switches to PostgreSQL (psycopg 3).
# `manage.py backup` writes JSON with times to the microsecond (see the module).
SERIALIZATION_MODULES = {"backup": "partnerships.backup_format"}

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        # Resilience: a kept connection is checked before a request reuses it, so
        # the first request after a database restart does not fail on a dead one.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# -- Resilience: body cap, database outages, SQLite under concurrent writes -------
# The most a request body may hold (uploaded files aside): a record's JSON or an
# admin form is a few kilobytes. Over it the API answers 413, other pages 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# SQLite takes one write at a time. WAL lets readers go on while a write runs;
# IMMEDIATE takes the write lock as a transaction begins, so a writer waits its
# turn (up to `timeout` seconds) where two transactions that read first and then
# write would fail with "database is locked". Options in DATABASE_URL win.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }
# A PostgreSQL host that does not answer at all: a 503 after 5 s, not a worker
# waiting until it is killed. No JIT compilation: it pays off for long analytic
# queries, and a request's queries are short, but the planner's estimate for
# one with subqueries can pass `jit_above_cost`: at L a company's feed took
# 826 ms with it and 462 ms without.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": 5,
        "options": "-c jit=off",
        **DATABASES["default"].get("OPTIONS", {}),
    }
# -- end of resilience block -------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production sets STATIC_MANIFEST=1 and runs `collectstatic` for hashed, compressed
# files; locally and in tests WhiteNoise serves the files straight from the finders.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST")
STATIC_ROOT = BASE_DIR / "staticfiles" if STATIC_MANIFEST else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "admin:login"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes "no credentials" a 401.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "partnerships.api.permissions.ModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "partnerships.api.filters.FilterBackend",
        "partnerships.api.filters.IndexedSearchFilter",
        "partnerships.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": ["partnerships.api.parsers.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": (
        "partnerships.api.renderers.StrictContentNegotiation"
    ),
    "DEFAULT_PAGINATION_CLASS": "partnerships.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "partnerships.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "partnerships.api.schema.TrackerAutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Partnership tracker API",
    "DESCRIPTION": (
        "Sourced records of the agreements that shape the AI industry: companies, "
        "people, sources, agreements and statements.\n\n"
        "Reading is open to everyone (published records); writing needs an "
        "editor's token: `Authorization: Token <key>`. Lists take filters, "
        "`search`, `ordering`, `page`, `page_size` (1 to 100) and `format=csv`.\n\n"
        "Every error is JSON in one shape (the `Error` schema): "
        '`{"status": 400, "code": "invalid", "detail": "Invalid value for: '
        'page_size.", "errors": {"page_size": ["Give a whole number from 1 to '
        "100, not '-3'.\"]}}`; `errors` names each field or parameter at fault. "
        "405 answers a method an endpoint does not allow, with an `Allow` header."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AgreementKindEnum": "partnerships.models.AgreementKind",
        "SourceKindEnum": "partnerships.models.SourceKind",
        "CommitmentKindEnum": "partnerships.models.CommitmentKind",
        "DatePrecisionEnum": "partnerships.qualified.DatePrecision",
        "QualifierEnum": "partnerships.qualified.Qualifier",
        "RecordTypeEnum": "webhooks.models.RecordType",
        "ChangeTypeEnum": "webhooks.models.ChangeType",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "partnerships.api.schema.forbid_nul_characters",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# HTTPS=1: the site is served over HTTPS only, by gunicorn itself or behind a
# proxy that terminates TLS (then set SECURE_PROXY_SSL_HEADER too, or every
# request looks like plain HTTP and is redirected forever).
HTTPS = env_bool("HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD")
SECURE_PROXY_SSL_HEADER = env_proxy_header("SECURE_PROXY_SSL_HEADER")
# Other hosts under the domain may not serve HTTPS, and the browsers' preload
# list is hard to leave: both are the deployment's choice (HSTS_INCLUDE_SUBDOMAINS,
# HSTS_PRELOAD), off by default rather than warnings to act on.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"


# DRF's browsable API writes these style attributes (the Filters button, the
# search box); their hashes let exactly these declarations through, no other.
DRF_STYLE_ATTRIBUTES = ("float: right; margin-right: 10px", "width: 350px")
# Every response: scripts and styles only from this site's own files or carrying
# the response's nonce (templates: {% csp_nonce_attr %}); nothing from elsewhere,
# no inline event handlers or other style attributes, no framing.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "style-src-attr": [CSP.UNSAFE_HASHES, *map(csp_hash, DRF_STYLE_ATTRIBUTES)],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
# Powerful browser features no page of the tracker uses, denied to it and to
# anything it might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
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
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# -- The task worker ---------------------------------------------------------------
# Admin imports run as tasks (django.tasks) kept in the database; `manage.py
# db_worker` runs them, beside the web server (README: "The task worker").
INSTALLED_APPS += ["django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# An import holds its transaction for minutes: SQLite's write-ahead log (the
# resilience block above) lets pages, the import's progress page too, read meanwhile.

# -- Mail (email alerts, alerts/) ------------------------------------------------
# The task worker sends the mails. With EMAIL_HOST set they go by SMTP (set the
# port, account, TLS and sender too); else with EMAIL_FILE_PATH set, each is
# written to a file in that folder; else they are printed on the console (the
# worker's output under `make run`). Production sets EMAIL_HOST and SITE_URL
# (mails' links name it).
email_host = os.environ.get("EMAIL_HOST", "").strip()
email_files = os.environ.get("EMAIL_FILE_PATH", "").strip()
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Partnership tracker <alerts@localhost>"
)
# Django 6.1's MAILERS (the EMAIL_* settings are deprecated); the environment
# variables keep their classic names.
if email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": email_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                # A stuck mail server holds a worker this long, not forever.
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
elif email_files:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": email_files},
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# -- Change feed and webhooks (README: "Change feed and webhooks") --------------------
# Webhook endpoints on private, loopback, link-local or reserved addresses are
# refused (SSRF) unless this is on: for tests and local development only.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES")
# A delivery is tried at most this many times, the n-th retry RETRY_SECONDS ×
# 2^(n-1) after the failure before it; each POST waits TIMEOUT_SECONDS at most.
WEBHOOKS_MAX_ATTEMPTS = env_int("WEBHOOKS_MAX_ATTEMPTS", 6)
WEBHOOKS_RETRY_SECONDS = env_int("WEBHOOKS_RETRY_SECONDS", 60)
WEBHOOKS_TIMEOUT_SECONDS = env_int("WEBHOOKS_TIMEOUT_SECONDS", 5)

# -- Cache, rate limits and lockout ------------------------------------------------
# One cache shared by every app process (Redis, CACHE_URL) holds the rate-limit
# counters and sessions; without it each process has its own memory cache.
RATE_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def env_count(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, str(default)).strip()
    if not raw.isdecimal() or int(raw) < minimum:
        raise ImproperlyConfigured(
            f"{name}: give a whole number of at least {minimum}, not {raw!r}."
        )
    return int(raw)


def env_rate(name: str, default: str) -> str:
    rate = os.environ.get(name, default).strip()
    number, _, period = rate.partition("/")
    if not number.isdecimal() or int(number) < 1 or period not in RATE_PERIODS:
        raise ImproperlyConfigured(
            f"{name}: give a number of requests per second, minute, hour or day, "
            f"e.g. 30/minute, not {rate!r}."
        )
    return rate


def env_cache(name: str) -> dict:
    url = os.environ.get(name, "").strip()
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    scheme = url.partition("://")[0]
    if scheme not in ("redis", "rediss", "unix"):
        # The scheme only: the URL may hold a password.
        raise ImproperlyConfigured(
            f"{name}: give a redis://, rediss:// or unix:// URL, not a {scheme!r} one."
        )
    return {
        # Django's, with fewer round trips on the reader cache's path.
        "BACKEND": "tracker.redis_cache.RedisCache",
        "LOCATION": url,
        # A Redis that stops answering costs a request a second, not a worker.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


CACHES = {
    "default": {
        **env_cache("CACHE_URL"),
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
    }
}
# With Redis, sessions are read from it and written through to the database: no
# query per request, and a Redis restart signs no one out. Without it, the
# database alone: a per-process memory cache would go on accepting a session
# that another process has ended.
if os.environ.get("CACHE_URL", "").strip():
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Anonymous readers' pages and API reads are kept this many seconds in the
# cache (readercache/), each write moving a version that makes them stale; 0
# turns it off. On by default only with CACHE_URL: a per-process memory cache
# would not hear of another process's writes (the task worker's imports, a
# second gunicorn worker) and could show a withdrawn record until it expires.
READER_CACHE_SECONDS = env_count(
    "READER_CACHE_SECONDS", 300 if os.environ.get("CACHE_URL", "").strip() else 0
)
# A list's facet counts are kept as long, under the same version (readercache/
# counts.py): counting 100,000 agreements per facet takes a second.
COUNTS_CACHE_SECONDS = env_count(
    "COUNTS_CACHE_SECONDS", 300 if os.environ.get("CACHE_URL", "").strip() else 0
)
# While one request counts them, how long others wanting the same counts wait
# for its answer before counting for themselves (readercache/counts.py).
COUNTS_WAIT_SECONDS = env_count("COUNTS_WAIT_SECONDS", 10)
INSTALLED_APPS += ["readercache"]
# Outermost: a cached answer holds every header the other middleware adds.
MIDDLEWARE.insert(0, "readercache.middleware.ReaderCacheMiddleware")

# Requests per client (its account, else its address) in a window that opens
# with its first request (partnerships/limits.py).
RATE_LIMITS = {
    "anon": env_rate("RATE_LIMIT_ANON", "120/minute"),  # API without a token
    "user": env_rate("RATE_LIMIT_USER", "600/minute"),  # API with a token
    "search": env_rate("RATE_LIMIT_SEARCH", "30/minute"),  # site and API searches
    "csv": env_rate("RATE_LIMIT_CSV", "10/minute"),  # site and API CSV downloads
    # Asking for email alerts (alerts/): per client address, and confirmation
    # mails per email address, whoever asks.
    "alerts": env_rate("RATE_LIMIT_ALERTS", "10/hour"),
    "alerts_address": env_rate("RATE_LIMIT_ALERTS_ADDRESS", "3/day"),
    # Readers' suggested corrections (corrections/views.py), per address.
    "correction": env_rate("RATE_LIMIT_CORRECTION", "5/hour"),
}
# How many reverse proxies append to X-Forwarded-For in front of the app; 0
# trusts no such header, so that a client cannot choose its own address.
PROXY_COUNT = env_count("PROXY_COUNT", 0)
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "partnerships.api.throttling.RateLimitThrottle"
]

# Admin sign-in lockout (django-axes): failures per username and per address.
# Counted in the database, not the cache: they outlive a Redis restart, the
# admin lists them, and every unlock command works (axes' cache handler cannot
# reset everyone). Sign-ins are rare; a write each costs nothing.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last, as axes asks
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_count("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_count("LOGIN_COOLOFF_MINUTES", 30, minimum=1)
)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner in every command's output
AXES_CLIENT_IP_CALLABLE = "partnerships.limits.client_address"
AXES_LOCKOUT_CALLABLE = "partnerships.admin.lockout.lockout_response"

# -- Full downloads and embeddable cards (README: "Downloads and embedding") ------
# Where the JSON, CSV (ZIP) and SQLite downloads are written (`manage.py
# export_dataset`, and the task queued after publishes); the web processes read it.
DOWNLOADS_ROOT = Path(
    os.environ.get("DOWNLOADS_ROOT", "").strip() or BASE_DIR / "var" / "downloads"
)
# Seconds between an editor's change to what readers see and the export it
# queues: every change within that window is in that one export.
DOWNLOADS_EXPORT_DELAY = env_count("DOWNLOADS_EXPORT_DELAY", 300)
# Which sites may frame the /embed/ cards (CSP frame-ancestors); no other page
# may be framed by any.
EMBED_FRAME_ANCESTORS = env_list("EMBED_FRAME_ANCESTORS", "*")
