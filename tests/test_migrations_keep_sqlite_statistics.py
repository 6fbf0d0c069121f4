"""A migration that makes a table afresh on SQLite gives it its statistics
back, where the file had statistics: without them beside the other tables',
SQLite planned an agreement's page at 100,000 agreements in 700 ms, not 15."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import AgreementFactory, SourceFactory, StatementFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statistics"),
]

BEFORE = ("partnerships", "0017_statement_facets_covered")
AFTER = ("partnerships", "0018_sparse_link_indexes")
REMADE = {"partnerships_agreement", "partnerships_source", "partnerships_statement"}


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def tables_with_statistics() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone():
            return set()
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        return {table for (table,) in cursor.fetchall()}


def forget_statistics() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")


@pytest.fixture
def back_at_0017():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("partnerships")
    forget_statistics()
    migrate(BEFORE)
    yield
    migrate(*latest)
    forget_statistics()


def test_the_remade_tables_get_their_statistics_back(back_at_0017):
    AgreementFactory.create_batch(3)
    StatementFactory.create_batch(3)
    SourceFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert REMADE <= tables_with_statistics()

    migrate(AFTER)

    assert REMADE <= tables_with_statistics()


def test_a_file_without_statistics_is_left_without(back_at_0017):
    AgreementFactory.create_batch(3)
    migrate(AFTER)
    assert tables_with_statistics() == set()
