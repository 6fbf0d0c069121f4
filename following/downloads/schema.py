"""The JSON Schema (draft 2020-12) of the JSON download, made from the same
table definitions that write it, so that the two cannot drift apart."""

from following.downloads.tables import TABLES, Column


def _property(column: Column) -> dict:
    kind: str | list[str] = column.type
    if column.type == "number":
        kind = "string"  # exact decimal text
    if column.nullable:
        kind = [kind, "null"]
    found = {"type": kind, "description": column.description}
    if column.references:
        found["description"] += f" (the id of a row of “{column.references}”)"
    return found


def json_schema() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Partnership tracker: the published dataset",
        "description": (
            "Every published record of the tracker, one list per table. Terms "
            "keep their hedges: the recorded fields (date and precision, amount "
            "and qualifier) and the phrase readers see, certainty included."
        ),
        "type": "object",
        "required": ["dataset", *(table.name for table in TABLES)],
        "properties": {
            "dataset": {
                "type": "object",
                "description": "What this file is: title, generation time, licence.",
                "required": ["title", "generated_at", "licence", "tables"],
                "properties": {
                    "title": {"type": "string"},
                    "generated_at": {"type": "string", "format": "date-time"},
                    "licence": {"type": "string"},
                    "licence_url": {"type": "string"},
                    "site": {"type": "string"},
                    "schema": {"type": "string"},
                    "tables": {"type": "array", "items": {"type": "string"}},
                },
            },
            **{
                table.name: {
                    "type": "array",
                    "description": table.description,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": table.column_names,
                        "properties": {
                            column.name: _property(column) for column in table.columns
                        },
                    },
                }
                for table in TABLES
            },
        },
    }
