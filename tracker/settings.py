"""Settings for the partnership tracker.

One module for every environment: deploy-specific values come from environment
variables, and the defaults give a working local site on SQLite with nothing to
install.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "insecure-local-development-key-set-SECRET_KEY-in-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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
            ],
        },
    },
]

# DATABASE_URL=postgres://user@host:5432/name switches to PostgreSQL (psycopg 3).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "partnerships.api.filters.RelationSearchFilter",
        "partnerships.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
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
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]


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
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
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

# Requests per client (its account, else its address) in a window that opens
# with its first request (partnerships/limits.py).
RATE_LIMITS = {
    "anon": env_rate("RATE_LIMIT_ANON", "120/minute"),  # API without a token
    "user": env_rate("RATE_LIMIT_USER", "600/minute"),  # API with a token
    "search": env_rate("RATE_LIMIT_SEARCH", "30/minute"),  # site and API searches
    "csv": env_rate("RATE_LIMIT_CSV", "10/minute"),  # site and API CSV downloads
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
AXES_LOCKOUT_CALLABLE = "partnerships.admin_lockout.lockout_response"
