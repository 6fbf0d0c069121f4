"""Cells a spreadsheet shows as text, never runs.

Excel, LibreOffice and Google Sheets read a cell starting with `=`, `+`, `-` or
`@` as a formula, and a leading tab or carriage return can hide one: an
editor-written title like `=HYPERLINK("https://evil.example", "Source")` would
run on the reader's machine when they open a CSV download. OWASP's advice
(CSV injection) is to start such a cell with a single quote, which spreadsheets
show as text. Every CSV the tracker writes, the site's lists and the API's,
passes each cell through `neutralise`, and is streamed by `csv_download`.
"""

import csv
import itertools
from collections.abc import Iterable, Iterator

from django.db import models
from django.db.models import QuerySet
from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The value as a cell's text; a would-be formula starts with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


# -- downloads ------------------------------------------------------------------

# Excel reads a CSV as the machine's legacy code page unless it starts with a
# byte order mark: without it "380億美元" opens as mojibake. Python's csv module,
# pandas (encoding="utf-8-sig") and LibreOffice read past it.
BOM = "\ufeff"
# Rows fetched, serialised and written at a time: a download of any length
# holds one chunk in memory, and runs the same queries for each chunk.
CHUNK_SIZE = 500


def in_chunks(queryset: QuerySet) -> Iterator[tuple]:
    """The records of `queryset`, `CHUNK_SIZE` at a time, each chunk with its
    prefetches (one set of queries per chunk).

    A chunk is let go once the next one is asked for. Prefetching links each
    related record back to its record (a party to its agreement), a cycle that
    only the garbage collector's rare full passes would free: memory would grow
    with the download. `_let_go` cuts those links, so each chunk is freed at
    once."""
    records = queryset.iterator(chunk_size=CHUNK_SIZE)
    for chunk in itertools.batched(records, CHUNK_SIZE):
        yield chunk
        for record in chunk:
            _let_go(record)


def _let_go(record: models.Model, depth: int = 3) -> None:
    """Cut the links prefetching and `select_related` made from `record` (and
    from the records it reached, `depth` levels down)."""
    related = list(record._state.fields_cache.values())
    for name, value in list(vars(record).items()):
        if isinstance(value, list) and value and isinstance(value[0], models.Model):
            related.extend(value)  # a Prefetch(..., to_attr=name)
            delattr(record, name)
    for cached in getattr(record, "_prefetched_objects_cache", {}).values():
        related.extend(cached._result_cache or [])
    record._state.fields_cache = {}
    record._prefetched_objects_cache = {}
    if depth:
        for other in related:
            if isinstance(other, models.Model):
                _let_go(other, depth - 1)


class _Line:
    """A file-like object whose `write` hands back what it was given."""

    def write(self, text: str) -> str:
        return text


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV, BOM first, a chunk of rows at a time; every cell neutralised."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow([neutralise(name) for name in header])
    for chunk in itertools.batched(rows, CHUNK_SIZE):
        yield "".join(
            writer.writerow([neutralise(value) for value in row]) for row in chunk
        )


def csv_download(filename: str, header: Iterable, rows: Iterable[Iterable]):
    """A streamed CSV attachment: rows are read as the client downloads them."""
    response = StreamingHttpResponse(
        csv_text(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
