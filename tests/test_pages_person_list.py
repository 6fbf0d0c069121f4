"""The people list."""

import pytest

from tests import factories
from tests.browse_records import assert_no_drafts, build_world


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_people(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 3 queries: the affiliation facet, the count for the pager, the page of
    # people with affiliations and statement counts
    with django_assert_num_queries(3):
        response = client.get("/people/")
    assert response.status_code == 200


def test_it_lists_people_with_role_affiliation_and_published_statements(client, db):
    build_world(2)
    response = client.get("/people/")
    people = {person.name: person for person in response.context["records"]}
    # Chief 00 also "said" the draft statement, which is not counted.
    assert people["Chief 00"].statement_count == 1
    content = response.content.decode()
    assert '<a href="/companies/lab-00/">Lab 00</a>' in content


def test_the_affiliation_facet_counts_and_filters(client, db):
    build_world(2)
    response = client.get("/people/")
    choices = {c.label: c.count for c in response.context["facets"][0]["choices"]}
    assert choices == {"Lab 00": 1, "Lab 01": 1}
    filtered = client.get("/people/?company=lab-01")
    assert [p.name for p in filtered.context["records"]] == ["Chief 01"]


def test_search_by_role(client, db):
    factories.PersonFactory(name="Ada", role="Chief scientist")
    factories.PersonFactory(name="Bob", role="Chief executive")
    response = client.get("/people/?q=scientist")
    assert [p.name for p in response.context["records"]] == ["Ada"]


def test_drafts_are_not_listed(client, db):
    build_world(1)
    assert_no_drafts(client.get("/people/").content)
    assert_no_drafts(client.get("/people/?format=csv").getvalue())


@pytest.mark.parametrize("query", ["page=abc", "sort=age", "company=nobody", "x=1"])
def test_a_bad_query_string_is_answered_with_400(client, db, query):
    response = client.get(f"/people/?{query}")
    assert response.status_code == 400
