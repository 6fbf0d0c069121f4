"""A company's page shows a page of each of its lists (its agreements, those of
the companies it owns, what its people said, what others said about it), a
person's and a source's page a page of their statements; each says how many
there are in all and links to the other pages: no record's page grows with its
records."""

import html

import pytest

from tests import factories


@pytest.fixture
def busy(db, settings):
    settings.RECORD_PAGE_SIZE = 5
    company = factories.CompanyFactory(name="Busy", slug="busy")
    for n in range(12):
        factories.AgreementPartyFactory(
            company=company, agreement__title=f"Deal {n:02}"
        )
    speaker = factories.PersonFactory(affiliation=company)
    for n in range(7):
        factories.StatementFactory(speaker=speaker, slug=f"said-{n:02}")
    return company


def titles(response) -> list[str]:
    return [row["agreement"].title for row in response.context["as_party"]]


def test_a_company_with_12_agreements_shows_5_and_a_link_to_the_next_page(client, busy):
    response = client.get("/companies/busy/")
    assert titles(response) == [f"Deal {n:02}" for n in range(5)]
    content = html.unescape(response.content.decode())
    assert "1–5 of 12 (page 1 of 3)" in content
    assert 'href="/companies/busy/?agreements=2#agreements-heading" rel="next"' in (
        content
    )
    assert "<dd>12 as a party</dd>" in content


def test_the_last_page_shows_the_rest_and_links_back(client, busy):
    response = client.get("/companies/busy/?agreements=3")
    assert titles(response) == ["Deal 10", "Deal 11"]
    content = html.unescape(response.content.decode())
    assert "11–12 of 12 (page 3 of 3)" in content
    assert 'href="/companies/busy/?agreements=2#agreements-heading" rel="prev"' in (
        content
    )
    assert (
        'rel="next"'
        not in content.split('id="agreements-heading"')[1].split("</section>")[0]
    )


def test_each_list_has_its_own_page_and_keeps_the_others(client, busy):
    response = client.get("/companies/busy/?agreements=2&said_by=2")
    assert titles(response) == [f"Deal {n:02}" for n in range(5, 10)]
    said = [statement.slug for statement in response.context["said_by_its_people"]]
    assert len(said) == 2
    content = html.unescape(response.content.decode())
    assert "6–7 of 7 (page 2 of 2)" in content
    # Back to the first page of statements, still on the second of agreements.
    assert 'href="/companies/busy/?agreements=2#said-by-heading" rel="prev"' in (
        content
    )


def test_a_short_list_has_no_page_links(client, db):
    party = factories.AgreementPartyFactory(company__slug="small")
    response = client.get("/companies/small/")
    assert titles(response) == [party.agreement.title]
    assert 'class="pagination"' not in response.content.decode()


@pytest.mark.parametrize(
    "query, status, problem",
    [
        ("agreements=two", 400, "“two” is not a page number (agreements)"),
        ("agreements=0", 400, "“0” is not a page number (agreements)"),
        ("said_by=-1", 400, "“-1” is not a page number (said_by)"),
        ("agreements=1&agreements=2", 400, "Give agreements only once."),
        ("agreements=4", 404, "There is no page 4 (agreements): this list has 3"),
        ("said_about=2", 404, "There is no page 2 (said_about): this list has 1 page"),
        ("owned_agreements=99999999999999", 400, "is not a page number"),
    ],
)
def test_a_page_that_is_not_there_is_refused_naming_the_parameter(
    client, busy, query, status, problem
):
    response = client.get(f"/companies/busy/?{query}")
    assert response.status_code == status
    assert problem in html.unescape(response.content.decode())


def test_the_agreements_of_owned_companies_are_paged_too(client, db, settings):
    settings.RECORD_PAGE_SIZE = 2
    owner = factories.CompanyFactory(name="Holding", slug="holding")
    owned = factories.CompanyFactory(name="Owned", parent=owner)
    for n in range(3):
        factories.AgreementPartyFactory(company=owned, agreement__title=f"Via {n}")
    response = client.get("/companies/holding/?owned_agreements=2")
    rows = response.context["via_owned"]
    assert [row["agreement"].title for row in rows] == ["Via 2"]
    assert [[company.name for company in row["via"]] for row in rows] == [["Owned"]]
    content = html.unescape(response.content.decode())
    assert "3 agreements name a company Holding owns" in content
    assert "3–3 of 3 (page 2 of 2)" in content


def test_a_persons_statements_are_paged_the_same_way(client, busy):
    person = busy.people.get()
    response = client.get(f"{person.get_absolute_url()}?statements=2")
    assert len(response.context["statements"]) == 2
    content = html.unescape(response.content.decode())
    assert "6–7 of 7 (page 2 of 2)" in content
    assert client.get(f"{person.get_absolute_url()}?statements=3").status_code == 404


def test_a_sources_statements_are_paged_the_same_way(client, db, settings):
    settings.RECORD_PAGE_SIZE = 2
    source = factories.SourceFactory(slug="interview")
    for n in range(3):
        factories.StatementFactory(source=source, slug=f"quote-{n}")
    response = client.get("/sources/interview/?statements=2")
    assert len(response.context["statements"]) == 1
    assert "3–3 of 3 (page 2 of 2)" in html.unescape(response.content.decode())
    assert client.get("/sources/interview/?statements=x").status_code == 400
