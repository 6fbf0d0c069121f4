"""SQLite: the FTS5 table also holds each entry's kind, so that a search of one
kind of record matches that kind's entries alone. It matched every kind's
entries, then read each one's row for its kind: "compute" found 275,751
entries at scale L, of which a search of sources wanted 2,085 (104 ms -> 13
ms per kind searched). PostgreSQL filters on the kind column already."""

from django.db import migrations


def statements(columns: str) -> list[str]:
    values = ", ".join(f"new.{column}" for column in columns.split(", "))
    old_values = values.replace("new.", "old.")
    return [
        "DROP TRIGGER IF EXISTS search_entry_updated",
        "DROP TRIGGER IF EXISTS search_entry_deleted",
        "DROP TRIGGER IF EXISTS search_entry_inserted",
        "DROP TABLE IF EXISTS search_entry_fts",
        "CREATE VIRTUAL TABLE search_entry_fts USING fts5("
        f"{columns}, content='search_searchentry', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 0')",
        "CREATE TRIGGER search_entry_inserted AFTER INSERT ON search_searchentry BEGIN "
        f"INSERT INTO search_entry_fts(rowid, {columns}) "
        f"VALUES (new.id, {values}); END",
        "CREATE TRIGGER search_entry_deleted AFTER DELETE ON search_searchentry BEGIN "
        f"INSERT INTO search_entry_fts(search_entry_fts, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old_values}); END",
        "CREATE TRIGGER search_entry_updated AFTER UPDATE ON search_searchentry BEGIN "
        f"INSERT INTO search_entry_fts(search_entry_fts, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old_values}); "
        f"INSERT INTO search_entry_fts(rowid, {columns}) "
        f"VALUES (new.id, {values}); END",
        # The index of the entries already there (a content table's is rebuilt
        # from it).
        "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
    ]


def with_columns(columns: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements(columns):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            with_columns("kind, name, text, grams"),
            with_columns("name, text, grams"),
        ),
    ]
