"""Two app processes sharing PostgreSQL and Redis hold the same limits and
versions, as production's do.

Starts two gunicorn processes on free local ports, each with its own memory but
both on the test database and one Redis database, and shows over real HTTP that
a session begun through one holds on the other and ends on both, (a) a
sign-in lockout reached through one holds on the other, (b) a rate limit
reached through one holds on the other (the two count together), and (c) an
edit through one makes a stale `If-Match` through the other a 412.

Runs on PostgreSQL with a reachable Redis named by CACHE_URL, and is skipped
otherwise: a SQLite file and a per-process memory cache are not what app
processes share in production. The processes use the next Redis database
number after CACHE_URL's, under a key prefix of their own, so they neither see
nor disturb the suite's keys.
"""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.authtoken.models import Token

from partnerships.services import editors_group_ensure
from tests.api_records import full_agreement

CACHE_URL = os.environ.get("CACHE_URL", "")
ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]
PASSWORD = "correct horse battery staple"  # the editor fixture's
START_TIMEOUT = 60
REQUEST_TIMEOUT = 20


def processes_cache_url() -> str:
    """CACHE_URL with the next database number (0 to 15, as Redis numbers them)."""
    parts = urllib.parse.urlsplit(CACHE_URL)
    number = int(parts.path.strip("/") or 0)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{(number + 1) % 16}"))


