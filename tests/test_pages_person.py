"""A person's page: role, affiliation and their statements."""

import pytest

from tests import factories
from tests.browse_records import assert_no_drafts, build_world


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_statements(
    client, db, django_assert_num_queries, size
):
    world = build_world(size)
    person = world.people[0]
    for n in range(size):
        factories.StatementFactory(speaker=person, slug=f"more-{n}")
    # 3 queries: the person with affiliation, their statements with sources,
    # their citations with sources
    with django_assert_num_queries(3):
        response = client.get(person.get_absolute_url())
    assert response.status_code == 200


def test_it_shows_role_affiliation_and_statements(client, db):
    build_world(2)
    response = client.get("/people/chief-01/")
    content = response.content.decode()
    assert "Chief executive" in content
    assert '<a href="/companies/lab-01/">Lab 01</a>' in content
    assert [s.slug for s in response.context["statements"]] == ["said-01"]


def test_draft_statements_and_draft_affiliations_are_not_shown(client, db):
    build_world(2)
    assert_no_drafts(client.get("/people/chief-00/").content)
    person = factories.PersonFactory(
        affiliation=factories.CompanyFactory(
            name="Secret Draftco 2", publication_status="draft"
        )
    )
    assert_no_drafts(client.get(person.get_absolute_url()).content)


def test_a_draft_person_is_404(client, db):
    draft = factories.PersonFactory(publication_status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
