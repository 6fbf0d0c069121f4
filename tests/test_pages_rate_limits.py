"""Searches and CSV downloads on the site past their limit: a 429 page with
`Retry-After`; browsing is not limited."""

import pytest
from django.test import Client
from pytest_django.asserts import assertTemplateUsed

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "search": "2/minute",
        "csv": "1/minute",
    }


def assert_refused_page(response, message_start: str) -> None:
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 60
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assertTemplateUsed(response, "partnerships/too_many_requests.html")
    assertTemplateUsed(response, "base.html")
    seconds = "second" if wait == 1 else "seconds"
    assert (
        f'<p class="problem" role="alert">{message_start} Try again in {wait} '
        f"{seconds}.</p>" in response.content.decode()
    )


def test_a_search_past_its_limit_is_a_429_page_with_retry_after(client, rates):
    assert client.get("/search/", {"q": "openai"}).status_code == 200
    assert client.get("/search/", {"q": "azure"}).status_code == 200

    assert_refused_page(
        client.get("/search/", {"q": "aws"}),
        "Too many searches: the limit is 2 per minute.",
    )


def test_a_list_search_counts_against_the_same_limit(client, rates):
    assert client.get("/agreements/", {"q": "openai"}).status_code == 200
    assert client.get("/search/", {"q": "azure"}).status_code == 200

    assert_refused_page(
        client.get("/people/", {"q": "altman"}),
        "Too many searches: the limit is 2 per minute.",
    )


def test_a_csv_download_past_its_limit_is_a_429_page(client, rates):
    response = client.get("/agreements/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"

    assert_refused_page(
        client.get("/sources/", {"format": "csv"}),
        "Too many CSV downloads: the limit is 1 per minute.",
    )


def test_browsing_without_a_search_or_a_download_is_not_limited(client, rates):
    for path in ["/agreements/", "/companies/", "/search/", "/search/?q=+"] * 3:
        assert client.get(path).status_code == 200, path


def test_searches_are_counted_per_client(client, rates):
    for _ in range(2):
        client.get("/search/", {"q": "openai"}, REMOTE_ADDR="10.0.0.1")
    assert client.get("/search/?q=aws", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get("/search/?q=aws", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_a_signed_in_reader_is_counted_by_account_not_address(editor_client, rates):
    for _ in range(2):
        editor_client.get("/search/", {"q": "openai"})
    assert editor_client.get("/search/", {"q": "aws"}).status_code == 429
    assert Client().get("/search/", {"q": "aws"}).status_code == 200
