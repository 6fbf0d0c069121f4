"""A company's lists of statements, page by page: what its people said and
what others said about it, newest first, whichever way a page is read (along
the newest-first index for a long list's pages near either end, gathered and
sorted otherwise) and from whichever end (a page in the second half is read
from the last)."""

import datetime

import pytest

from partnerships.models import PublicationStatus, Statement
from tests import factories
from tests.captured import the_query

PAGE_SIZE = 2


@pytest.fixture
def busy_and_quiet(db, settings):
    """Busy has a person who said 5 things and is the subject of 8 others' of
    the 17 published statements; Quiet is the subject of 2 (one a draft's).
    Dates repeat and some are missing, so ties are broken by the list's order."""
    settings.RECORD_PAGE_SIZE = PAGE_SIZE
    settings.READER_CACHE_SECONDS = 0
    busy = factories.CompanyFactory(name="Busy", slug="busy")
    quiet = factories.CompanyFactory(name="Quiet", slug="quiet")
    insider = factories.PersonFactory(affiliation=busy)

    def said(number: int, **fields) -> Statement:
        if number % 4:
            day = {"said_on": datetime.date(2020 + number % 3, 1, 1)}
            fields |= day | {"said_precision": "year"}
        return factories.StatementFactory(**fields)

    for number in range(5):
        said(number, speaker=insider)
    for number in range(8):
        said(number).companies.add(busy)
    for number in range(2):
        said(number).companies.add(quiet)
    said(9, publication_status=PublicationStatus.DRAFT).companies.add(quiet)
    for number in range(2):
        said(number)
    return busy, quiet


def newest_first(statements) -> list[str]:
    return [
        statement.slug
        for statement in sorted(
            sorted(statements, key=lambda s: s.slug),
            key=lambda s: (s.said_on is not None, s.said_on, s.created_at),
            reverse=True,
        )
    ]


def every_page(client, company, param: str, context_name: str) -> list[str]:
    slugs, number = [], 1
    while True:
        response = client.get(f"/companies/{company.slug}/", {param: number})
        if response.status_code == 404:
            return slugs
        page = response.context[context_name]
        assert 0 < len(page) <= PAGE_SIZE
        slugs += [statement.slug for statement in page]
        number += 1


def test_what_its_people_said_is_listed_newest_first_on_every_page(
    client, busy_and_quiet
):
    busy, _ = busy_and_quiet
    expected = newest_first(Statement.objects.filter(speaker__affiliation=busy))

    assert every_page(client, busy, "said_by", "said_by_its_people") == expected
    assert len(expected) == 5


@pytest.mark.parametrize("name", ["Busy", "Quiet"])
def test_what_others_said_about_it_is_listed_newest_first_on_every_page(
    client, busy_and_quiet, name
):
    company = next(c for c in busy_and_quiet if c.name == name)
    expected = newest_first(
        Statement.objects.filter(
            companies=company, publication_status=PublicationStatus.PUBLISHED
        )
    )

    assert every_page(client, company, "said_about", "said_about_it") == expected
    assert len(expected) == {"Busy": 8, "Quiet": 2}[name]


def test_a_long_list_is_walked_along_the_index_and_a_short_one_gathered(
    client, busy_and_quiet
):
    """Which way each list was read: a walk asks of each statement whether the
    company is among its subjects (EXISTS); a gathered list joins them."""
    busy, quiet = busy_and_quiet

    def about_query(company) -> str:
        return the_query(
            client,
            f"/companies/{company.slug}/",
            'SELECT "partnerships_statement"."id"',
            "statement_companies",
        )

    assert "EXISTS" in about_query(busy)
    assert "EXISTS" not in about_query(quiet)
    # A gathered list is sorted in an order no index holds: PostgreSQL walked
    # the newest-first index for it too (60,902 statements read at L for the
    # 25 newest of 548).
    assert "ORDER BY COALESCE(" in about_query(quiet)
    assert "ORDER BY COALESCE(" not in about_query(busy)
