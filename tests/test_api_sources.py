"""GET /api/v1/sources/: what the records rest on."""

import datetime

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def site_url(settings):
    """Canonical URLs are built on SITE_URL, whatever host the API was asked on."""
    settings.SITE_URL = "https://tracker.example"


LIST = "/api/v1/sources/"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [record["slug"] for record in response.json()["results"]]


@pytest.fixture
def article(db):
    podcast = factories.SourceFactory(slug="podcast", kind="podcast", title="Podcast")
    return factories.SourceFactory(
        slug="article",
        title="The article",
        url="https://example.com/a",
        published_on=datetime.date(2025, 11, 1),
        published_precision="month",
        reported_in=None,
        language="zh-Hant",
    ), podcast


def test_detail_shows_original_url_and_publication_date(client, article):
    body = client.get(f"{LIST}article/").json()

    assert body["original_url"] == "https://example.com/a"
    assert body["published"]["value"] == "2025-11"
    assert body["published"]["display"] == "November 2025"
    assert body["url"] == "https://tracker.example/api/v1/sources/article/"


def test_filters_by_kind_and_language(client, article):
    assert slugs(client.get(LIST, {"kind": "podcast"})) == ["podcast"]
    assert slugs(client.get(LIST, {"language": "zh-hant"})) == ["article"]


def test_search_and_ordering(client, article):
    assert slugs(client.get(LIST, {"search": "article"})) == ["article"]
    assert slugs(client.get(LIST, {"ordering": "-title"})) == ["article", "podcast"]


def test_draft_source_is_404_for_readers(client, db):
    factories.SourceFactory(slug="leak", publication_status="draft")

    assert client.get(f"{LIST}leak/").status_code == 404
    assert slugs(client.get(LIST)) == []
