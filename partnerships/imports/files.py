"""Reading an import file (CSV or JSON, UTF-8) into rows, or refusing it."""

import codecs
import csv
import io
import json
from decimal import Decimal

from partnerships.imports.columns import (
    ColumnSet,
    _json_type,
)
from partnerships.imports.report import (
    FORMATS,
    MAX_PROBLEMS,
    FileRefused,
    Row,
)


def format_from_filename(filename: str) -> str | None:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return suffix if suffix in FORMATS else None


def _count_rows(content: bytes, fmt: str, stop_after: int) -> int:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return 0
    if fmt == "json":
        try:
            data = json.loads(text)
        except ValueError:
            return 0
        return len(data) if isinstance(data, list) else 0
    rows = 0
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        next(reader, None)  # the header
        for record in reader:
            rows += any(cell.strip() for cell in record)
            if rows > stop_after:
                break
    except csv.Error:
        pass
    return rows


def _decode(content: bytes, fmt: str) -> str:
    if not content.strip():
        raise FileRefused("The file is empty.")
    if content.startswith(b"PK\x03\x04"):
        raise FileRefused(
            "This is a spreadsheet or zip file, not CSV or JSON: save it as "
            "“CSV UTF-8” and import that file."
        )
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRefused(
            "The file is UTF-16, not UTF-8: save it as UTF-8 (in Excel: "
            "“CSV UTF-8”) and import it again."
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(_not_utf8(content, error, fmt)) from None


def _not_utf8(content: bytes, error: UnicodeDecodeError, fmt: str) -> str:
    """Say where the first byte that is not UTF-8 is, as row and column if we can."""
    before = content[: error.start].decode("utf-8-sig")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    where = f"line {line}, character {column}"
    if fmt == "csv":
        # Parse what precedes the bad byte, with a marker where it stands, to
        # name the spreadsheet row and column it falls in.
        marker = "\ue000"
        try:
            records = list(csv.reader(io.StringIO(before + marker), strict=False))
        except csv.Error:
            records = []
        if records and records[-1]:
            row_number, cell = len(records), len(records[-1])
            header = records[0] if row_number > 1 else []
            name = header[cell - 1] if cell <= len(header) else f"#{cell}"
            where = (
                f"row 1 (the header), {where}"
                if row_number == 1
                else f"row {row_number}, column {name} ({where})"
            )
    byte = content[error.start]
    return (
        f"The file is not UTF-8: the first byte that is not UTF-8 (0x{byte:02X}) "
        f"is at {where}. Save the file as UTF-8 (in Excel: “CSV UTF-8”) and "
        f"import it again."
    )


def read_rows(content: bytes, fmt: str, columns: "ColumnSet") -> list[Row]:
    """The file's rows, or FileRefused naming every problem found in its shape."""
    text = _decode(content, fmt)
    if fmt == "csv":
        header, rows = _read_csv(text)
        problems = columns.problems(header, "row 1 (the header)")
    else:
        rows = _read_json(text)
        problems = [
            problem
            for row in rows
            for problem in columns.problems(list(row.values), f"row {row.number}")
        ]
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = [*problems[:MAX_PROBLEMS], f"… and {more} more problems."]
    if problems:
        raise FileRefused(*problems)
    if not rows:
        raise FileRefused("The file has no rows to import.")
    return rows


def _read_csv(text: str) -> tuple[list[str], list[Row]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as error:
        raise FileRefused(
            f"row {reader.line_num}: the file is not valid CSV ({error})."
        ) from None
    header = [name.strip() for name in records[0]] if records else []
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise FileRefused(
            f"row 1 (the header): the column(s) {', '.join(duplicates)} appear "
            "more than once."
        )
    if "" in header:
        position = header.index("") + 1
        raise FileRefused(f"row 1 (the header): column #{position} has no name.")
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line between records
        if len(record) != len(header):
            raise FileRefused(
                f"row {number}: has {len(record)} cells but the header names "
                f"{len(header)} columns (a missing or extra comma?)."
            )
        rows.append(Row(number, dict(zip(header, record, strict=True))))
    return header, rows


def _read_json(text: str) -> list[Row]:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise FileRefused(
            f"The file is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}."
        ) from None
    if not isinstance(data, list):
        raise FileRefused(
            "The JSON file must hold a list of objects, one per record "
            f"(it holds {_json_type(data)})."
        )
    rows = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise FileRefused(
                f"row {number}: is {_json_type(item)}; each row must be an object "
                'such as {"slug": "...", ...}.'
            )
        rows.append(Row(number, item))
    return rows
