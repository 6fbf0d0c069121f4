"""The hot reads find their rows through indexes, on SQLite and PostgreSQL.

Each test makes a request a reader makes most (a list's first page in its
default order, a company's agreements), captures the SQL it runs, and asks the
database for the plan of the query that picks the page's rows. On SQLite
(`EXPLAIN QUERY PLAN`) no big table may be read by a `SCAN` without an index,
nor the page be picked by sorting every row (`USE TEMP B-TREE FOR ORDER BY`).
On PostgreSQL no big table may be read by a `Seq Scan`.

A planner chooses by the data's size and statistics: on a near-empty table a
full scan is the better plan, and forcing indexes (`enable_seqscan = off`)
would hide a missing one behind a costly index scan. So the records are a few
thousand synthetic ones (`partnerships.synthetic`, as `generate_data` writes),
and on PostgreSQL the tables are analysed first, as autovacuum does in
production (on SQLite, where only `generate_data` runs `ANALYZE`, the
planner works without statistics, as on a file an editor filled by hand).
"""

import pytest
from django.db import connection, transaction
from django.db.models import Count

from partnerships.models import (
    Agreement,
    AgreementParty,
    PublicationStatus,
    Source,
    Statement,
)
from partnerships.synthetic import Generator, Scale

BIG_TABLES = {
    "partnerships_agreement",
    "partnerships_agreementparty",
    "partnerships_company",
    "partnerships_statement",
}
POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture(scope="module")
def thousands_of_records(django_db_setup, django_db_blocker):
    """Built once for the module in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        Generator(
            Scale(
                companies=600,
                people=200,
                sources=200,
                agreements=2_000,
                statements=2_000,
            ),
            report=lambda line: None,
        ).run()
        with connection.cursor() as cursor:  # as generate_data does
            cursor.execute("ANALYZE")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def records(thousands_of_records, db):
    pass


def queries_of(client, path: str) -> list[tuple[str, tuple]]:
    """The SQL, with its parameters, that answering `path` runs."""
    queries = []

    def record(execute, sql, params, many, context):
        queries.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(path).status_code == 200
    return queries


def page_query(queries: list[tuple[str, tuple]], table: str) -> tuple[str, tuple]:
    """The query picking a page of `table`'s rows: from it, ordered, limited,
    not grouped (a facet's top choices are ordered and limited too)."""
    for sql, params in queries:
        if (
            main_table(sql) == table
            and " ORDER BY " in sql
            and " LIMIT " in sql
            and " GROUP BY " not in sql
        ):
            return sql, params
    raise AssertionError(f"no page of {table} among {len(queries)} queries")


def main_table(sql: str) -> str:
    """The table after the outermost FROM (not a subquery's in the columns)."""
    depth = 0
    for at, character in enumerate(sql):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth == 0 and sql.startswith(" FROM ", at):
            return sql[at + len(" FROM ") :].split(" ", 1)[0].strip('"')
    return ""


def plan(sql: str, params: tuple) -> list[str]:
    with connection.cursor() as cursor:
        if POSTGRESQL:
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [row[0] if POSTGRESQL else row[-1] for row in cursor.fetchall()]


def full_reads(lines: list[str], *, whole_sort: bool = False) -> list[str]:
    """The plan's steps that read a big table whole, or (unless `whole_sort`
    is allowed: a company's few agreements) sort a whole result."""
    bad = []
    for line in lines:
        words = line.strip().removeprefix("->").split()
        if POSTGRESQL:
            if line.strip().removeprefix("->").strip().startswith("Seq Scan on "):
                table = line.split("Seq Scan on ", 1)[1].split()[0]
                if table in BIG_TABLES:
                    bad.append(line)
        elif words[:1] == ["SCAN"] and words[1] in BIG_TABLES and "USING" not in words:
            bad.append(line)
        elif line.startswith("USE TEMP B-TREE FOR ORDER BY") and not whole_sort:
            bad.append(line)
    return bad


def assert_indexed(client, path: str, table: str) -> list[str]:
    lines = plan(*page_query(queries_of(client, path), table))
    assert full_reads(lines) == [], "\n".join(lines)
    return lines


def test_agreements_list_first_page_in_title_order(client, records):
    assert_indexed(client, "/agreements/", "partnerships_agreement")


def test_api_agreements_list_first_page(client, records):
    assert_indexed(client, "/api/v1/agreements/", "partnerships_agreement")


def test_statements_newest_first(client, records):
    assert_indexed(client, "/api/v1/statements/", "partnerships_statement")


def test_statements_page_newest_first(client, records):
    assert_indexed(client, "/statements/", "partnerships_statement")


def test_agreements_page_newest_announcement_first(client, records):
    assert_indexed(client, "/agreements/?sort=-announced", "partnerships_agreement")


def test_home_page_latest_statements_latest_and_expiring_agreements(client, records):
    queries = queries_of(client, "/")
    pages = [
        (sql, params)
        for sql, params in queries
        if main_table(sql) in ("partnerships_agreement", "partnerships_statement")
        and " ORDER BY " in sql
        and " LIMIT " in sql
    ]
    assert len(pages) == 3
    for sql, params in pages:
        lines = plan(sql, params)
        assert full_reads(lines) == [], "\n".join(lines)


@pytest.mark.skipif(POSTGRESQL, reason="SQLite's automatic indexes")
def test_companies_by_most_agreements_build_no_index_per_company(client, records):
    # A group's count joined the party's company a second time, and SQLite
    # built a temporary index for every company of the page's sort: at 20,000
    # companies the page did not finish in ten minutes.
    for sort in ("-agreements", "-group-agreements"):
        queries = queries_of(client, f"/companies/?sort={sort}")
        lines = plan(*page_query(queries, "partnerships_company"))
        assert not [line for line in lines if "AUTOMATIC" in line], "\n".join(lines)


@pytest.mark.skipif(POSTGRESQL, reason="SQLite's plans")
@pytest.mark.parametrize("path", ["/api/v1/agreements/", "/api/v1/statements/"])
def test_an_api_pages_related_rows_are_found_by_the_pages_ids(client, records, path):
    # A prefetch ordered by title (Agreement's default) read every published
    # agreement in title order to find the few a page of 20 supersedes.
    assert_found_by_ids(queries_of(client, path), BIG_TABLES)


def assert_found_by_ids(queries: list[tuple[str, tuple]], tables: set[str]) -> None:
    """Each lookup by ids (`IN (...)`: a prefetch) reads none of `tables`
    whole: no SCAN of it, and no walk of every published row along an index
    led by the publication status."""
    lookups = [(sql, params) for sql, params in queries if " IN (" in sql]
    assert lookups
    for sql, params in lookups:
        lines = plan(sql, params)
        whole = [
            line
            for line in lines
            if line.split()[1:2]
            and line.split()[1] in tables
            and (line.split()[0] == "SCAN" or line.endswith("(publication_status=?)"))
        ]
        assert whole == [], f"{sql}\n" + "\n".join(lines)


def first_published_slug(model) -> str:
    return (
        model.objects.filter(publication_status=PublicationStatus.PUBLISHED)
        .order_by("pk")
        .values_list("slug", flat=True)
        .first()
    )


@pytest.mark.skipif(POSTGRESQL, reason="SQLite's statistics")
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/agreements/?page_size=1",
        "/api/v1/agreements/{agreement}/",
        "/agreements/{agreement}/",
        "/statements/{statement}/",
        "/api/v1/statements/{statement}/",
        "/sources/{source}/",
    ],
)
def test_one_records_links_are_found_by_its_key(client, records, path):
    # What an agreement superseded, the replies to a statement, the sources
    # known through a source: links almost every record leaves empty. With
    # every empty link under one key of a plain index, SQLite's statistics
    # said looking up one record's links read the whole table, and it read
    # every published agreement in title order instead (at 100,000: 160 ms
    # for an agreement, 520 for a statement's page).
    path = path.format(
        agreement=first_published_slug(Agreement),
        statement=first_published_slug(Statement),
        source=first_published_slug(Source),
    )
    assert_found_by_ids(queries_of(client, path), BIG_TABLES | {"partnerships_source"})


