"""The full downloads (JSON, a ZIP of CSVs, SQLite) hold every published record
and nothing else: no draft, no relation to a draft, no editor's note, in any
of the three; the three agree with each other; terms keep their hedges."""

import io

import pytest
from django.core.management import call_command

from following.downloads import files
from following.downloads.tables import TABLES
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementParty,
    Company,
    Person,
    Source,
    Statement,
    TermReport,
)
from partnerships.visibility import PUBLIC
from tests import factories
from tests.boundary_world import build_boundary_world
from tests.downloads import (
    csv_rows,
    csv_tables,
    json_data,
    sqlite_connection,
    sqlite_text,
)

pytestmark = pytest.mark.django_db

RECORD_TABLES = {
    "agreements": Agreement,
    "companies": Company,
    "people": Person,
    "sources": Source,
    "statements": Statement,
}


@pytest.fixture
def exported(settings, tmp_path):
    """The boundary world (drafts in every relation, each with a marker),
    exported as `manage.py export_dataset` exports it."""
    settings.DOWNLOADS_ROOT = tmp_path
    world = build_boundary_world()
    call_command("export_dataset", stdout=io.StringIO())
    return world, tmp_path


def test_json_holds_every_published_record_and_no_other(exported):
    world, directory = exported
    data = json_data(directory)
    for table, model in RECORD_TABLES.items():
        published = set(PUBLIC.records(model).values_list("slug", flat=True))
        assert {row["slug"] for row in data[table]} == published, table
        assert set(world.published[table]) <= published
        assert not published & set(world.draft_slugs)


def test_json_links_only_published_ends(exported):
    _, directory = exported
    data = json_data(directory)
    assert {row["id"] for row in data["agreement_parties"]} == set(
        PUBLIC.links(AgreementParty).values_list("pk", flat=True)
    )
    assert {row["id"] for row in data["agreement_citations"]} == set(
        PUBLIC.links(AgreementCitation).values_list("pk", flat=True)
    )
    assert {row["id"] for row in data["term_reports"]} == set(
        PUBLIC.links(TermReport).values_list("pk", flat=True)
    )
    # A published company owned by a draft names no owner; a published
    # agreement superseded by a draft names no successor.
    owned = next(row for row in data["companies"] if row["slug"] == "owned")
    assert owned["parent_id"] is None and owned["owned_by"] == ""
    replaced = next(row for row in data["agreements"] if row["slug"] == "replaced")
    assert replaced["superseded_by_id"] is None


def test_every_csv_holds_the_same_rows_as_the_json_with_a_bom(exported):
    _, directory = exported
    data = json_data(directory)
    tables = csv_tables(directory)
    assert set(tables) == {table.name for table in TABLES}
    for table in TABLES:
        text = tables[table.name]
        assert text.startswith("\ufeff"), table.name
        rows = csv_rows(text)
        assert [row["id"] for row in rows] == [
            str(row["id"]) for row in data[table.name]
        ], table.name
        header = text.removeprefix("\ufeff").splitlines()[0].split(",")
        assert header == table.column_names, table.name


def test_record_csvs_start_with_the_columns_of_the_site_lists(exported, client):
    _, directory = exported
    tables = csv_tables(directory)
    for table in RECORD_TABLES:
        listed = client.get(f"/{table}/", {"format": "csv"}).getvalue().decode()
        list_header = listed.removeprefix("\ufeff").splitlines()[0].split(",")
        header = tables[table].removeprefix("\ufeff").splitlines()[0].split(",")
        assert header[2 : 2 + len(list_header)] == list_header, table


def test_sqlite_holds_the_same_counts_with_keys_that_hold(exported):
    _, directory = exported
    data = json_data(directory)
    connection = sqlite_connection(directory)
    for table in TABLES:
        (count,) = connection.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()
        assert count == len(data[table.name]), table.name
    # Every foreign key names a row of the file: no link to a draft.
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    keys = connection.execute('PRAGMA foreign_key_list("agreement_parties")')
    assert {row["table"] for row in keys} == {"agreements", "companies"}
    slugs = {row[0] for row in connection.execute("SELECT slug FROM statements")}
    assert slugs == set(PUBLIC.records(Statement).values_list("slug", flat=True))
    connection.close()


def test_no_marker_is_in_any_file(exported):
    world, directory = exported
    texts = {
        "json": (directory / files.JSON_FILE.filename).read_text("utf-8"),
        "sqlite": sqlite_text(directory),
        **{f"{name}.csv": text for name, text in csv_tables(directory).items()},
    }
    for where, text in texts.items():
        found = [marker for marker in world.markers if marker in text.lower()]
        assert not found, f"{where} holds {found}"
    assert "internal_note" not in texts["json"]


def test_terms_keep_their_hedges(settings, tmp_path):
    settings.DOWNLOADS_ROOT = tmp_path
    deal = factories.AgreementFactory(
        slug="hedged",
        value_amount=100_000_000_000,
        value_currency="USD",
        value_qualifier="over",
        expires_on="2030-01-01",
        expires_precision="year",
    )
    factories.TermReportFactory(
        citation__record=deal,
        term="value",
        basis="unnamed_sources",
        modality="possible",
    )
    files.export_dataset()

    (row,) = json_data(tmp_path)["agreements"]
    assert row["value_qualifier"] == "over"
    assert row["value_amount"] == "100000000000.00"
    assert row["value"] == "may exceed USD 100 billion"
    assert row["value_certainty"] == "possible; reported, unnamed sources"
    assert row["value_shown"] == (
        "may exceed USD 100 billion (reported, unnamed sources)"
    )
    assert (row["expires_on"], row["expires_precision"]) == ("2030-01-01", "year")
    assert row["expires"] == "2030"
    assert row["expires_certainty"] == "certainty not recorded"
