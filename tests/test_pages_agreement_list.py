"""The agreements list: search, facets with counts, sorting, pages and CSV."""

import csv
import datetime
import io

import pytest

from partnerships import spreadsheets
from partnerships.models import AgreementStatus
from tests import factories
from tests.browse_records import assert_no_drafts, build_world


def facet(response, param: str) -> dict[str, int]:
    """{choice label: count} of one facet of the rendered page."""
    for group in response.context["facets"]:
        if group["facet"].param == param:
            return {choice.label: choice.count for choice in group["choices"]}
    raise AssertionError(f"no facet {param}")


IN_FORCE = "in_force_on=2029-06-01&include_undated=1"


@pytest.mark.parametrize("query", ["", IN_FORCE])
@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_agreements(
    client, db, django_assert_num_queries, size, query
):
    build_world(size)
    # 9 queries: the status, kind, exclusivity, party and company group facets,
    # the count for the pager, the page of agreements, their parties with
    # companies, the current reports of their terms
    with django_assert_num_queries(9):
        response = client.get(f"/agreements/?{query}")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == size


@pytest.mark.parametrize("query", ["", IN_FORCE])
@pytest.mark.parametrize("size", [3, 15])
def test_its_csv_runs_the_same_queries_whatever_the_number_of_agreements(
    client, db, django_assert_num_queries, size, query
):
    build_world(size)
    # 3 queries: the agreements, their parties with companies, the current
    # reports of their terms
    with django_assert_num_queries(3):
        # The CSV is streamed: its queries run as it is read.
        response = client.get(f"/agreements/?{query}&format=csv")
        body = response.getvalue().decode("utf-8-sig")
    assert response.status_code == 200
    assert len(list(csv.DictReader(io.StringIO(body)))) >= size


@pytest.mark.parametrize("query", ["", IN_FORCE])
def test_its_streamed_csv_runs_the_same_queries_for_each_chunk(
    client, db, django_assert_num_queries, monkeypatch, query
):
    build_world(5)
    monkeypatch.setattr(spreadsheets, "CHUNK_SIZE", 2)
    # the agreements (one query, read a chunk at a time); for each of the 3
    # chunks, their parties with companies and the current reports of terms
    with django_assert_num_queries(1 + 3 * 2):
        body = client.get(f"/agreements/?{query}&format=csv").getvalue()
    assert body.decode("utf-8-sig").count("\n") >= 5


def test_it_lists_agreements_with_parties_dates_and_qualified_values(client, db):
    agreement = factories.AgreementFactory(
        title="Big cloud deal",
        value_amount=100 * 10**9,
        value_currency="USD",
        value_qualifier="over",
        expires_on=datetime.date(2030, 1, 1),
        expires_precision="year",
    )
    factories.AgreementPartyFactory(
        agreement=agreement, company=factories.CompanyFactory(name="Lab")
    )
    citation = factories.AgreementCitationFactory(record=agreement)
    factories.TermReportFactory(
        citation=citation, basis="unnamed_sources", modality="possible"
    )
    factories.TermReportFactory(citation=citation, term="expires", basis="executive")
    factories.AgreementFactory(
        title="Unsourced deal",
        value_amount=5,
        value_currency="USD",
        value_qualifier="exact",
    )
    content = client.get("/agreements/").content.decode()
    assert "Big cloud deal" in content
    assert 'Lab</a> <span class="role">(customer)</span>' in content
    assert (
        'through <time datetime="2030">2030 (stated by an executive)</time>' in content
    )
    assert (
        'may exceed USD 100 bn <small class="certainty">(possible; '
        "reported, unnamed sources)</small>"
    ) in content
    assert 'USD 5 <small class="certainty">(certainty not recorded)' in (content)


def test_facets_count_the_agreements_each_choice_would_leave(client, db):
    build_world(3)
    factories.AgreementFactory(status=AgreementStatus.ANNOUNCED, kind="investment")
    response = client.get("/agreements/")
    assert facet(response, "status") == {"Active": 3, "Announced": 1}
    assert facet(response, "kind") == {"Cloud compute": 3, "Investment": 1}
    parties = facet(response, "company")
    assert parties["Lab 00"] == 1
    assert "Secret Draftco" not in parties