# At 2,000 statements PostgreSQL rightly reads the table and sorts it in
# memory (its statistics say so); the indexes serve it at L, which the bench
# measures.
@pytest.mark.skipif(POSTGRESQL, reason="SQLite's plans; PostgreSQL sorts 2,000")
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/statements/?ordering=-updated_at",
        "/api/v1/statements/?ordering=created_at",
        "/api/v1/agreements/?ordering=-updated_at",
    ],
)
def test_api_lists_by_when_records_changed(client, records, path):
    # Records saved together share an updated_at: the key, breaking ties the
    # other way, made SQLite sort every record (USE TEMP B-TREE FOR RIGHT PART).
    table = "partnerships_" + path.split("/")[3].removesuffix("s")
    lines = plan(*page_query(queries_of(client, path), table))
    assert full_reads(lines) == [], "\n".join(lines)
    assert not [line for line in lines if "TEMP B-TREE" in line], "\n".join(lines)


def test_api_companies_by_name(client, records):
    assert_indexed(client, "/api/v1/companies/", "partnerships_company")


def test_a_companys_agreements_through_its_parties(client, records):
    busiest = (
        AgreementParty.objects.values("company__slug")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["company__slug"]
    )
    queries = queries_of(client, f"/api/v1/agreements/?party={busiest}")
    lines = plan(*page_query(queries, "partnerships_agreement"))
    # Found through the parties' index on the company; sorting just the
    # company's agreements is the right plan.
    assert full_reads(lines, whole_sort=True) == [], "\n".join(lines)


def count_by(queries: list[tuple[str, tuple]], column: str) -> tuple[str, tuple]:
    """The query counting a list's records by `column` (a facet's choices)."""
    [found] = [
        (sql, params)
        for sql, params in queries
        if " GROUP BY " in sql and column in sql.split(" FROM ", 1)[0]
    ]
    return found


@pytest.fixture
def counted_afresh(settings):
    settings.COUNTS_CACHE_SECONDS = 0
    settings.READER_CACHE_SECONDS = 0


@pytest.mark.skipif(POSTGRESQL, reason="SQLite's plans")
@pytest.mark.parametrize("column", ["form", "language"])
def test_the_statements_facets_of_form_and_language_read_an_index_alone(
    client, records, counted_afresh, column
):
    # They read every statement's row: 0.8 s each at 300,000 statements.
    queries = queries_of(client, "/statements/")
    lines = plan(*count_by(queries, f'"partnerships_statement"."{column}" AS'))
    reads = [line for line in lines if "partnerships_statement" in line]
    assert reads, "\n".join(lines)
    assert all("COVERING INDEX" in line for line in reads), "\n".join(lines)


def test_the_speaker_facet_counts_the_listed_statements_themselves(
    client, records, counted_afresh
):
    # Asking of each statement whether it is listed read its row a second
    # time: 1.3 s at 300,000 statements on SQLite.
    queries = queries_of(client, "/statements/")
    sql, _ = count_by(queries, '"partnerships_person"."slug" AS "speaker__slug"')
    assert main_table(sql) == "partnerships_statement"
    assert 'FROM "partnerships_statement" U0' not in sql.replace('"U0"', "U0")
