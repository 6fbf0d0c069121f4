"""Search across every kind of record, from the box in every page's header."""

import pytest

from partnerships.views import SEARCH_LIMIT
from tests import factories
from tests.browse_records import assert_no_drafts, build_world


def found(response) -> dict[str, list[str]]:
    return {
        group["label"]: [str(record) for record in group["records"]]
        for group in response.context["groups"]
        if group["records"]
    }


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_matches(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 5 queries: agreements, companies, statements with speakers and sources,
    # people, sources
    with django_assert_num_queries(5):
        response = client.get("/search/?q=0")
    assert response.status_code == 200


def test_the_search_box_is_in_every_page_header_with_a_label(client, db):
    for path in ("/", "/agreements/", "/timeline/"):
        content = client.get(path).content.decode()
        assert '<form class="site-search" role="search" action="/search/"' in content
        assert '<label for="site-search-q">Search all records</label>' in content


def test_it_finds_records_of_every_kind(client, db):
    build_world(2)
    response = client.get("/search/?q=01")
    assert found(response) == {
        "Agreements": ["Deal 01"],
        "Companies": ["Cloud 01", "Lab 01"],
        "Statements": ["Chief 01: That's not the case."],
        "People": ["Chief 01"],
    }


def test_it_finds_a_company_by_another_name(client, db):
    build_world(2)
    response = client.get("/search/?q=c01")
    assert found(response)["Companies"] == ["Cloud 01"]


def test_it_never_finds_drafts(client, db):
    build_world(2)
    response = client.get("/search/?q=secret")
    assert found(response) == {}
    assert_no_drafts(response.content)
    assert "Nothing published matches “secret”" in response.content.decode()


def test_it_caps_each_kind_and_links_to_the_full_list(client, db):
    for n in range(SEARCH_LIMIT + 1):
        factories.SourceFactory(title=f"Report {n}")
    response = client.get("/search/?q=report")
    assert len(found(response)["Sources"]) == SEARCH_LIMIT
    assert 'href="/sources/?q=report"' in response.content.decode()


def test_an_empty_search_shows_the_form(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    assert '<label for="search-q">' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=" + "x" * 201, "give at most 200"),
        ("q=%00", "NUL character"),
        ("type=company", "Unknown parameter"),
    ],
)
def test_a_bad_query_string_is_answered_with_400(client, db, query, message):
    response = client.get(f"/search/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
