"""The timeline shows at most TIMELINE_ROWS agreements at a time, chosen by
the reader (a year, a company) and paged, and says how many there are in all:
it never grows with the number of agreements."""

import datetime
import html

import pytest

from tests import factories
from tests.browse_records import without_nonce


def started(title: str, year: int, field: str = "announced", **fields):
    return factories.AgreementFactory(
        title=title,
        **{f"{field}_on": datetime.date(year, 6, 1), f"{field}_precision": "month"},
        **fields,
    )


@pytest.fixture
def seven(db, settings):
    settings.TIMELINE_ROWS = 3
    return [started(f"Deal {year}", year) for year in range(2020, 2027)]


def titles(response) -> list[str]:
    return [row.agreement.title for row in response.context["chart"].rows]


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_timeline_shows_at_most_n_rows_and_says_how_many_more(client, seven):
    response = client.get("/timeline/")
    assert titles(response) == ["Deal 2020", "Deal 2021", "Deal 2022"]
    assert "Showing 1–3 of 7 agreements, page 1 of 3." in text(response)
    assert 'href="/timeline/?page=2#timeline-rows" rel="next"' in text(response)


def test_the_last_page_shows_the_rest(client, seven):
    response = client.get("/timeline/?page=3")
    assert titles(response) == ["Deal 2026"]
    assert "Showing 7–7 of 7 agreements, page 3 of 3." in text(response)


def test_a_year_shows_the_agreements_starting_in_it_with_the_years_around(client, db):
    started("Announced in 2024", 2024)
    started("Effective in 2024", 2024, field="effective")
    started(
        "Announced 2023, effective 2024",
        2023,
        effective_on=datetime.date(2024, 1, 1),
        effective_precision="day",
    )
    started("Announced in 2025", 2025)
    response = client.get("/timeline/?year=2024")
    assert sorted(titles(response)) == ["Announced in 2024", "Effective in 2024"]
    content = text(response)
    assert "Showing 1–2 of 2 agreements starting in 2024." in content
    assert 'href="/timeline/?year=2023" rel="prev">← 2023</a>' in content
    assert 'href="/timeline/?year=2025" rel="next">2025 →</a>' in content
    assert 'href="/timeline/">all years</a>' in content


def test_a_company_shows_the_agreements_it_is_party_to(client, db):
    party = factories.AgreementPartyFactory(
        company__name="Lab", company__slug="lab", agreement__title="Lab's deal"
    )
    factories.AgreementFactory(title="Someone else's deal")
    response = client.get("/timeline/?company=lab")
    assert titles(response) == ["Lab's deal"]
    assert "Showing 1–1 of 1 agreement Lab is party to." in text(response)
    assert party.company.get_absolute_url() != "/timeline/"


def test_a_drafts_slug_is_refused_as_an_unknown_one_is(client, db):
    factories.CompanyFactory(slug="secret", publication_status="draft")
    draft = client.get("/timeline/?company=secret")
    unknown = client.get("/timeline/?company=nobody")
    assert draft.status_code == unknown.status_code == 400
    assert without_nonce(text(draft).replace("secret", "nobody")) == without_nonce(
        text(unknown)
    )


@pytest.mark.parametrize(
    "query, status, problem",
    [
        ("year=20x5", 400, "“20x5” is not a year (year)"),
        ("year=0000", 400, "“0000” is not a year (year)"),
        ("year=2024&year=2025", 400, "Give year only once."),
        ("company=a%00b", 400, "company holds a NUL character"),
        ("page=0", 400, "“0” is not a page number (page)"),
        ("page=4", 404, "There is no page 4 (page): this list has 3 pages."),
        (
            "from=2020",
            400,
            "Unknown parameter from: this page accepts company, page, year.",
        ),
    ],
)
def test_a_query_it_cannot_answer_is_refused_naming_the_parameter(
    client, seven, query, status, problem
):
    response = client.get(f"/timeline/?{query}")
    assert response.status_code == status
    assert problem in text(response)


def test_a_chosen_slice_runs_the_same_queries(client, seven, django_assert_num_queries):
    factories.AgreementPartyFactory(agreement=seven[3], company__slug="lab")
    # 5 queries: the company named, the page of agreements with their total,
    # their parties with companies, the current reports of their terms, their
    # dated commitments
    with django_assert_num_queries(5):
        response = client.get("/timeline/?company=lab&year=2023")
    assert titles(response) == ["Deal 2023"]
