"""The search index table and its full-text index, each database its own:
SQLite an FTS5 table over the entries (kept in step by triggers), PostgreSQL
GIN indexes over the same tokens. Both split the stored text at spaces only:
the tokens are made in Python (`partnerships.search.text`).

On SQLite, a later migration that rebuilds search_searchentry drops the
triggers: it must create them again.
"""

import itertools

from django.db import migrations, models

FTS_COLUMNS = "name, text, grams"

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_entry_fts USING fts5("
    f"{FTS_COLUMNS}, content='search_searchentry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_entry_inserted AFTER INSERT ON search_searchentry BEGIN "
    f"INSERT INTO search_entry_fts(rowid, {FTS_COLUMNS}) "
    "VALUES (new.id, new.name, new.text, new.grams); END",
    "CREATE TRIGGER search_entry_deleted AFTER DELETE ON search_searchentry BEGIN "
    f"INSERT INTO search_entry_fts(search_entry_fts, rowid, {FTS_COLUMNS}) "
    "VALUES ('delete', old.id, old.name, old.text, old.grams); END",
    "CREATE TRIGGER search_entry_updated AFTER UPDATE ON search_searchentry BEGIN "
    f"INSERT INTO search_entry_fts(search_entry_fts, rowid, {FTS_COLUMNS}) "
    "VALUES ('delete', old.id, old.name, old.text, old.grams); "
    f"INSERT INTO search_entry_fts(rowid, {FTS_COLUMNS}) "
    "VALUES (new.id, new.name, new.text, new.grams); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER search_entry_updated",
    "DROP TRIGGER search_entry_deleted",
    "DROP TRIGGER search_entry_inserted",
    "DROP TABLE search_entry_fts",
]
# The expression every search repeats (partnerships.search.backends).
POSTGRESQL_FORWARD = [
    f"CREATE INDEX search_entry_{column}_gin ON search_searchentry "
    f"USING gin (array_to_tsvector(string_to_array({column}, ' ')))"
    for column in ("name", "text", "grams")
]
POSTGRESQL_BACKWARD = [
    f"DROP INDEX search_entry_{column}_gin" for column in ("name", "text", "grams")
]
STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def run(statements: list[str], schema_editor) -> None:
    for statement in statements:
        schema_editor.execute(statement)


def full_text_index(apps, schema_editor) -> None:
    run(STATEMENTS[schema_editor.connection.vendor][0], schema_editor)


def drop_full_text_index(apps, schema_editor) -> None:
    run(STATEMENTS[schema_editor.connection.vendor][1], schema_editor)


def index_existing_records(apps, schema_editor) -> None:
    """A database that already holds records is searchable once migrated."""
    from partnerships.search.documents import DOCUMENTS

    entry = apps.get_model("search", "SearchEntry")
    for document in DOCUMENTS.values():
        model = apps.get_model(document.model._meta.label)
        rows = model._default_manager.values("pk", *document.fields).iterator()
        entries = (
            entry(
                kind=document.kind,
                record_id=values["pk"],
                **document.entry_values(values),
            )
            for values in rows
        )
        for batch in itertools.batched(entries, 2000):
            entry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    initial = True

    dependencies = [("partnerships", "0010_merges")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("kind", models.CharField(max_length=40)),
                ("record_id", models.BigIntegerField()),
                ("name", models.TextField(blank=True)),
                ("text", models.TextField(blank=True)),
                ("grams", models.TextField(blank=True)),
            ],
            options={
                "verbose_name_plural": "search entries",
                "ordering": ["kind", "record_id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "record_id"),
                        name="search_entry_one_per_record",
                    )
                ],
            },
        ),
        migrations.RunPython(full_text_index, drop_full_text_index),
        migrations.RunPython(index_existing_records, migrations.RunPython.noop),
    ]
