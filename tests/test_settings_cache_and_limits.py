"""CACHE_URL, the rates and the lockout come from the environment; a value that
cannot work stops the start, naming its variable."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

SHOW = (
    "import json, tracker.settings as s; print(json.dumps({"
    "'cache': s.CACHES['default'], 'rates': s.RATE_LIMITS, "
    "'session': getattr(s, 'SESSION_ENGINE', 'db'), "
    "'lockout': [s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds()]}))"
)
OURS = ("CACHE_URL", "CACHE_KEY_PREFIX", "PROXY_COUNT", "LOGIN_")


def start(**env: str) -> subprocess.CompletedProcess:
    """Load the settings module in a fresh interpreter with this environment."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(OURS) and not name.startswith("RATE_LIMIT_")
    }
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**clean, **env},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def started(**env: str) -> dict:
    result = start(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refused(**env: str) -> str:
    result = start(**env)
    assert result.returncode != 0
    return result.stderr.strip().splitlines()[-1]


def test_without_cache_url_each_process_has_a_memory_cache_and_database_sessions():
    shown = started()

    assert shown["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["session"] == "db"


def test_cache_url_selects_redis_and_sessions_cached_in_it():
    shown = started(CACHE_URL="redis://cache.internal:6379/2", CACHE_KEY_PREFIX="a")

    assert shown["cache"] == {
        "BACKEND": "tracker.redis_cache.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        "KEY_PREFIX": "a",
    }
    assert shown["session"] == "django.contrib.sessions.backends.cached_db"


def test_rates_and_lockout_have_defaults_and_environment_variables():
    assert started()["rates"] == {
        "anon": "120/minute",
        "user": "600/minute",
        "search": "30/minute",
        "csv": "10/minute",
        "alerts": "10/hour",
        "alerts_address": "3/day",
        "correction": "5/hour",
    }
    assert started()["lockout"] == [5, 1800]

    shown = started(
        RATE_LIMIT_ANON="10/second",
        RATE_LIMIT_USER="5000/hour",
        RATE_LIMIT_SEARCH="100/day",
        RATE_LIMIT_CSV="1/minute",
        RATE_LIMIT_ALERTS="2/minute",
        RATE_LIMIT_ALERTS_ADDRESS="1/day",
        RATE_LIMIT_CORRECTION="20/day",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_COOLOFF_MINUTES="60",
    )
    assert shown["rates"] == {
        "anon": "10/second",
        "user": "5000/hour",
        "search": "100/day",
        "csv": "1/minute",
        "alerts": "2/minute",
        "alerts_address": "1/day",
        "correction": "20/day",
    }
    assert shown["lockout"] == [3, 3600]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "CACHE_URL",
            "memcached://user:secret@cache:11211",
            "CACHE_URL: give a redis://, rediss:// or unix:// URL, "
            "not a 'memcached' one.",
        ),
        (
            "RATE_LIMIT_SEARCH",
            "30 a minute",
            "RATE_LIMIT_SEARCH: give a number of requests per second, minute, hour "
            "or day, e.g. 30/minute, not '30 a minute'.",
        ),
        (
            "RATE_LIMIT_ANON",
            "0/minute",
            "RATE_LIMIT_ANON: give a number of requests per second, minute, hour "
            "or day, e.g. 30/minute, not '0/minute'.",
        ),
        (
            "LOGIN_FAILURE_LIMIT",
            "0",
            "LOGIN_FAILURE_LIMIT: give a whole number of at least 1, not '0'.",
        ),
        (
            "PROXY_COUNT",
            "one",
            "PROXY_COUNT: give a whole number of at least 0, not 'one'.",
        ),
    ],
    ids=lambda value: value if value.isupper() else None,
)
def test_a_value_that_cannot_work_stops_the_start_naming_its_variable(
    variable, value, message
):
    error = refused(**{variable: value})

    assert error == f"django.core.exceptions.ImproperlyConfigured: {message}"
    assert "secret" not in error
