"""The network draws a chosen part of the whole: the NETWORK_NODES companies
party to the most agreements, or one company's neighbourhood, with at most
NETWORK_AGREEMENTS agreements between them; it says what it leaves out."""

import datetime
import html

import pytest

from tests import factories
from tests.browse_records import without_nonce


def deal(title: str, *companies, year: int = 2025):
    agreement = factories.AgreementFactory(
        title=title, announced_on=datetime.date(year, 1, 1), announced_precision="year"
    )
    for company, role in zip(companies, ("customer", "provider"), strict=False):
        factories.AgreementPartyFactory(agreement=agreement, company=company, role=role)
    return agreement


@pytest.fixture
def hub_and_pair(db, settings):
    """A hub with three deals, and a pair of companies with one deal of their own."""
    settings.NETWORK_NODES = 3
    hub = factories.CompanyFactory(name="Hub", slug="hub")
    one, two = (factories.CompanyFactory(name=f"Spoke {n}") for n in (1, 2))
    deal("Hub and Spoke 1", hub, one, year=2023)
    deal("Hub and Spoke 2", hub, two, year=2024)
    deal("Spokes together", one, two, year=2025)
    left = factories.CompanyFactory(name="Left", slug="left")
    right = factories.CompanyFactory(name="Right")
    deal("Left and Right", left, right)
    return hub


def drawn(response) -> tuple[list[str], list[str]]:
    chart = response.context["chart"]
    return (
        sorted(node.company.name for node in chart.nodes),
        sorted(edge.agreement.title for edge in chart.edges),
    )


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_default_network_draws_the_n_most_connected_companies(client, hub_and_pair):
    response = client.get("/network/")
    assert drawn(response) == (
        ["Hub", "Spoke 1", "Spoke 2"],
        ["Hub and Spoke 1", "Hub and Spoke 2", "Spokes together"],
    )
    content = text(response)
    assert "The 3 companies party to the most agreements." in content
    assert (
        "Showing 3 of 3 agreements between them, and 2 more companies not drawn."
        in (content)
    )


def test_at_most_n_agreements_are_drawn_the_most_recent_first(
    client, hub_and_pair, settings
):
    settings.NETWORK_AGREEMENTS = 2
    response = client.get("/network/")
    assert drawn(response)[1] == ["Hub and Spoke 2", "Spokes together"]
    assert "Showing 2 of 3 agreements between them, the most recently announced" in (
        text(response)
    )


def test_a_company_shows_its_neighbourhood(client, hub_and_pair):
    response = client.get("/network/?company=left")
    assert drawn(response) == (["Left", "Right"], ["Left and Right"])
    content = text(response)
    assert "Around <a" in content and ">Left</a>: it and the 2 companies" in content
    assert 'href="/network/">Show the most connected companies</a>' in content


def test_each_company_drawn_links_to_its_neighbourhood(client, hub_and_pair):
    content = text(client.get("/network/?groups=1"))
    assert 'href="?groups=1&company=hub">around' in content


def test_a_drafts_slug_is_refused_as_an_unknown_one_is(client, db):
    factories.CompanyFactory(slug="secret", publication_status="draft")
    draft = client.get("/network/?company=secret")
    unknown = client.get("/network/?company=nobody")
    assert draft.status_code == unknown.status_code == 400
    assert without_nonce(text(draft).replace("secret", "nobody")) == without_nonce(
        text(unknown)
    )


@pytest.mark.parametrize(
    "query, problem",
    [
        ("groups=2", "“2” is not a value of groups"),
        ("groups=1&groups=1", "Give groups only once."),
        ("company=a%00b", "company holds a NUL character, which no record has."),
        (
            "layout=force",
            "Unknown parameter layout: this page accepts company, groups.",
        ),
    ],
)
def test_a_query_it_cannot_answer_is_refused_naming_the_parameter(
    client, db, query, problem
):
    response = client.get(f"/network/?{query}")
    assert response.status_code == 400
    assert problem in text(response)


def test_a_neighbourhood_runs_one_query_more_than_the_default(
    client, hub_and_pair, django_assert_num_queries
):
    # 7 queries: the company named, the companies chosen around it, how many
    # agreements are between them, those agreements, their parties with
    # companies, the current reports of their terms, the companies with a
    # published owner
    with django_assert_num_queries(7):
        response = client.get("/network/?company=hub")
    assert drawn(response)[0] == ["Hub", "Spoke 1", "Spoke 2"]


def test_the_companies_chosen_are_kept_until_the_next_write(
    client, hub_and_pair, settings
):
    settings.COUNTS_CACHE_SECONDS = 60
    settings.READER_CACHE_SECONDS = 0  # each page made afresh: only the choice kept
    assert drawn(client.get("/network/"))[0] == ["Hub", "Spoke 1", "Spoke 2"]
    left, right = (
        factories.CompanyFactory._meta.model.objects.get(name=name)
        for name in ("Left", "Right")
    )

    for year in (2019, 2020, 2021):
        deal(f"Left and Right {year}", left, right, year=year)

    # Left and Right, four deals each, now outrank the hub and spokes (two
    # each): the hub is chosen third, with no deal with either, so not drawn.
    assert drawn(client.get("/network/")) == (
        ["Left", "Right"],
        [
            "Left and Right",
            "Left and Right 2019",
            "Left and Right 2020",
            "Left and Right 2021",
        ],
    )
