"""A search asks for at most 10 terms and 200 characters, on the site and in the
API; beyond that it is a 400 naming `q` or `search`, never a 500."""

import pytest

from partnerships.api.schema import NO_NUL
from partnerships.search_limits import MAX_LENGTH, MAX_TERMS
from tests import factories

API_LISTS = ["agreements", "companies", "people", "sources", "statements"]
SITE_PAGES = ["/agreements/", "/companies/", "/people/", "/sources/", "/statements/"]
SITE_SEARCHES = [*SITE_PAGES, "/search/"]


def words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


@pytest.fixture
def company(db):
    return factories.CompanyFactory(name="Alpha Cloud", description="w0 w1 w2")


@pytest.mark.parametrize("kind", API_LISTS)
def test_api_search_of_1500_terms_is_a_400_naming_search(client, company, kind):
    response = client.get(f"/api/v1/{kind}/", {"search": words(1500)})

    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {
        "search": ["The search (search) is 7,889 characters long: give at most 200."]
    }


@pytest.mark.parametrize("kind", API_LISTS)
def test_api_search_of_more_than_10_terms_is_a_400_naming_search(client, company, kind):
    response = client.get(f"/api/v1/{kind}/", {"search": words(MAX_TERMS + 1)})

    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {
        "search": ["The search (search) has 11 terms: give at most 10."]
    }


def test_api_search_counts_terms_split_at_commas(client, company):
    search = ",".join(f"w{i}" for i in range(MAX_TERMS + 1))

    response = client.get("/api/v1/companies/", {"search": search})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["search"]


def test_api_search_counts_a_quoted_phrase_as_one_term(client, company):
    search = f'"{words(MAX_TERMS + 5)}"'

    response = client.get("/api/v1/companies/", {"search": search})

    assert response.status_code == 200, response.content


@pytest.mark.parametrize("kind", API_LISTS)
def test_api_search_of_10_terms_and_200_characters_is_answered(client, company, kind):
    search = words(MAX_TERMS - 1) + " " + "x" * (MAX_LENGTH - len(words(9)) - 1)
    assert len(search) == MAX_LENGTH and len(search.split()) == MAX_TERMS

    response = client.get(f"/api/v1/{kind}/", {"search": search})

    assert response.status_code == 200, response.content


def test_api_search_still_finds_with_several_terms(client, company):
    response = client.get("/api/v1/companies/", {"search": "alpha w1, w2"})

    assert [row["slug"] for row in response.json()["results"]] == [company.slug]


def test_api_search_of_201_characters_is_a_400_naming_search(client, company):
    response = client.get("/api/v1/companies/", {"search": "x" * (MAX_LENGTH + 1)})

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "search": ["The search (search) is 201 characters long: give at most 200."]
    }


def test_api_schema_documents_the_search_limits(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()

    for kind in API_LISTS:
        operation = schema["paths"][f"/api/v1/{kind}/"]["get"]
        (search,) = [p for p in operation["parameters"] if p["name"] == "search"]
        assert search["schema"] == {
            "type": "string",
            "maxLength": 200,
            "pattern": NO_NUL,
        }
        assert "at most 10 terms" in search["description"]
        assert "200 characters" in search["description"]


@pytest.mark.parametrize("path", SITE_SEARCHES)
def test_site_search_of_more_than_10_words_is_a_400_page_naming_q(
    client, company, path
):
    response = client.get(path, {"q": words(MAX_TERMS + 1)})

    assert response.status_code == 400
    assert "The search (q) has 11 words: give at most 10." in response.text


@pytest.mark.parametrize("path", SITE_SEARCHES)
def test_site_search_of_1500_words_is_a_400_page_naming_q(client, company, path):
    response = client.get(path, {"q": words(1500)})

    assert response.status_code == 400
    assert "The search (q) is 7,889 characters long: give at most 200." in (
        response.text
    )


@pytest.mark.parametrize("path", SITE_SEARCHES)
def test_site_search_of_10_words_is_answered(client, company, path):
    response = client.get(path, {"q": words(MAX_TERMS)})

    assert response.status_code == 200
