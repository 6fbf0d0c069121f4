"""A merged record's addresses lead to the record it was merged into: 301 on
its page, its feed and calendar, and its API record and history; a write to its
API address is refused naming the new one. A merged record whose survivor the
public may not see, or which the public never saw, answers 404 as if it never
existed."""

import pytest
from rest_framework.authtoken.models import Token

from merges.services import company_merge, person_merge, source_merge
from partnerships import models
from partnerships.visibility import PUBLIC
from tests.factories import CompanyFactory, PersonFactory, SourceFactory
from tests.merge_records import two_coreweaves

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(editor):
    world = two_coreweaves()
    company_merge(source=world.duplicate, into=world.kept, by=editor)
    return world


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/companies/core-weave/", "/companies/coreweave/"),
        ("/companies/core-weave/feed/", "/companies/coreweave/feed/"),
        ("/companies/core-weave/calendar.ics", "/companies/coreweave/calendar.ics"),
    ],
)
def test_the_merged_company_pages_answer_301_to_the_survivor(client, merged, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/api/v1/companies/core-weave/", "/api/v1/companies/coreweave/"),
        (
            "/api/v1/companies/core-weave/?as_of=2030-01-01",
            "/api/v1/companies/coreweave/?as_of=2030-01-01",
        ),
        (
            "/api/v1/companies/core-weave/history/",
            "/api/v1/companies/coreweave/history/",
        ),
    ],
)
def test_the_merged_company_api_answers_301_to_the_survivor(client, merged, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == f"http://testserver{new}"
    assert client.get(response["Location"]).status_code == 200


def test_a_write_to_the_merged_company_is_refused_naming_the_survivor(
    client, merged, editor
):
    token = Token.objects.create(user=editor)

    response = client.patch(
        "/api/v1/companies/core-weave/",
        {"description": "Renamed"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "This company was merged into CoreWeave: it is now "
        "http://testserver/api/v1/companies/coreweave/; send the write there."
    )


def test_the_merged_company_is_in_no_list_nor_search(client, merged):
    slugs = [row["slug"] for row in client.get("/api/v1/companies/").json()["results"]]

    assert "core-weave" not in slugs
    assert "coreweave" in slugs
    assert not PUBLIC.sees(models.Company.objects.get(slug="core-weave"))
    assert not PUBLIC.named(models.Company, "core-weave").exists()
    found = client.get("/api/v1/companies/?search=Core Weave").json()["results"]
    # CoreWeave by its new alias (and what it now owns), not the merged record.
    assert "coreweave" in [row["slug"] for row in found]
    assert "core-weave" not in [row["slug"] for row in found]


def test_a_merged_company_whose_survivor_is_a_draft_is_404(client, editor):
    kept = CompanyFactory(
        name="Draft survivor",
        slug="draft-survivor",
        publication_status=models.PublicationStatus.DRAFT,
    )
    duplicate = CompanyFactory(name="Published duplicate", slug="published-duplicate")
    company_merge(source=duplicate, into=kept, by=editor)

    assert client.get("/companies/published-duplicate/").status_code == 404
    assert client.get("/api/v1/companies/published-duplicate/").status_code == 404


def test_a_merged_draft_is_404_even_when_the_survivor_is_public(client, editor):
    kept = CompanyFactory(name="Public survivor", slug="public-survivor")
    draft = CompanyFactory(
        name="Draft duplicate",
        slug="draft-duplicate",
        publication_status=models.PublicationStatus.DRAFT,
    )
    company_merge(source=draft, into=kept, by=editor)

    assert client.get("/companies/draft-duplicate/").status_code == 404
    assert client.get("/api/v1/companies/draft-duplicate/").status_code == 404
    assert client.get("/companies/draft-duplicate/feed/").status_code == 404


def test_a_redirect_follows_a_later_merge_of_the_survivor(client, merged, editor):
    final = CompanyFactory(name="CoreWeave Holdings", slug="coreweave-holdings")
    company_merge(source=merged.kept, into=final, by=editor)

    response = client.get("/companies/core-weave/")

    assert response.status_code == 301
    assert response["Location"] == "/companies/coreweave-holdings/"


def test_the_merged_person_and_source_pages_and_api_answer_301(client, editor):
    person = PersonFactory(name="Sam Altman", slug="sam-altman")
    person_merge(source=PersonFactory(slug="s-altman"), into=person, by=editor)
    source = SourceFactory(slug="the-information")
    source_merge(source=SourceFactory(slug="information-copy"), into=source, by=editor)

    for old, new in [
        ("/people/s-altman/", "/people/sam-altman/"),
        ("/people/s-altman/feed/", "/people/sam-altman/feed/"),
        ("/sources/information-copy/", "/sources/the-information/"),
        ("/api/v1/people/s-altman/", "http://testserver/api/v1/people/sam-altman/"),
        (
            "/api/v1/sources/information-copy/",
            "http://testserver/api/v1/sources/the-information/",
        ),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new)


def test_an_unknown_slug_is_still_404_with_one_more_query_at_most(
    client, merged, django_assert_max_num_queries
):
    # The page's own lookup, then the merged record's lookup (none found).
    with django_assert_max_num_queries(2):
        response = client.get("/companies/no-such-company/")
    assert response.status_code == 404


def test_the_api_schema_documents_the_301_of_a_merged_record(client):
    paths = client.get("/api/v1/schema/?format=json").json()["paths"]

    for kind in ("companies", "people", "sources"):
        assert "301" in paths[f"/api/v1/{kind}/{{slug}}/"]["get"]["responses"]
        assert "301" in paths[f"/api/v1/{kind}/{{slug}}/history/"]["get"]["responses"]
    assert "301" not in paths["/api/v1/agreements/{slug}/"]["get"]["responses"]
