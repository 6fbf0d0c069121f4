"""Production is secure by default: no public SECRET_KEY, HTTPS=1 for the rest.

Settings are read once, when a process starts, so each case starts one with
the environment it describes (and none of the suite's own).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent

# The environment README.md's "Deploying" section documents.
PRODUCTION = {
    "SECRET_KEY": "k9#Qv2!xR7@mT4$wL8^pZ1&nB6*yC3(eF5)hJ0-uS_dG+aN=oW",
    "ALLOWED_HOSTS": "tracker.example",
    "CSRF_TRUSTED_ORIGINS": "https://tracker.example",
    "SITE_URL": "https://tracker.example",
    "HTTPS": "1",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "STATIC_MANIFEST": "1",
    "DATABASE_URL": "postgres://tracker@db.internal:5432/tracker",
    "EMAIL_HOST": "smtp.internal",
}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/"), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_under(**env: str) -> dict:
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
    ]
    script = (
        "import json; from tracker import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = run(["-c", script], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_site_refuses_to_start_on_the_development_key_with_debug_off():
    result = run(["manage.py", "check"], ALLOWED_HOSTS="tracker.example")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY: set the SECRET_KEY" in result.stderr


@pytest.mark.parametrize("flag", ["DEBUG", "DEVELOPMENT"])
def test_debug_or_a_development_machine_may_use_the_development_key(flag):
    result = run(["manage.py", "check"], **{flag: "1"})

    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_in_the_documented_production_environment():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_turns_on_hsts_the_ssl_redirect_and_secure_cookies():
    https = settings_under(**PRODUCTION)

    assert https["DEBUG"] is False
    assert https["SECURE_SSL_REDIRECT"] is True
    assert https["SESSION_COOKIE_SECURE"] is True
    assert https["CSRF_COOKIE_SECURE"] is True
    assert https["SECURE_HSTS_SECONDS"] == 31536000
    assert https["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert https["SECURE_HSTS_PRELOAD"] is False
    assert https["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_without_https_nothing_forces_https():
    plain = settings_under(DEVELOPMENT="1")

    assert plain["SECURE_SSL_REDIRECT"] is False
    assert plain["SESSION_COOKIE_SECURE"] is False
    assert plain["SECURE_HSTS_SECONDS"] == 0
    assert plain["SECURE_PROXY_SSL_HEADER"] is None


def test_hsts_takes_its_age_and_subdomains_from_the_environment():
    https = settings_under(
        **{
            **PRODUCTION,
            "HSTS_SECONDS": "3600",
            "HSTS_INCLUDE_SUBDOMAINS": "1",
            "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Scheme: HTTPS",
        }
    )

    assert https["SECURE_HSTS_SECONDS"] == 3600
    assert https["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert https["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_SCHEME", "HTTPS"]


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("HTTPS", "on", "HTTPS: give 1 (on) or 0 (off), not 'on'."),
        ("HSTS_SECONDS", "a year", "HSTS_SECONDS: give a whole number, not 'a year'."),
        (
            "SECURE_PROXY_SSL_HEADER",
            "X_Forwarded Proto",
            "SECURE_PROXY_SSL_HEADER: give the header your proxy sets",
        ),
    ],
)
def test_a_setting_it_cannot_read_stops_the_site_naming_it(name, value, message):
    result = run(["manage.py", "check"], **{**PRODUCTION, name: value})

    assert result.returncode != 0
    assert message in result.stderr
