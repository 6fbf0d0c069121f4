"""Reading the full downloads back, as their users would: the JSON file, each
CSV of the ZIP (csv module, BOM and all) and the SQLite file (sqlite3)."""

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

from following.downloads import files


def json_data(directory: Path) -> dict:
    return json.loads((directory / files.JSON_FILE.filename).read_text("utf-8"))


def csv_tables(directory: Path) -> dict[str, str]:
    """Each CSV of the ZIP as text, its BOM kept: {table name: text}."""
    with zipfile.ZipFile(directory / files.CSV_FILE.filename) as archive:
        return {
            name.removesuffix(".csv"): archive.read(name).decode("utf-8")
            for name in archive.namelist()
        }


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def sqlite_connection(directory: Path) -> sqlite3.Connection:
    path = directory / files.SQLITE_FILE.filename
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    return connection


def sqlite_text(directory: Path) -> str:
    """Every statement and value of the SQLite file, as SQL text."""
    connection = sqlite_connection(directory)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()
