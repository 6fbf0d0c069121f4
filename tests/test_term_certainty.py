"""Never surer than the source: each term shows who asserts it and how firmly,
on every channel, and keeps every report of it over time."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from editorial.review import review_request
from partnerships.certainty import Basis, Certainty, Modality
from tests import factories
from tests.api_records import token_client

pytestmark = pytest.mark.django_db

# Every basis and every modality at least once.
CERTAINTIES = [
    ("announced", "fact", "USD 5 billion (announced)"),
    ("executive", "planned", "planned: USD 5 billion (stated by an executive)"),
    ("reported", "expected", "expected: USD 5 billion (reported)"),
    (
        "unnamed_sources",
        "possible",
        "possibly USD 5 billion (reported, unnamed sources)",
    ),
    ("estimated", "denied", "denied: USD 5 billion (analyst estimate)"),
]
IDS = [f"{basis}-{modality}" for basis, modality, _ in CERTAINTIES]


def deal(basis: str, modality: str, **fields):
    agreement = factories.AgreementFactory(
        slug="the-deal",
        title="The deal",
        value_amount=Decimal(5 * 10**9),
        value_currency="USD",
        value_qualifier="exact",
        **fields,
    )
    factories.TermReportFactory(
        citation=factories.AgreementCitationFactory(record=agreement),
        says="50億美元",
        basis=basis,
        modality=modality,
    )
    return agreement


def test_every_basis_and_modality_has_words():
    for basis in Basis.values:
        for modality in Modality.values:
            certainty = Certainty(basis, modality)
            assert certainty.label and certainty.display("USD 1 billion")


@pytest.mark.parametrize(("basis", "modality", "shown"), CERTAINTIES, ids=IDS)
def test_the_agreement_page_shows_the_value_as_reported(client, basis, modality, shown):
    deal(basis, modality)
    content = client.get("/agreements/the-deal/").content.decode()
    hedged, _, _ = shown.rpartition(" (")
    label = Certainty(basis, modality).label
    assert f'{hedged} <span class="certainty">({label})</span>' in content


@pytest.mark.parametrize(("basis", "modality", "shown"), CERTAINTIES, ids=IDS)
def test_the_list_shows_the_value_as_reported(client, basis, modality, shown):
    deal(basis, modality)
    content = client.get("/agreements/").content.decode()
    # The short form in the cell, its certainty beside it (no hover needed).
    hedged = shown.rpartition(" (")[0].replace("billion", "bn")
    label = Certainty(basis, modality).label
    assert f'{hedged} <small class="certainty">({label})</small>' in content


@pytest.mark.parametrize(("basis", "modality", "shown"), CERTAINTIES, ids=IDS)
def test_the_home_card_shows_the_value_as_reported(client, basis, modality, shown):
    deal(basis, modality)
    assert f" · {shown}</p>" in client.get("/").content.decode()


@pytest.mark.parametrize(("basis", "modality", "shown"), CERTAINTIES, ids=IDS)
def test_the_api_shows_the_value_as_reported(client, basis, modality, shown):
    deal(basis, modality)
    value = client.get("/api/v1/agreements/the-deal/").json()["value"]
    assert value["display"] == shown
    assert value["certainty"]["basis"] == basis
    assert value["certainty"]["modality"] == modality


@pytest.mark.parametrize(("basis", "modality", "shown"), CERTAINTIES, ids=IDS)
def test_both_csvs_carry_the_certainty(client, basis, modality, shown):
    deal(basis, modality)
    label = Certainty(basis, modality).label
    site = client.get("/agreements/", {"format": "csv"}).getvalue().decode()
    (row,) = csv.DictReader(io.StringIO(site))
    assert row["value"] == shown.rpartition(" (")[0].replace("5 billion", "5 billion")
    assert row["value_certainty"] == label
    api = client.get("/api/v1/agreements/", {"format": "csv"}).getvalue().decode()
    (row,) = csv.DictReader(io.StringIO(api))
    assert row["value.display"] == shown
    assert row["certainty.value.label"] == label


def test_a_term_without_a_report_says_its_certainty_is_not_recorded(client):
    factories.AgreementFactory(
        slug="the-deal", value_amount=1, value_currency="USD", value_qualifier="exact"
    )
    content = client.get("/agreements/the-deal/").content.decode()
    assert 'USD 1 <span class="certainty">(certainty not recorded)</span>' in content
    assert client.get("/api/v1/agreements/the-deal/").json()["value"]["certainty"] is (
        None
    )


def dated_source(slug: str, day: datetime.date):
    return factories.SourceFactory(
        slug=slug, title=slug, published_on=day, published_precision="day"
    )


def test_a_term_changed_by_a_later_report_shows_both_reports_in_order(client):
    agreement = factories.AgreementFactory(
        slug="the-deal",
        value_amount=7 * 10**9,
        value_currency="USD",
        value_qualifier="exact",
    )
    later = factories.AgreementCitationFactory(
        record=agreement, source=dated_source("later", datetime.date(2025, 6, 1))
    )
    earlier = factories.AgreementCitationFactory(
        record=agreement, source=dated_source("earlier", datetime.date(2025, 1, 1))
    )
    factories.TermReportFactory(
        citation=earlier, says="about USD 5 billion", is_current=False
    )
    factories.TermReportFactory(citation=later, says="USD 7 billion")

    content = client.get("/agreements/the-deal/").content.decode()
    reports = content.split('id="reports-heading"')[1]
    assert reports.index("about USD 5 billion") < reports.index("USD 7 billion")
    assert reports.index("1 January 2025") < reports.index("1 June 2025")
    assert "These reports do not agree." in reports  # they say different things
    api = client.get("/api/v1/agreements/the-deal/").json()["term_reports"]
    assert [(r["says"], r["is_current"]) for r in api] == [
        ("about USD 5 billion", False),
        ("USD 7 billion", True),
    ]
    assert api[0]["reported"]["value"] == "2025-01-01"


def test_disagreeing_reports_are_shown_side_by_side_with_the_chosen_one(client):
    agreement = factories.AgreementFactory(
        slug="the-deal",
        expires_on=datetime.date(2030, 1, 1),
        expires_precision="year",
    )
    day = datetime.date(2025, 3, 1)
    one = factories.AgreementCitationFactory(
        record=agreement, source=dated_source("one", day)
    )
    other = factories.AgreementCitationFactory(
        record=agreement, source=dated_source("other", day)
    )
    factories.TermReportFactory(
        citation=one,
        term="expires",
        says="through 2030",
        basis="executive",
        reading_note="The chief executive said it on the record.",
    )
    factories.TermReportFactory(
        citation=other,
        term="expires",
        says="through 2032",
        basis="unnamed_sources",
        is_current=False,
    )

    content = client.get("/agreements/the-deal/").content.decode()
    reports = content.split('id="reports-heading"')[1]
    assert "These reports do not agree." in reports
    assert "through 2030" in reports and "through 2032" in reports
    assert (
        "<strong>current reading</strong>: The chief executive said it on the record."
        in reports
    )
    assert "reported, unnamed sources" in reports


def test_the_article_reads_as_the_article_says(client, article):
    nvidia = client.get("/agreements/openai-nvidia-10gw-partnership/").content.decode()
    assert (
        'may exceed USD 100 billion <span class="certainty">(possible; reported, '
        "unnamed sources)</span>"
    ) in nvidia
    assert (
        'planned: up to 10 GW (NVIDIA AI supercomputer capacity) <span class="'
        'certainty">(planned; reported, unnamed sources)</span>'
    ) in nvidia
    aws = client.get("/agreements/openai-aws-cloud-compute/").content.decode()
    assert 'USD 38 billion <span class="certainty">(announced)</span>' in aws
    azure = client.get(
        "/agreements/openai-microsoft-azure-stateless-api/"
    ).content.decode()
    assert '2030 <span class="certainty">(stated by an executive)</span>' in azure


def test_the_home_page_keeps_the_possible_nvidia_value_apart(client, article):
    content = client.get("/").content.decode()
    figures = content.split('id="latest-heading"')[0]
    assert "<dt>Value announced, in USD</dt><dd>USD 38 billion</dd>" in figures
    assert (
        '<th scope="row">Planned, expected or possible</th>'
        "<td>at least USD 100 billion</td>"
    ) in figures
    assert "138" not in figures.split("If every reported")[0]


def test_the_amazon_group_page_totals_by_certainty(client, article):
    content = client.get("/companies/amazon/").content.decode()
    assert (
        '<th scope="row">Announced by the parties or their executives</th>'
        "<td>USD 38 billion</td>"
    ) in content


def test_publishing_an_agreement_needs_a_report_for_every_term(editor, reviewer):
    agreement = factories.AgreementFactory(
        slug="the-deal",
        publication_status="draft",
        expires_on=datetime.date(2030, 1, 1),
        expires_precision="year",
    )
    factories.TermReportFactory(
        citation=factories.AgreementCitationFactory(record=agreement), term="status"
    )
    api = token_client(editor)
    review_request(record=agreement, editor=editor)
    reviewer_api = token_client(reviewer)

    refused = reviewer_api.patch(
        "/api/v1/agreements/the-deal/", {"publication_status": "published"}
    )

    assert refused.status_code == 400
    (message,) = refused.json()["errors"]["publication_status"]
    assert message.endswith("Unsupported: Runs through.")
    reported = api.patch(
        "/api/v1/agreements/the-deal/",
        {
            "term_reports": [
                {"term": term, "source": agreement.citations.get().source.slug}
                | {"locator": agreement.citations.get().locator, "says": says}
                | {"basis": "executive", "modality": "fact"}
                for term, says in (("status", "active"), ("expires", "至2030年"))
            ],
        },
    )
    assert reported.status_code == 200, reported.content
    accepted = reviewer_api.patch(
        "/api/v1/agreements/the-deal/", {"publication_status": "published"}
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["certainty"]["expires"]["label"] == "stated by an executive"


def test_replacing_citations_keeps_the_reports_of_the_ones_kept(editor):
    agreement = factories.AgreementFactory(slug="the-deal")
    citation = factories.AgreementCitationFactory(record=agreement, locator="p1")
    factories.TermReportFactory(citation=citation, term="status", says="active")
    body = {
        "citations": [
            {"source": citation.source.slug, "locator": "p1", "excerpt": "new words"}
        ]
    }

    response = token_client(editor).patch("/api/v1/agreements/the-deal/", body)

    assert response.status_code == 200, response.content
    assert [r["says"] for r in response.json()["term_reports"]] == ["active"]


def test_as_of_shows_the_certainty_of_the_time(client):
    agreement = deal("unnamed_sources", "possible")
    before = datetime.datetime.now(datetime.UTC).isoformat()
    report = agreement.term_reports.get()
    report.is_current = False
    report.save()
    factories.TermReportFactory(
        citation=agreement.citations.get(), says="USD 5 billion", basis="announced"
    )

    then = client.get("/api/v1/agreements/the-deal/", {"as_of": before}).json()
    now = client.get("/api/v1/agreements/the-deal/").json()
    assert then["value"]["certainty"]["modality"] == "possible"
    assert now["value"]["certainty"]["basis"] == "announced"
    assert len(now["term_reports"]) == 2
