"""Every list and detail endpoint runs a fixed number of queries, however many rows.

Each list is measured with 5 and with 100 records on the page: the counts must
be the same, so a serializer reaching for an unprefetched relation (N+1) fails.
"""

import csv
import datetime
import io
import math

import pytest

from partnerships import models, spreadsheets
from tests import factories
from tests.api_records import token_client


@pytest.fixture(autouse=True)
def counted_every_time(settings):
    """The budgets of a list that counts its rows: with a shared cache (CI's
    PostgreSQL run) a count is kept until the next write, one query fewer."""
    settings.COUNTS_CACHE_SECONDS = 0


def seed(count: int) -> None:
    """`count` of each record, each with the relations its serializer shows."""
    kind = models.CompanyKind.objects.create(slug="cloud", name="Cloud")
    owner = factories.CompanyFactory(slug="owner")
    source = factories.SourceFactory(slug="the-source")
    topic = models.Topic.objects.create(slug="topic", name="Topic")
    previous = None
    for number in range(count):
        company = factories.CompanyFactory(slug=f"co-{number}", parent=owner)
        company.kinds.add(kind)
        models.CompanyAlias.objects.create(company=company, name=f"C{number}")
        models.CompanyCitation.objects.create(
            record=company, source=source, excerpt="x"
        )
        person = factories.PersonFactory(slug=f"person-{number}", affiliation=company)
        models.PersonCitation.objects.create(record=person, source=source, excerpt="x")
        factories.SourceFactory(slug=f"source-{number}", reported_in=source)
        successor = factories.AgreementFactory(slug=f"new-{number}")
        agreement = factories.AgreementFactory(
            slug=f"deal-{number}",
            status=models.AgreementStatus.SUPERSEDED,
            superseded_by=successor,
            announced_on=datetime.date(2025, 1, 1),
            announced_precision="year",
        )
        factories.AgreementPartyFactory(agreement=agreement, company=company)
        factories.AgreementPartyFactory(
            agreement=agreement, company=owner, role="provider"
        )
        commitment = factories.CommitmentFactory(agreement=agreement)
        citation = factories.AgreementCitationFactory(record=agreement, source=source)
        # Terms with several reports: an earlier figure, then the current one.
        factories.TermReportFactory(citation=citation, is_current=False)
        factories.TermReportFactory(citation=citation)
        factories.TermReportFactory(
            citation=citation, term="commitment", commitment=commitment
        )
        statement = factories.StatementFactory(
            slug=f"said-{number}", speaker=person, source=source, in_reply_to=previous
        )
        statement.companies.add(company)
        statement.agreements.add(agreement)
        statement.topics.add(topic)
        models.StatementCitation.objects.create(
            record=statement, source=source, excerpt="x"
        )
        previous = statement


# (endpoint, queries for a page of records) with the queries named
LISTS = [
    # count, page of agreements with successors, parties with companies,
    # commitments, citations with sources, agreements superseded, reports of
    # terms with their citations' sources and commitments
    ("/api/v1/agreements/", 7),
    # count, page of statements with speakers, affiliations, sources and the
    # statements answered; companies, agreements, topics, citations with sources
    ("/api/v1/statements/", 6),
    # count, page of companies with owners, kinds, aliases, citations with sources
    ("/api/v1/companies/", 5),
    # count, page of people with companies, citations with sources
    ("/api/v1/people/", 3),
    # count, page of sources with the sources they were reported in
    ("/api/v1/sources/", 2),
]


def test_list_query_count_does_not_grow_with_the_page(
    client, db, django_assert_num_queries
):
    seed(100)  # built once, for every endpoint: the slow part of this file

    for url, queries in LISTS:
        for rows in (5, 100):
            with django_assert_num_queries(queries):
                response = client.get(url, {"page_size": rows})
            assert len(response.json()["results"]) == rows, url


def test_the_in_force_filter_adds_no_query(client, db, django_assert_num_queries):
    seed(5)
    day = {"in_force_on": "2029-06-01", "include_undated": "true"}

    # the seven queries of the agreements list: the filter is part of the first two
    with django_assert_num_queries(7):
        response = client.get("/api/v1/agreements/", day)

    assert len(response.json()["results"]) == 10


@pytest.mark.parametrize(("url", "queries"), LISTS)
def test_csv_query_count_is_the_list_without_the_count(
    client, db, django_assert_num_queries, url, queries
):
    seed(5)

    with django_assert_num_queries(queries - 1):
        # The CSV is streamed: its queries run as it is read.
        body = client.get(url, {"format": "csv"}).getvalue().decode()

    assert body.count("\n") > 5


@pytest.mark.parametrize(("url", "queries"), LISTS)
def test_a_streamed_csv_runs_the_same_queries_for_each_chunk(
    client, db, django_assert_num_queries, monkeypatch, url, queries
):
    seed(5)
    rows = len(json_rows(client, url))  # 10 agreements (5 successors), else 5
    monkeypatch.setattr(spreadsheets, "CHUNK_SIZE", 2)
    chunks = math.ceil(rows / 2)
    # The records (one query, read a chunk at a time), then each chunk's
    # prefetches: a list's queries but the count and the page.
    with django_assert_num_queries(1 + chunks * (queries - 2)):
        body = client.get(url, {"format": "csv"}).getvalue().decode("utf-8-sig")

    assert len(list(csv.DictReader(io.StringIO(body)))) == rows


def json_rows(client, url: str) -> list[dict]:
    return client.get(url, {"page_size": 100}).json()["results"]


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the agreement with its successor, parties, commitments, citations,
        # agreements superseded, reports of terms
        ("/api/v1/agreements/deal-1/", 6),
        # the statement with speaker, source, reply; companies, agreements,
        # topics, citations
        ("/api/v1/statements/said-1/", 5),
        # the company with its owner; kinds, aliases, citations
        ("/api/v1/companies/co-1/", 4),
        # the person with their company; citations
        ("/api/v1/people/person-1/", 2),
        # the source with the source it was reported in
        ("/api/v1/sources/source-1/", 1),
    ],
)
def test_detail_query_count_is_fixed(
    client, db, django_assert_num_queries, url, queries
):
    seed(3)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


def test_editor_list_adds_only_the_token_and_permission_lookups(
    editor, db, django_assert_num_queries
):
    seed(5)
    api = token_client(editor)

    # the token with its user, the user's own and group permissions (is this an
    # editor?), then the seven queries of the anonymous list
    with django_assert_num_queries(10):
        api.get("/api/v1/agreements/", {"page_size": 5})