def test_a_filter_narrows_the_list_and_the_other_facets(client, db):
    build_world(3)
    factories.AgreementFactory(
        title="New money", status=AgreementStatus.ANNOUNCED, kind="investment"
    )
    response = client.get("/agreements/?status=announced")
    assert [a.title for a in response.context["records"]] == ["New money"]
    assert facet(response, "kind") == {"Investment": 1}
    # The status facet still offers every status, counted without its own filter.
    assert facet(response, "status") == {"Active": 3, "Announced": 1}


def test_a_party_filter_keeps_only_that_companys_agreements(client, db):
    build_world(3)
    response = client.get("/agreements/?company=lab-01")
    assert [a.slug for a in response.context["records"]] == ["deal-01"]


def test_search_finds_a_title_or_a_partys_name(client, db):
    build_world(3)
    by_title = client.get("/agreements/?q=deal 02")
    assert [a.slug for a in by_title.context["records"]] == ["deal-02"]
    by_alias = client.get("/agreements/?q=C01")
    assert [a.slug for a in by_alias.context["records"]] == ["deal-01"]


def test_sorting_by_newest_announcement_puts_undated_agreements_last(client, db):
    build_world(3)
    factories.AgreementFactory(title="Undated")
    response = client.get("/agreements/?sort=-announced")
    titles = [a.title for a in response.context["records"]]
    assert titles == ["Deal 02", "Deal 01", "Deal 00", "Undated"]


def test_the_csv_keeps_the_filters_and_shows_values_with_qualifiers(client, db):
    build_world(3)
    response = client.get("/agreements/?company=lab-02&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Deal 02"]
    assert rows[0]["value"] == "USD 3 billion"
    assert rows[0]["parties"] == "Lab 02 (customer); Cloud 02 (provider)"


def test_the_csv_link_keeps_the_search_and_filters(client, db):
    build_world(3)
    content = client.get("/agreements/?q=deal&status=active").content.decode()
    assert 'href="?q=deal&amp;status=active&amp;format=csv"' in content


def test_pages_hold_25_agreements_and_link_to_the_next(client, db):
    for n in range(27):
        factories.AgreementFactory(title=f"Deal {n:02d}")
    first = client.get("/agreements/")
    assert len(first.context["records"]) == 25
    assert 'href="?page=2"' in first.content.decode()
    second = client.get("/agreements/?page=2")
    assert [a.title for a in second.context["records"]] == ["Deal 25", "Deal 26"]


def test_drafts_are_neither_listed_nor_counted_in_facets(client, db):
    build_world(3)
    response = client.get("/agreements/")
    assert_no_drafts(response.content)
    assert response.context["page_obj"].paginator.count == 3
    csv_response = client.get("/agreements/?format=csv")
    assert_no_drafts(csv_response.getvalue())


def test_a_draft_company_cannot_be_used_as_a_filter(client, db):
    build_world(1)
    response = client.get("/agreements/?company=secret-draftco")
    assert response.status_code == 400
    assert "company" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("page=abc", 400, "“abc” is not a page number (page)"),
        ("page=0", 400, "“0” is not a page number (page)"),
        ("page=999", 404, "There is no page 999 (page): this list has 1 page."),
        ("sort=bogus", 400, "“bogus” is not a way to sort this list (sort)"),
        ("status=bogus", 400, "“bogus” is not a valid status"),
        ("company=nobody", 400, "There is no company “nobody”"),
        ("format=xml", 400, "“xml” is not a format (format)"),
        ("colour=red", 400, "Unknown parameter colour"),
        ("status=active&status=ended", 400, "Give status only once."),
        ("q=" + "x" * 201, 400, "give at most 200"),
        ("q=%00", 400, "q holds a NUL character"),
        ("company=%00", 400, "company holds a NUL character"),
        ("page=%C2%B2", 400, "is not a page number (page)"),
    ],
)
def test_a_bad_query_string_gets_a_page_naming_the_problem(
    client, db, query, status, message
):
    factories.AgreementFactory()
    response = client.get(f"/agreements/?{query}")
    assert response.status_code == status
    assert message in response.content.decode()


def test_the_in_force_box_takes_and_shows_a_year(client, db):
    content = client.get("/agreements/?in_force_on=2031").content.decode()

    assert 'type="text" name="in_force_on" value="2031"' in content
    assert "A year, a month or a day" in content
