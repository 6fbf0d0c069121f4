"""Anonymous readers' GETs are answered from the cache, with conditional GET;
nothing personal, and nothing an editor reads, is ever kept or served from it."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from readercache import counts, versions
from tests.api_records import token_client
from tests.factories import AgreementFactory, AgreementPartyFactory

READER_PAGES = [
    "/",
    "/agreements/",
    "/agreements/cloud-deal/",
    "/companies/",
    "/api/v1/agreements/",
    "/api/v1/agreements/cloud-deal/",
]


def queries_made(client, path: str, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, **kwargs).status_code in (200, 404)
    return len(queries)


@pytest.fixture(autouse=True)
def reader_cache_on(settings):
    settings.READER_CACHE_SECONDS = 60


@pytest.fixture
def deal(db):
    party = AgreementPartyFactory(
        agreement=AgreementFactory(title="Cloud deal", slug="cloud-deal")
    )
    return party.agreement


@pytest.mark.parametrize("path", READER_PAGES)
def test_a_second_anonymous_get_is_answered_without_a_query(
    client, deal, django_assert_num_queries, path
):
    first = client.get(path)
    assert first.status_code == 200

    with django_assert_num_queries(0):
        second = client.get(path)

    assert second.status_code == 200
    assert second.content == first.content.replace(
        first_nonce(first), first_nonce(second)
    )
    assert second["ETag"] == first["ETag"]


def first_nonce(response) -> bytes:
    policy = response.get("Content-Security-Policy", "")
    start = policy.find("'nonce-")
    if start < 0:
        return b"\0no nonce\0"
    return policy[start + len("'nonce-") : policy.index("'", start + 1)].encode()


def test_a_cached_page_carries_a_fresh_nonce_in_its_body_and_policy(client, deal):
    first = client.get("/agreements/")
    second = client.get("/agreements/")

    old, new = first_nonce(first), first_nonce(second)
    assert old in first.content
    assert new != old
    assert new in second.content
    assert old not in second.content


@pytest.mark.parametrize("path", READER_PAGES)
def test_if_none_match_with_the_etag_is_answered_304(client, deal, path):
    tag = client.get(path)["ETag"]

    cached = client.get(path, headers={"If-None-Match": tag})
    assert cached.status_code == 304
    assert cached["ETag"] == tag
    assert cached.content == b""

    assert client.get(path, headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_the_etag_is_the_same_whoever_rendered_the_page(client, deal, settings):
    tag = client.get("/agreements/")["ETag"]
    settings.CACHES = {  # another process: an empty cache of its own
        "default": {**settings.CACHES["default"], "KEY_PREFIX": "another-process"}
    }

    assert client.get("/agreements/")["ETag"] == tag


def test_hosts_and_accepted_types_are_kept_apart(client, deal):
    client.get("/api/v1/agreements/cloud-deal/", HTTP_HOST="localhost")
    elsewhere = client.get("/api/v1/agreements/cloud-deal/", HTTP_HOST="127.0.0.1")
    assert elsewhere.json()["url"].startswith("http://127.0.0.1/")

    client.get("/api/v1/agreements/", HTTP_ACCEPT="application/json")
    browsable = client.get("/api/v1/agreements/", HTTP_ACCEPT="text/html")
    assert browsable["Content-Type"].startswith("text/html")


def test_an_editors_reads_are_never_kept_nor_served_from_the_cache(
    editor_client, deal, django_assert_num_queries
):
    deal.publication_status = "draft"
    deal.save()
    anonymous = Client()

    # The API shows an editor the draft; what the editor was given is not kept.
    assert editor_client.get("/api/v1/agreements/cloud-deal/").status_code == 200
    assert anonymous.get("/api/v1/agreements/cloud-deal/").status_code == 404

    # What readers were given is not served to the editor.
    assert anonymous.get("/api/v1/agreements/").json()["count"] == 0
    with django_assert_num_queries(0):
        anonymous.get("/api/v1/agreements/")
    assert editor_client.get("/api/v1/agreements/").json()["count"] == 1


def test_a_token_or_a_session_is_never_answered_from_the_cache(client, deal, editor):
    client.get("/api/v1/agreements/")
    with_token = token_client(editor)
    user = get_user_model().objects.create_user(username="reader", password="x")
    signed_in = Client()
    signed_in.force_login(user)

    for someone in (with_token, signed_in):
        assert queries_made(someone, "/api/v1/agreements/") > 0


def test_a_page_rendering_a_csrf_token_is_not_kept(deal):
    # The browsable API writes a CSRF token into every page it renders.
    for _ in range(2):
        page = Client().get("/api/v1/agreements/", HTTP_ACCEPT="text/html")
        assert page.cookies["csrftoken"]  # made afresh each time, never replayed
        assert "ETag" not in page


def test_a_reader_with_cookies_other_than_the_csrf_token_is_not_answered_from_it(
    client, deal
):
    client.get("/agreements/")
    client.cookies["messages"] = "a message shown once"

    assert queries_made(client, "/agreements/") > 0


def test_errors_pass_through_and_are_not_kept(client, deal):
    assert client.get("/agreements/no-such-deal/").status_code == 404
    assert queries_made(client, "/agreements/no-such-deal/") > 0


def test_rate_limits_count_the_requests_the_cache_answers(client, deal, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "anon": "3/minute"}

    answers = [client.get("/api/v1/agreements/").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


def test_searches_count_against_the_search_limit_when_cached(client, deal, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": "2/minute"}

    answers = [client.get("/agreements/", {"q": "cloud"}).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_the_cache_is_off_at_zero_seconds(client, deal, settings):
    settings.READER_CACHE_SECONDS = 0
    client.get("/agreements/")
    assert queries_made(client, "/agreements/") > 0


def test_a_page_kept_by_another_release_is_made_afresh(client, deal, monkeypatch):
    client.get("/agreements/")
    assert queries_made(client, "/agreements/") == 0

    monkeypatch.setattr(versions, "release", lambda: "the-next-release")

    assert queries_made(client, "/agreements/") > 0


def test_figures_kept_by_another_release_are_worked_out_afresh(
    client, deal, settings, monkeypatch
):
    settings.COUNTS_CACHE_SECONDS = 60
    settings.READER_CACHE_SECONDS = 0
    assert counts.remembered("figures", (), lambda: "the old release's") == (
        "the old release's"
    )

    monkeypatch.setattr(versions, "release", lambda: "the-next-release")

    assert counts.remembered("figures", (), lambda: "this release's") == (
        "this release's"
    )
