"""GET /api/v1/people/: people and the companies they speak for."""

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def site_url(settings):
    """Canonical URLs are built on SITE_URL, whatever host the API was asked on."""
    settings.SITE_URL = "https://tracker.example"


LIST = "/api/v1/people/"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [record["slug"] for record in response.json()["results"]]


@pytest.fixture
def altman(db):
    openai = factories.CompanyFactory(name="OpenAI", slug="openai")
    return factories.PersonFactory(
        name="Sam Altman", slug="sam-altman", affiliation=openai
    )


def test_detail_shows_role_and_affiliation(client, altman):
    body = client.get(f"{LIST}sam-altman/").json()

    assert body["name"] == "Sam Altman"
    assert body["role"] == "Chief executive"
    assert body["affiliation"]["name"] == "OpenAI"
    assert body["site_url"] == "https://tracker.example/people/sam-altman/"


def test_filter_by_company(client, altman):
    factories.PersonFactory(slug="someone-else")

    assert slugs(client.get(LIST, {"company": "openai"})) == ["sam-altman"]


def test_search_by_name_and_ordering(client, altman):
    factories.PersonFactory(slug="satya", name="Satya Nadella")

    assert slugs(client.get(LIST, {"search": "altman"})) == ["sam-altman"]
    assert slugs(client.get(LIST, {"ordering": "-name"})) == ["satya", "sam-altman"]


def test_draft_person_is_404_for_readers(client, db):
    factories.PersonFactory(slug="unknown", publication_status="draft")

    assert client.get(f"{LIST}unknown/").status_code == 404
    assert slugs(client.get(LIST)) == []
