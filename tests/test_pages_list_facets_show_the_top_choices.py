"""A list page's facet shows its FACET_CHOICES commonest choices with their
counts and a "more" link to the rest, paged FACET_MORE_CHOICES at a time: no
facet grows with the number of companies, speakers or sources."""

import html

import pytest

from tests import factories


@pytest.fixture
def parties(db, settings):
    """Company n is party to n agreements, for n from 1 to 5."""
    settings.FACET_CHOICES = 2
    settings.FACET_MORE_CHOICES = 3
    for n in range(1, 6):
        company = factories.CompanyFactory(name=f"Party {n}", slug=f"party-{n}")
        for _ in range(n):
            factories.AgreementPartyFactory(company=company)


def facet(response, param: str = "company") -> dict:
    return next(g for g in response.context["facets"] if g["facet"].param == param)


def shown(response) -> list[tuple[str, int]]:
    return [(choice.label, choice.count) for choice in facet(response)["choices"]]


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_facet_shows_its_commonest_choices_and_a_link_to_more(client, parties):
    response = client.get("/agreements/")
    assert shown(response) == [("Party 5", 5), ("Party 4", 4)]
    assert 'href="/agreements/?more=company">more' in text(response)


def test_more_pages_through_every_choice(client, parties):
    first = client.get("/agreements/?more=company")
    assert shown(first) == [("Party 5", 5), ("Party 4", 4), ("Party 3", 3)]
    assert 'href="/agreements/?more=company&choices=2" rel="next">next' in text(first)
    assert 'href="/agreements/">fewer' in text(first)
    second = client.get("/agreements/?more=company&choices=2")
    assert shown(second) == [("Party 2", 2), ("Party 1", 1)]
    assert 'href="/agreements/?more=company" rel="prev">' in text(second)
    assert 'rel="next">next' not in text(second)


def test_choosing_from_more_goes_back_to_the_commonest(client, parties):
    response = client.get("/agreements/?more=company&choices=2")
    [two] = [c for c in facet(response)["choices"] if c.value == "party-2"]
    assert two.url == "/agreements/?company=party-2"


def test_the_selected_choice_is_shown_wherever_it_ranks(client, parties):
    response = client.get("/agreements/?company=party-1")
    choices = facet(response)["choices"]
    assert [(c.label, c.count, c.selected) for c in choices] == [
        ("Party 1", 1, True),
        ("Party 5", 5, False),
        ("Party 4", 4, False),
    ]


def test_a_facet_with_few_choices_has_no_more_link(client, db):
    factories.AgreementPartyFactory()
    response = client.get("/agreements/")
    assert facet(response)["more_url"] is False
    assert ">more<" not in text(response)


@pytest.mark.parametrize(
    "query, status, problem",
    [
        ("more=nope", 400, "“nope” is not a filter of this list (more)"),
        ("more=company&choices=x", 400, "“x” is not a page number (choices)"),
        ("choices=2", 400, "choices applies only with more"),
        ("more=company&choices=9", 404, "There is no page 9 of choices for company"),
    ],
)
def test_a_query_it_cannot_answer_is_refused_naming_the_parameter(
    client, parties, query, status, problem
):
    response = client.get(f"/agreements/?{query}")
    assert response.status_code == status
    assert problem in text(response)
