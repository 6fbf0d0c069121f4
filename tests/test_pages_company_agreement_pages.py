"""A company's agreements, page by page, by title: whichever way a page is
read (along the agreements' title index for a long list, each agreement asked
whether the company is a party; gathered by company and sorted otherwise)
and from whichever end (a page in the second half is read from the last)."""

import pytest

from partnerships.models import AgreementParty, PublicationStatus
from tests import factories
from tests.captured import the_query

PAGE_SIZE = 2


@pytest.fixture
def busy_and_quiet(db, settings):
    """Busy is a party to 7 of the 10 published agreements, to one of them
    twice, and to a draft; Quiet to one. Titles repeat, so ties are broken
    by role and then by the order the parties were added."""
    settings.RECORD_PAGE_SIZE = PAGE_SIZE
    settings.READER_CACHE_SECONDS = 0
    busy = factories.CompanyFactory(name="Busy", slug="busy")
    quiet = factories.CompanyFactory(name="Quiet", slug="quiet")
    agreements = [
        factories.AgreementFactory(title=f"Deal {number % 4}") for number in range(10)
    ]
    for agreement in agreements[:6]:
        factories.AgreementPartyFactory(agreement=agreement, company=busy)
    factories.AgreementPartyFactory(
        agreement=agreements[0], company=busy, role="provider"
    )
    factories.AgreementPartyFactory(agreement=agreements[9], company=busy)
    factories.AgreementPartyFactory(agreement=agreements[9], company=quiet)
    draft = factories.AgreementFactory(
        title="Deal 0", publication_status=PublicationStatus.DRAFT
    )
    factories.AgreementPartyFactory(agreement=draft, company=busy)
    return busy, quiet


def in_order(company) -> list[int]:
    return list(
        AgreementParty.objects.filter(
            company=company,
            agreement__publication_status=PublicationStatus.PUBLISHED,
        )
        .order_by("agreement__title", "role", "pk")
        .values_list("agreement", flat=True)
    )


def every_page(client, company) -> list[int]:
    agreements, number = [], 1
    while True:
        response = client.get(f"/companies/{company.slug}/", {"agreements": number})
        if response.status_code == 404:
            return agreements
        page = response.context["as_party"]
        assert 0 < len(page) <= PAGE_SIZE
        agreements += [row["agreement"].pk for row in page]
        number += 1


@pytest.mark.parametrize("name", ["Busy", "Quiet"])
def test_its_agreements_are_listed_by_title_on_every_page(client, busy_and_quiet, name):
    company = next(c for c in busy_and_quiet if c.name == name)
    expected = in_order(company)

    assert every_page(client, company) == expected
    assert len(expected) == {"Busy": 8, "Quiet": 1}[name]


def test_a_long_list_is_walked_along_the_titles_and_a_short_one_gathered(
    client, busy_and_quiet
):
    """A walk compares the company without its index (`+company_id`), so
    that SQLite reads the agreements by title; a gathered list uses it."""
    busy, quiet = busy_and_quiet
    for company, walked in ((busy, True), (quiet, False)):
        sql = the_query(
            client,
            f"/companies/{company.slug}/",
            'SELECT "partnerships_agreementparty"."id"',
            "LIMIT",
        )
        assert ('+"partnerships_agreementparty"."company_id"' in sql) == walked
