"""The companies list: kinds and owners as facets, agreement counts, CSV."""

import csv
import io

import pytest

from tests import factories
from tests.browse_records import assert_no_drafts, build_world


def facet(response, param: str) -> dict[str, int]:
    for group in response.context["facets"]:
        if group["facet"].param == param:
            return {choice.label: choice.count for choice in group["choices"]}
    raise AssertionError(f"no facet {param}")


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_companies(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 5 queries: the kind and owner facets, the count for the pager, the page of
    # companies with their owners and agreement counts, their kinds
    with django_assert_num_queries(5):
        response = client.get("/companies/")
    assert response.status_code == 200


def test_it_lists_companies_with_owner_and_published_agreement_count(client, db):
    build_world(2)
    response = client.get("/companies/")
    rows = {company.name: company for company in response.context["records"]}
    # Lab 00 is party to Deal 00 and to the draft deal, which is not counted.
    assert rows["Lab 00"].agreement_count == 1
    assert rows["Owner Holdings"].agreement_count == 0
    content = response.content.decode()
    assert '<a href="/companies/owner-holdings/">Owner Holdings</a>' in content


def test_facets_count_kinds_and_owners(client, db):
    build_world(3)
    response = client.get("/companies/")
    assert facet(response, "kind") == {"Cloud provider": 3}
    # The draft subsidiary of Lab 00 is not counted under its owner.
    assert facet(response, "parent") == {"Owner Holdings": 3}


def test_filters_by_kind_and_owner(client, db):
    build_world(2)
    by_kind = client.get("/companies/?kind=cloud-provider")
    assert [c.name for c in by_kind.context["records"]] == ["Cloud 00", "Cloud 01"]
    by_owner = client.get("/companies/?parent=owner-holdings&q=01")
    assert [c.name for c in by_owner.context["records"]] == ["Cloud 01"]


def test_search_finds_a_company_by_another_name(client, db):
    build_world(3)
    response = client.get("/companies/?q=c02")
    assert [c.name for c in response.context["records"]] == ["Cloud 02"]


def test_sorting_by_most_agreements(client, db):
    company = factories.CompanyFactory(name="Zeta")
    for _ in range(2):
        factories.AgreementPartyFactory(company=company)
    response = client.get("/companies/?sort=-agreements")
    assert response.context["records"][0].name == "Zeta"


def test_the_csv_keeps_the_filter(client, db):
    build_world(2)
    response = client.get("/companies/?kind=cloud-provider&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [(row["name"], row["owned_by"]) for row in rows] == [
        ("Cloud 00", "Owner Holdings"),
        ("Cloud 01", "Owner Holdings"),
    ]


def test_drafts_are_neither_listed_nor_counted(client, db):
    build_world(2)
    response = client.get("/companies/")
    assert_no_drafts(response.content)
    assert_no_drafts(client.get("/companies/?format=csv").getvalue())


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=abc", "“abc” is not a page number (page)"),
        ("sort=bogus", "“bogus” is not a way to sort this list (sort)"),
        ("kind=unicorn", "There is no company kind “unicorn”"),
        ("parent=secret-draftco", "There is no company “secret-draftco”"),
    ],
)
def test_a_bad_query_string_is_answered_with_400_naming_it(client, db, query, message):
    build_world(1)
    response = client.get(f"/companies/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
