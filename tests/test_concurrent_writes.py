"""Twenty editors saving the same record at once over HTTP: each write either
succeeds (200) or is refused as stale (412), never a 500 ("database is locked"
on SQLite), and history keeps exactly one version per successful write."""

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from rest_framework.authtoken.models import Token

from partnerships.models import Agreement
from tests.api_records import full_agreement

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 20


@pytest.fixture
def url(live_server) -> str:
    full_agreement("the-deal", summary="As first reported")
    return f"{live_server.url}/api/v1/agreements/the-deal/"


@pytest.fixture
def token(editor) -> str:
    return Token.objects.create(user=editor).key


def call(url: str, token: str, method: str = "GET", body=None, **headers):
    request = urllib.request.Request(
        url,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            **headers,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def patch_at_once(url: str, token: str, **headers) -> Counter:
    """WRITERS PATCHes of the summary, sent together; their statuses counted."""
    start = threading.Barrier(WRITERS)

    def write(n: int) -> int:
        start.wait()
        status, _ = call(url, token, "PATCH", {"summary": f"Edit {n}"}, **headers)
        return status

    with ThreadPoolExecutor(WRITERS) as pool:
        return Counter(pool.map(write, range(WRITERS)))


def versions() -> int:
    return Agreement.history.filter(slug="the-deal").count()


def test_twenty_patches_at_once_all_succeed_each_kept_in_history(url, token, capsys):
    before = versions()

    statuses = patch_at_once(url, token)

    with capsys.disabled():
        print(f"\n{WRITERS} PATCHes at once, no If-Match: {dict(statuses)}")
    assert statuses == {200: WRITERS}
    assert versions() - before == WRITERS


def test_twenty_patches_at_once_of_one_version_one_succeeds_the_rest_are_412(
    url, token, capsys
):
    _, headers = call(url, token)
    before = versions()

    statuses = patch_at_once(url, token, **{"If-Match": headers["ETag"]})

    with capsys.disabled():
        print(f"\n{WRITERS} PATCHes at once, same If-Match: {dict(statuses)}")
    assert statuses == {200: 1, 412: WRITERS - 1}
    assert versions() - before == 1