def redis_unreachable() -> str | None:
    """Why Redis cannot be used, or None."""
    if not CACHE_URL.startswith(("redis://", "rediss://")):
        return "CACHE_URL names no Redis (set CACHE_URL=redis://host:6379/<n>)"
    try:
        redis.Redis.from_url(processes_cache_url(), socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"the Redis at CACHE_URL does not answer ({error})"
    return None


def skip_reason() -> str | None:
    if not ON_POSTGRESQL:
        return (
            "needs PostgreSQL (DATABASE_URL=postgres://...), shared by both processes"
        )
    return redis_unreachable()


SKIP_REASON = skip_reason()
pytestmark = [
    pytest.mark.two_processes,
    pytest.mark.skipif(SKIP_REASON is not None, reason=str(SKIP_REASON)),
    pytest.mark.django_db(transaction=True),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shared_database_url() -> str:
    """The test database, as the processes must reach it."""
    db = connection.settings_dict
    credentials = urllib.parse.quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Plain HTTP with cookies (for the sign-in form's CSRF token), no redirects."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            NoRedirects, urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def cookie(self, name: str) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == name)

    def call(self, url: str, method: str = "GET", data=None, headers=None):
        request = urllib.request.Request(
            url, method=method, data=data, headers=headers or {}
        )
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def post_form(self, url: str, page: bytes, **fields: str):
        """Post a form with the CSRF token of the page that shows it."""
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page
        return self.call(
            url,
            "POST",
            urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token.group(1).decode(), **fields}
            ).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )

    def sign_in(self, base: str, username: str, password: str):
        _, _, page = self.call(f"{base}/admin/login/")
        return self.post_form(
            f"{base}/admin/login/",
            page,
            username=username,
            password=password,
            next="/admin/",
        )

    def api(self, url: str, token: str, method: str = "GET", body=None, **headers):
        return self.call(
            url,
            method,
            json.dumps(body).encode() if body is not None else None,
            {
                "Authorization": f"Token {token}",
                "Content-Type": "application/json",
                **headers,
            },
        )


def start_app(port: int, env: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as output:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tracker.wsgi",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
                "--timeout=60",
                "--graceful-timeout=5",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_until_ready(process: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{base} exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/admin/login/", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    pytest.fail(f"{base} did not answer in {START_TIMEOUT} s:\n{log.read_text()}")


@pytest.fixture
def two_apps(tmp_path):
    """The base URLs of two app processes; both stopped when the test ends."""
    env = {
        **os.environ,
        "DATABASE_URL": shared_database_url(),
        "CACHE_URL": processes_cache_url(),
        "CACHE_KEY_PREFIX": f"two-processes-{uuid.uuid4().hex}",
        "RATE_LIMIT_ANON": "3/hour",
        "LOGIN_FAILURE_LIMIT": "3",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        # One public address for both, as in production: the links in a record,
        # and so its entity tag, do not depend on which process answered.
        "SITE_URL": "https://tracker.example",
        "PYTHONUNBUFFERED": "1",
    }
    processes: list[subprocess.Popen] = []
    bases = []
    try:
        for name in ("first", "second"):
            port = free_port()
            log = tmp_path / f"{name}.log"
            processes.append(start_app(port, env, log))
            bases.append((f"http://127.0.0.1:{port}", log))
        for process, (base, log) in zip(processes, bases, strict=True):
            wait_until_ready(process, base, log)
        yield [base for base, _ in bases]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def test_sessions_lockouts_rate_limits_and_versions_hold_across_two_processes(
    two_apps, editor
):
    first, second = two_apps
    browser = Browser()
    token = Token.objects.create(user=editor).key
    full_agreement("the-deal", summary="As first reported")
    colleague = get_user_model().objects.create_user(
        username="colleague", password=PASSWORD, is_staff=True
    )
    colleague.groups.add(editors_group_ensure())

    # A session begun through the first holds on the second; once ended
    # through the second, its cookie opens nothing on the first either.
    status, headers, _ = browser.sign_in(first, "colleague", PASSWORD)
    assert (status, headers["Location"]) == (302, "/admin/")
    session = browser.cookie("sessionid")
    status, _, page = browser.call(second + "/admin/")
    assert status == 200
    status, _, _ = browser.post_form(second + "/admin/logout/", page)
    assert status == 200
    status, headers, _ = Browser().call(
        first + "/admin/", headers={"Cookie": f"sessionid={session}"}
    )
    assert status == 302 and headers["Location"].startswith("/admin/login/")

    # (a) Three wrong passwords through the first lock the right one out of
    # the second.
    statuses = [browser.sign_in(first, "editor", "wrong")[0] for _ in range(3)]
    assert statuses == [200, 200, 429]
    status, _, page = browser.sign_in(second, "editor", PASSWORD)
    assert status == 429
    assert b"Signing in is locked for 30 minutes" in page

    # (b) Anonymous requests through either count together: 3 an hour.
    companies = "/api/v1/companies/"
    statuses = [browser.call(base + companies)[0] for base in (first, second, first)]
    assert statuses == [200, 200, 200]
    for base in (second, first):
        status, headers, body = browser.call(base + companies)
        assert status == 429
        assert 3500 < int(headers["Retry-After"]) <= 3600
        assert json.loads(body)["code"] == "throttled"

    # (c) An edit through the first makes the second's stale If-Match a 412
    # (and the editor locked out of the admin still writes with a token).
    agreement = "/api/v1/agreements/the-deal/"
    _, seen_by_first, _ = browser.api(first + agreement, token)
    _, seen_by_second, _ = browser.api(second + agreement, token)
    assert seen_by_first["ETag"] == seen_by_second["ETag"]
    status, _, _ = browser.api(
        first + agreement,
        token,
        "PATCH",
        {"summary": "Saved through the first"},
        **{"If-Match": seen_by_first["ETag"]},
    )
    assert status == 200
    status, _, body = browser.api(
        second + agreement,
        token,
        "PATCH",
        {"summary": "Saved through the second"},
        **{"If-Match": seen_by_second["ETag"]},
    )
    assert status == 412
    assert json.loads(body)["current"]["summary"] == "Saved through the first"


def test_readers_cached_pages_agree_and_go_stale_across_two_processes(two_apps, editor):
    """The reader cache (readercache/) is shared: an answer kept through one
    process has the same entity tag through the other, and an edit through one
    shows to a reader of the other on the next request."""
    first, second = two_apps
    token = Token.objects.create(user=editor).key
    full_agreement("the-deal", summary="As first reported")
    page = "/agreements/the-deal/"

    status, seen_by_first, body = Browser().call(first + page)
    assert status == 200 and b"As first reported" in body
    status, seen_by_second, _ = Browser().call(second + page)
    assert status == 200
    assert seen_by_second["ETag"] == seen_by_first["ETag"]
    status, _, _ = Browser().call(
        second + page, headers={"If-None-Match": seen_by_first["ETag"]}
    )
    assert status == 304

    status, _, _ = Browser().api(
        first + "/api/v1/agreements/the-deal/",
        token,
        "PATCH",
        {"summary": "Saved through the first"},
    )
    assert status == 200
    status, _, body = Browser().call(
        second + page, headers={"If-None-Match": seen_by_first["ETag"]}
    )
    assert status == 200
    assert b"Saved through the first" in body
