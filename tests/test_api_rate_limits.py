"""API clients past their rate get 429, `Retry-After` and the API's error shape."""

import time

import pytest
from rest_framework.test import APIClient

from partnerships import limits
from tests.api_records import token_client

pytestmark = pytest.mark.django_db

LIST = "/api/v1/companies/"


@pytest.fixture
def rates(settings):
    """Set some scopes' rates, the others unchanged: `rates(anon="3/minute")`."""

    def set_rates(**scopes: str) -> None:
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, **scopes}

    return set_rates


def refused_with(response, detail_start: str) -> int:
    """Assert a 429 in the error shape; its Retry-After in seconds."""
    assert response.status_code == 429, response.content
    wait = int(response["Retry-After"])
    seconds = "second" if wait == 1 else "seconds"
    assert response.json() == {
        "status": 429,
        "code": "throttled",
        "detail": f"{detail_start} Try again in {wait} {seconds}.",
        "errors": {},
    }
    return wait


def test_an_anonymous_client_past_its_rate_gets_429_with_retry_after(client, rates):
    rates(anon="3/minute")
    for _ in range(3):
        assert client.get(LIST).status_code == 200

    wait = refused_with(
        client.get(LIST), "Too many API requests: the limit is 3 per minute."
    )
    assert 1 <= wait <= 60


def test_the_default_rate_cuts_off_a_burst_of_300_anonymous_requests(client):
    allowed = limits.Rate.of("anon").requests
    assert allowed < 300

    statuses = [client.get(LIST).status_code for _ in range(300)]

    assert statuses == [200] * allowed + [429] * (300 - allowed)


def test_retry_after_counts_down_to_the_end_of_the_window(client, rates):
    rates(anon="1/minute")
    assert client.get(LIST).status_code == 200

    time.sleep(1.1)
    response = client.get(LIST)

    assert response.status_code == 429
    # 58.9 seconds left, rounded up; 58 if this test was slowed down meanwhile.
    assert response["Retry-After"] in ("59", "58")


def test_a_window_closes_after_its_period(client, rates):
    rates(anon="1/second")
    assert client.get(LIST).status_code == 200
    assert client.get(LIST).status_code == 429

    time.sleep(1.1)

    assert client.get(LIST).status_code == 200


def test_a_token_counts_against_the_user_rate_apart_from_its_address(
    client, editor, rates
):
    rates(anon="1/minute", user="3/minute")
    editor_api = token_client(editor)
    for _ in range(3):
        assert editor_api.get(LIST).status_code == 200

    refused_with(
        editor_api.get(LIST), "Too many API requests: the limit is 3 per minute."
    )
    assert client.get(LIST).status_code == 200


def test_clients_are_counted_apart_by_address(client, rates):
    rates(anon="1/minute")
    assert client.get(LIST, REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get(LIST, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(LIST, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_without_a_proxy_a_forwarded_for_header_changes_nothing(client, rates):
    rates(anon="1/minute")
    assert client.get(LIST, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    assert client.get(LIST, HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


def test_behind_a_proxy_the_address_it_saw_is_counted(client, rates, settings):
    rates(anon="1/minute")
    settings.PROXY_COUNT = 1

    def get(forwarded_for: str) -> int:
        return client.get(LIST, HTTP_X_FORWARDED_FOR=forwarded_for).status_code

    assert get("9.9.9.9, 1.1.1.1") == 200
    assert get("8.8.8.8, 1.1.1.1") == 429  # what the client wrote is not trusted
    assert get("9.9.9.9, 2.2.2.2") == 200


def test_searches_count_against_the_search_limit_shared_with_the_site(client, rates):
    rates(search="2/minute")
    assert client.get(LIST, {"search": "a"}).status_code == 200
    assert client.get("/search/", {"q": "b"}).status_code == 200

    refused_with(
        client.get(LIST, {"search": "c"}),
        "Too many searches: the limit is 2 per minute.",
    )
    assert client.get(LIST).status_code == 200


def test_csv_downloads_count_against_the_csv_limit_shared_with_the_site(client, rates):
    rates(csv="2/minute")
    assert client.get(LIST, {"format": "csv"}).status_code == 200
    assert client.get("/companies/", {"format": "csv"}).status_code == 200

    refused_with(
        client.get(LIST, HTTP_ACCEPT="text/csv"),
        "Too many CSV downloads: the limit is 2 per minute.",
    )
    assert client.get(LIST).status_code == 200


@pytest.mark.parametrize(
    "backend",
    ["tracker.redis_cache.RedisCache", "django.core.cache.backends.redis.RedisCache"],
)
def test_an_unreachable_cache_lets_requests_through_and_logs_it(
    client, rates, settings, caplog, backend
):
    rates(anon="1/minute")
    settings.READER_CACHE_SECONDS = 60  # as production runs with Redis
    settings.CACHES = {
        "default": {
            "BACKEND": backend,
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }

    assert [client.get(LIST).status_code for _ in range(2)] == [200, 200]
    assert "Rate limit anon not counted: the cache did not answer" in caplog.text
    assert "Reader cache not read: the cache did not answer" in caplog.text


def test_the_schema_documents_429_and_retry_after_on_every_operation():
    schema = APIClient().get("/api/v1/schema/", {"format": "json"}).json()
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) > 20

    for path, method, operation in operations:
        throttled = operation["responses"].get("429")
        assert throttled, f"{method} {path} does not document 429"
        assert throttled["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
        assert throttled["headers"]["Retry-After"]["schema"] == {"type": "integer"}
