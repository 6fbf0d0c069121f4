"""Writing the full downloads: the JSON file, the ZIP of CSVs and the SQLite
database, into `settings.DOWNLOADS_ROOT`, with a manifest of their sizes,
generation time and SHA-256.

Each file is written to a temporary file in the same directory and renamed
over the old one (`os.replace`, atomic on one file system): a reader downloads
the old file or the new one, never half of one. The manifest is written last,
the same way. Rows are read a chunk at a time (`Table.rows`) and written as
they come, so an export holds one chunk in memory however large the dataset.
"""

import datetime
import hashlib
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils import timezone

from following.downloads.tables import SQLITE_TYPES, TABLES, Table
from partnerships import site_address
from partnerships.spreadsheets import csv_text

MANIFEST = "manifest.json"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
TITLE = "Partnership tracker: the published dataset"


class ExportError(Exception):
    """The downloads cannot be written where they were asked to be."""


@dataclass(frozen=True)
class DownloadFile:
    key: str  # in URLs: /downloads/<key>/
    filename: str
    label: str
    content_type: str
    description: str


JSON_FILE = DownloadFile(
    "json",
    "partnership-tracker.json",
    "JSON",
    "application/json",
    "Every table as a list of objects, in one file, as its JSON Schema describes.",
)
CSV_FILE = DownloadFile(
    "csv",
    "partnership-tracker-csv.zip",
    "CSV (ZIP)",
    "application/zip",
    "One CSV per table, UTF-8 with a byte order mark so that Excel reads it.",
)
SQLITE_FILE = DownloadFile(
    "sqlite",
    "partnership-tracker.sqlite",
    "SQLite",
    "application/vnd.sqlite3",
    "The tables with primary and foreign keys: open it with Datasette "
    "(datasette partnership-tracker.sqlite) or any SQLite client.",
)
FILES = (JSON_FILE, CSV_FILE, SQLITE_FILE)


def root() -> Path:
    return Path(settings.DOWNLOADS_ROOT)


def ready(directory: Path) -> Path:
    """`directory`, created if missing, once it is known to be writable."""
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{directory} is not a directory.")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(
            f"{directory} cannot be created: {error.strerror}."
        ) from error
    if not os.access(directory, os.W_OK | os.X_OK):
        raise ExportError(f"{directory} is not writable.")
    return directory


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed over it once the block is done
    (and removed if the block fails)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- the three formats ------------------------------------------------------------


def dataset_header(generated_at: str) -> dict:
    return {
        "title": TITLE,
        "generated_at": generated_at,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "site": settings.SITE_URL or "",
        "schema": site_address.on_site("/downloads/partnership-tracker.schema.json"),
        "tables": [table.name for table in TABLES],
    }


def write_json(stream: IO[str], generated_at: str) -> dict[str, int]:
    """{"dataset": {...}, "<table>": [{column: value}, ...], ...}, row by row."""
    counts = {}
    stream.write('{"dataset": ')
    stream.write(json.dumps(dataset_header(generated_at), ensure_ascii=False))
    for table in TABLES:
        stream.write(f',\n"{table.name}": [')
        count = 0
        for row in table.rows():
            stream.write(",\n" if count else "\n")
            record = dict(zip(table.column_names, row, strict=True))
            stream.write(json.dumps(record, ensure_ascii=False))
            count += 1
        stream.write("\n]")
        counts[table.name] = count
    stream.write("}\n")
    return counts


def write_csv_zip(path: Path) -> None:
    """One CSV per table, each streamed into the archive a chunk at a time."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            with archive.open(f"{table.name}.csv", "w") as member:
                for text in csv_text(table.column_names, table.rows()):
                    member.write(text.encode("utf-8"))


def create_statement(table: Table) -> str:
    columns = []
    for column in table.columns:
        if column.name == "id":
            columns.append('"id" INTEGER PRIMARY KEY')
            continue
        sql = f'"{column.name}" {SQLITE_TYPES[column.type]}'
        if not column.nullable:
            sql += " NOT NULL"
        if column.references:
            sql += f' REFERENCES "{column.references}"("id")'
        columns.append(sql)
    return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(columns) + "\n)"


def write_sqlite(path: Path) -> None:
    """The tables with their primary and foreign keys (and an index on each
    foreign key, for Datasette's facets), filled a chunk at a time."""
    path.unlink(missing_ok=True)  # mkstemp's empty file is not a database
    connection = sqlite3.connect(path)
    try:
        for table in TABLES:
            connection.execute(create_statement(table))
            for column in table.columns:
                if column.references:
                    connection.execute(
                        f'CREATE INDEX "{table.name}_{column.name}" '
                        f'ON "{table.name}" ("{column.name}")'
                    )
            marks = ", ".join("?" for _ in table.columns)
            insert = f'INSERT INTO "{table.name}" VALUES ({marks})'
            batch = []
            for row in table.rows():
                batch.append(row)
                if len(batch) >= 500:
                    connection.executemany(insert, batch)
                    batch = []
            connection.executemany(insert, batch)
        connection.commit()
    finally:
        connection.close()


# -- the export -------------------------------------------------------------------


def export_dataset(directory: Path | None = None) -> dict:
    """Write the three files, then the manifest; return the manifest.

    All three are written to temporary files first and renamed only once all
    three are whole: an export that fails leaves the last one's files, and
    the manifest that describes them, as they were."""
    directory = ready(directory or root())
    generated_at = timezone.now().replace(microsecond=0).isoformat()
    counts: dict[str, int] = {}

    def write_json_file(path: Path) -> None:
        with path.open("w", encoding="utf-8") as stream:
            counts.update(write_json(stream, generated_at))

    writers = {
        JSON_FILE: write_json_file,
        CSV_FILE: write_csv_zip,
        SQLITE_FILE: write_sqlite,
    }
    entries = {}
    with ExitStack() as stack:
        temporaries = {
            file: stack.enter_context(replacing(directory / file.filename))
            for file in writers
        }
        for file, write in writers.items():
            write(temporaries[file])
            entries[file.key] = {
                "filename": file.filename,
                "size": temporaries[file].stat().st_size,
                "sha256": sha256_of(temporaries[file]),
            }
    manifest = {"generated_at": generated_at, "counts": counts, "files": entries}
    with replacing(directory / MANIFEST) as temporary:
        temporary.write_text(json.dumps(manifest, indent=2))
    return manifest


def read_manifest(directory: Path | None = None) -> dict | None:
    """The last export's manifest, or None before the first one."""
    try:
        text = ((directory or root()) / MANIFEST).read_text()
    except FileNotFoundError:
        return None
    manifest = json.loads(text)
    manifest["generated"] = datetime.datetime.fromisoformat(manifest["generated_at"])
    return manifest
