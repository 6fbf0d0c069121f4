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
