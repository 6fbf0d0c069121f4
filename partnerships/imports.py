"""Import agreements, companies and statements from CSV or JSON files.

Editors prepare records in a spreadsheet and import them from the admin or with
`manage.py import_records`. An import is checked row by row with each model's
`full_clean()`, so a file follows exactly the rules the admin follows, and:

- a dry run comes first: it reports, row by row, what would be created, changed
  (field by field, old → new), left unchanged or rejected (naming the row, the
  column and the reason), and writes nothing;
- the real run is all or nothing: if any row is rejected nothing is written;
- re-importing the same file changes nothing (every row is reported unchanged);
- every write goes through a model save, so the history records it, with the
  reason "import <file name>" and the editor who ran the import.

Files
-----
CSV: UTF-8, with or without a byte-order mark, comma-separated, one header row
naming the columns. Rows are numbered as a spreadsheet shows them: the header is
row 1, the first record row 2.
JSON: UTF-8, a list of objects whose keys are the column names; row N is the Nth
object of the list. Lists may be given as JSON lists or as "a|b" text.

Every column of a type is listed below; a column marked * is required. A column
the file leaves out leaves that field of an existing record as it is. An empty
cell clears the field (a field with a default, such as publication_status, goes
back to its default). Lists ("a|b") replace the record's whole list.

Dates are written at the precision known: "2030" (the year), "2026-03" (the
month) or "2025-11-03" (the day).

A record can only be published with a citation: a published row needs either a
citation already in the database or the citation_source and citation_excerpt
columns, which add (or correct the excerpt of) the citation of that source at
citation_locator.

An agreement's terms also say how sure they are (partnerships.certainty): the
basis and modality columns make the row's citation the current report of every
term the row states (value_basis and value_modality for the value alone). Files
from before these columns (the documented default): no report is written, so
draft rows import as they did, and a published row is refused until its file
says how sure its terms are.

Rows are imported in the order of the file, so a row may refer to a record
created by an earlier row (a parent company, the statement answered) but not to
a later one.

How much one file may hold
--------------------------
A file is refused up front, before its rows are read, when it is larger than
MAX_FILE_BYTES or holds more rows than its record type's `max_rows`: every row
of an import runs in one transaction, so the caps bound how long an import
holds it (and the task worker's queue), and how much memory it takes. The rows
are counted only up to the cap. The numbers come from measurements, in the
README ("Imports").
"""

import codecs
import csv
import datetime
import difflib
import hashlib
import io
import json
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction

from partnerships.certainty import Basis, Certainty, Modality
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Company,
    CompanyAlias,
    CompanyCitation,
    CompanyKind,
    Exclusivity,
    PartyRole,
    Person,
    PublicationStatus,
    Source,
    Statement,
    StatementCitation,
    StatementForm,
    Term,
    TermReport,
    Topic,
)
from partnerships.qualified import DatePrecision, PreciseDate, Qualifier

CREATED, CHANGED, UNCHANGED, REJECTED = "created", "changed", "unchanged", "rejected"
OUTCOMES = (CREATED, CHANGED, UNCHANGED, REJECTED)
FORMATS = ("csv", "json")
# history_change_reason is a 100-character column.
CHANGE_REASON_LENGTH = 100
# A refused file lists at most this many problems.
MAX_PROBLEMS = 20
# The largest file an import takes, whatever it holds (see "How much one file
# may hold" above); each record type caps its rows in `RecordImporter.max_rows`.
MAX_FILE_BYTES = 5 * 1024 * 1024


# -- the report ---------------------------------------------------------------------


@dataclass
class FieldChange:
    column: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.column}: {_quoted(self.old)} → {_quoted(self.new)}"


@dataclass
class RowError:
    column: str | None
    message: str

    def __str__(self) -> str:
        return f"column {self.column}: {self.message}" if self.column else self.message


@dataclass
class RowResult:
    number: int
    slug: str
    outcome: str = UNCHANGED
    changes: list[FieldChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def details(self) -> list[str]:
        """What the report shows under the row: its changes or its errors."""
        return [f"row {self.number}, {error}" for error in self.errors] or [
            str(change) for change in self.changes
        ]


@dataclass
class ImportReport:
    """What an import did, or would do, row by row."""

    record_type: str
    filename: str
    committed: bool = False
    refused: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    # Set when a confirmed import no longer matches the preview the editor saw.
    stale: bool = False

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(OUTCOMES, 0)
        for row in self.rows:
            counts[row.outcome] += 1
        return counts

    @property
    def ok(self) -> bool:
        """The file can be applied: not refused, no row rejected."""
        return not self.refused and not self.counts[REJECTED]

    @property
    def has_changes(self) -> bool:
        return bool(self.counts[CREATED] or self.counts[CHANGED])

    @property
    def summary(self) -> str:
        if self.refused:
            return "The file was refused: nothing was written."
        counts = ", ".join(f"{n} {outcome}" for outcome, n in self.counts.items())
        return f"{len(self.rows)} rows: {counts}."

    @property
    def fingerprint(self) -> str:
        """Identifies what the import does, to tell whether a preview still holds."""
        digest = hashlib.sha256()
        for row in self.rows:
            parts = [row.number, row.slug, row.outcome, *map(str, row.changes)]
            digest.update(json.dumps(parts, ensure_ascii=False).encode())
        return digest.hexdigest()

    def as_json(self) -> dict:
        """The report as JSON, for an import run by the task worker."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "ImportReport":
        rows = [
            RowResult(
                **{
                    **row,
                    "changes": [FieldChange(**change) for change in row["changes"]],
                    "errors": [RowError(**error) for error in row["errors"]],
                }
            )
            for row in data["rows"]
        ]
        return cls(**{**data, "rows": rows})

    def lines(self) -> list[str]:
        """The report as text, one line per row and one per change or error."""
        if self.refused:
            return [f"{self.filename}: {problem}" for problem in self.refused]
        width = max((len(row.slug) for row in self.rows), default=0)
        lines = []
        for row in self.rows:
            lines.append(f"row {row.number:<4} {row.slug:<{width}}  {row.outcome}")
            lines.extend(f"    {detail}" for detail in row.details)
        return lines


def _quoted(value: str) -> str:
    return f"“{value}”" if value else "(empty)"


# -- reading files ----------------------------------------------------------------


class FileRefused(Exception):
    """The file cannot be read as rows: each problem names the row and column."""

    def __init__(self, *problems: str) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass
class Row:
    number: int
    values: dict[str, Any]


def format_from_filename(filename: str) -> str | None:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return suffix if suffix in FORMATS else None


def size_problem(size: int) -> str | None:
    """Why a file of `size` bytes is too large to import, or None."""
    if size <= MAX_FILE_BYTES:
        return None
    return (
        f"The file is larger than {MAX_FILE_BYTES // 2**20} MB (it has {size:,} "
        f"bytes): an import takes at most {MAX_FILE_BYTES // 2**20} MB. Split it "
        "into smaller files."
    )


def rows_problem(content: bytes, fmt: str, record_type: str) -> str | None:
    """Why a file holds too many rows to import, or None.

    The rows are counted only up to the cap, so a file far over it is refused
    without reading it all. A file that cannot be read as rows is left to
    `read_rows`, which says why.
    """
    cap = IMPORTERS[record_type].max_rows
    if _count_rows(content, fmt, stop_after=cap) <= cap:
        return None
    return (
        f"The file has more than {cap:,} rows: an import of {record_type} takes "
        f"at most {cap:,} rows. Split it into smaller files."
    )


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


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true or false"}
    return names.get(type(value), "a number" if value is not None else "null")


# -- columns: parsing a cell, showing a value ----------------------------------------


class CellError(Exception):
    """A cell's value cannot be used; the message says why and what would do."""


def _text(value: Any, column: str) -> str:
    """A cell as text: JSON numbers and booleans become their CSV spelling."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | str):
        return str(value).strip()
    raise CellError(f"expected text, a number or true/false, not {_json_type(value)}")


def _items(value: Any) -> list[str]:
    """A list cell: a JSON list of texts, or "a|b" text."""
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            raise CellError("expected a list of texts")
        items = [item.strip() for item in value]
    else:
        text = _text(value, "")
        items = [item.strip() for item in text.split("|")] if text else []
    if "" in items:
        raise CellError("has an empty item (two “|” in a row?)")
    duplicates = sorted({item for item in items if items.count(item) > 1})
    if duplicates:
        raise CellError(f"lists {', '.join(duplicates)} more than once")
    return items


def _allowed(choices: type[models.TextChoices]) -> str:
    return ", ".join(choices.values)


_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_precise_date(text: str) -> PreciseDate | None:
    """ "2030" → 2030 (year), "2026-03" → March 2026, "2025-11-03" → that day."""
    if not text:
        return None
    match = _DATE.fullmatch(text)
    if not match:
        raise CellError(
            f"“{text}” is not a date: write the year (2030), the month (2026-03) "
            "or the day (2025-11-03)"
        )
    year, month, day = match.groups()
    precision = (
        DatePrecision.DAY
        if day
        else DatePrecision.MONTH
        if month
        else DatePrecision.YEAR
    )
    try:
        value = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as error:
        raise CellError(f"“{text}” is not a valid date ({error})") from None
    return PreciseDate(value, precision)


class Column:
    """One column of an import file and the model field(s) it fills."""

    def __init__(self, name: str, help: str = "", *, required: bool = False) -> None:
        self.name, self.help, self.required = name, help, required
        # Model fields whose validation errors belong to this column.
        self.fields: tuple[str, ...] = (name,)

    def parse(self, value: Any, context: "RowContext") -> Any:
        return _text(value, self.name)

    def current(self, instance: models.Model) -> str:
        """The record's value as the report shows it."""
        return self.shown(getattr(instance, self.name))

    def shown(self, value: Any) -> str:
        return "" if value is None else str(value)

    def apply(self, instance: models.Model, value: Any) -> None:
        setattr(instance, self.name, value)

    def save(self, instance: models.Model, value: Any, stamp: Callable) -> None:
        """Write what lives outside the record itself (lists, related rows)."""


class TextColumn(Column):
    pass


class ChoiceColumn(Column):
    def __init__(self, name: str, choices, help: str = "", **kwargs) -> None:
        self.choices = choices
        super().__init__(name, help or f"one of: {_allowed(choices)}", **kwargs)

    def parse(self, value: Any, context: "RowContext") -> str:
        text = _text(value, self.name)
        if not text:
            return context.default(self.name)
        if text not in self.choices.values:
            raise CellError(f"“{text}” is not one of: {_allowed(self.choices)}")
        return text


class BooleanColumn(Column):
    TRUE, FALSE = ("true", "yes", "1"), ("false", "no", "0")

    def parse(self, value: Any, context: "RowContext") -> bool | None:
        text = _text(value, self.name).lower()
        if not text:
            return context.default(self.name)
        if text in self.TRUE + self.FALSE:
            return text in self.TRUE
        raise CellError(f"“{text}” is not one of: true, false (or yes, no, 1, 0)")

    def shown(self, value: Any) -> str:
        return "" if value is None else ("true" if value else "false")


class DateColumn(Column):
    """A date with its precision, stored in `<name>_on` and `<name>_precision`."""

    def __init__(self, name: str, help: str = "", **kwargs) -> None:
        super().__init__(name, help or "2030, 2026-03 or 2025-11-03", **kwargs)
        self.fields = (f"{name}_on", f"{name}_precision")

    def parse(self, value: Any, context: "RowContext") -> PreciseDate | None:
        return parse_precise_date(_text(value, self.name))

    def current(self, instance: models.Model) -> str:
        return self.shown(getattr(instance, self.name))

    def shown(self, value: PreciseDate | None) -> str:
        return value.iso if value else ""

    def apply(self, instance: models.Model, value: PreciseDate | None) -> None:
        setattr(instance, f"{self.name}_on", value.value if value else None)
        setattr(instance, f"{self.name}_precision", value.precision if value else "")


class AmountColumn(Column):
    def parse(self, value: Any, context: "RowContext") -> Decimal | None:
        text = _text(value, self.name)
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            raise CellError(
                f"“{text}” is not a number: write digits with a decimal point, "
                "without separators or currency, e.g. 38000000000"
            )
        return amount

    def shown(self, value: Decimal | None) -> str:
        return "" if value is None else f"{value.normalize():f}"


class CurrencyColumn(Column):
    def parse(self, value: Any, context: "RowContext") -> str:
        return _text(value, self.name).upper()


class SlugColumn(Column):
    """A reference to another record by its slug."""

    def __init__(self, name: str, model: type[models.Model], help: str = "", **kw):
        self.model = model
        label = model._meta.verbose_name
        super().__init__(name, help or f"the {label}'s slug", **kw)

    def parse(self, value: Any, context: "RowContext") -> models.Model | None:
        slug = _text(value, self.name)
        if not slug:
            return None
        found = self.model._default_manager.filter(slug=slug).first()
        if found is None:
            raise CellError(context.unknown(self.model, slug))
        return found

    def current(self, instance: models.Model) -> str:
        return self.shown(getattr(instance, self.name))

    def shown(self, value: models.Model | None) -> str:
        return value.slug if value is not None else ""


class SlugListColumn(Column):
    """A many-to-many list of records named by slug: "openai|anthropic"."""

    def __init__(self, name: str, model: type[models.Model], help: str = "", **kw):
        self.model = model
        plural = model._meta.verbose_name_plural
        super().__init__(name, help or f"{plural} by slug, “a|b”", **kw)

    def parse(self, value: Any, context: "RowContext") -> list[models.Model]:
        slugs = _items(value)
        found = {o.slug: o for o in self.model._default_manager.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise CellError(
                "; ".join(context.unknown(self.model, slug) for slug in unknown)
            )
        return [found[slug] for slug in slugs]

    def current(self, instance: models.Model) -> str:
        if instance.pk is None:
            return ""
        return self.shown(list(getattr(instance, self.name).all()))

    def shown(self, value: list[models.Model]) -> str:
        return "|".join(sorted(item.slug for item in value))

    def apply(self, instance: models.Model, value: Any) -> None:
        """Many-to-many values are written once the record is saved."""

    def save(self, instance: models.Model, value: Any, stamp: Callable) -> None:
        related = getattr(instance, self.name)
        if self.shown(list(related.all())) != self.shown(value):
            stamp(instance)
            related.set(value)


class PartiesColumn(Column):
    """An agreement's parties: "openai:customer|amazon-web-services:provider"."""

    def __init__(self) -> None:
        super().__init__(
            "parties",
            f"company-slug:role pairs, “a:customer|b:provider”; roles: "
            f"{_allowed(PartyRole)}",
        )

    def parse(self, value: Any, context: "RowContext") -> list[tuple[Company, str]]:
        parties, problems = [], []
        for item in _items(value):
            slug, sep, role = (part.strip() for part in item.partition(":"))
            if not sep or not slug or not role:
                problems.append(f"“{item}” is not company-slug:role")
            elif role not in PartyRole.values:
                problems.append(
                    f"“{role}” in “{item}” is not a role: {_allowed(PartyRole)}"
                )
            elif (company := Company.objects.filter(slug=slug).first()) is None:
                problems.append(context.unknown(Company, slug))
            else:
                parties.append((company, role))
        if problems:
            raise CellError("; ".join(problems))
        return parties

    def current(self, instance: Agreement) -> str:
        if instance.pk is None:
            return ""
        parties = instance.parties.select_related("company")
        return self.shown([(party.company, party.role) for party in parties])

    def shown(self, value: list[tuple[Company, str]]) -> str:
        return "|".join(sorted(f"{company.slug}:{role}" for company, role in value))

    def apply(self, instance: models.Model, value: Any) -> None:
        """Parties are written once the agreement is saved."""

    def save(self, instance: Agreement, value: Any, stamp: Callable) -> None:
        wanted = {(company.pk, role): company for company, role in value}
        for party in instance.parties.all():
            if (party.company_id, party.role) in wanted:
                del wanted[(party.company_id, party.role)]
            else:
                stamp(party).delete()
        for (_, role), company in wanted.items():
            party = AgreementParty(agreement=instance, company=company, role=role)
            _validated(party, self.name)
            stamp(party).save()


class AliasesColumn(Column):
    """A company's other names: "AWS|亞馬遜". New aliases have no language."""

    def __init__(self) -> None:
        super().__init__("aliases", "other names, “AWS|亞馬遜”")

    def parse(self, value: Any, context: "RowContext") -> list[str]:
        return _items(value)

    def current(self, instance: Company) -> str:
        if instance.pk is None:
            return ""
        return self.shown([alias.name for alias in instance.aliases.all()])

    def shown(self, value: list[str]) -> str:
        return "|".join(sorted(value))

    def apply(self, instance: models.Model, value: Any) -> None:
        """Aliases are written once the company is saved."""

    def save(self, instance: Company, value: list[str], stamp: Callable) -> None:
        wanted = list(value)
        for alias in instance.aliases.all():
            if alias.name in wanted:
                wanted.remove(alias.name)
            else:
                stamp(alias).delete()
        for name in wanted:
            alias = CompanyAlias(company=instance, name=name)
            _validated(alias, self.name)
            stamp(alias).save()


def _validated(instance: models.Model, column: str) -> None:
    """full_clean() a related row, its errors reported against `column`."""
    try:
        instance.full_clean()
    except ValidationError as error:
        messages = [m for ms in error.message_dict.values() for m in ms]
        raise RowRejected([RowError(column, " ".join(messages))]) from None


# -- one record type ---------------------------------------------------------------


CITATION_COLUMNS = (
    TextColumn("citation_source", "slug of the source supporting the record"),
    TextColumn("citation_excerpt", "the words of the source that support it"),
    TextColumn("citation_locator", "where in the source: “paragraph 2”, “00:12:30”"),
)


class ColumnSet:
    def __init__(self, *columns: Column) -> None:
        self.columns = {column.name: column for column in columns}

    def __iter__(self):
        return iter(self.columns.values())

    @property
    def required(self) -> list[str]:
        return [column.name for column in self if column.required]

    def problems(self, names: list[str], where: str) -> list[str]:
        """Columns missing from, or unknown to, a header (or a JSON object)."""
        problems = []
        missing = [name for name in self.required if name not in names]
        if missing:
            problems.append(
                f"{where}: missing required column(s): {', '.join(missing)}."
            )
        for name in names:
            if name not in self.columns:
                near = difflib.get_close_matches(name, self.columns, n=1)
                hint = f" (did you mean {near[0]}?)" if near else ""
                problems.append(
                    f"{where}: unknown column “{name}”{hint}; the columns are: "
                    f"{', '.join(self.columns)}."
                )
        return problems


class RowRejected(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(map(str, errors)))
        self.errors = errors


class RowContext:
    """What rows of one file share: the slugs seen, the defaults, who imports."""

    def __init__(self, importer: "RecordImporter", rows: list[Row]) -> None:
        self.importer = importer
        self.first_row: dict[str, int] = {}
        self.later_slugs: dict[str, int] = {}
        for row in reversed(rows):
            slug = row.values.get("slug")
            if isinstance(slug, str) and slug.strip():
                self.later_slugs[slug.strip()] = row.number
        self.current_row = 0

    def default(self, name: str) -> Any:
        """An empty cell's value: the field's default, or "" for a column that
        fills no field (basis, modality)."""
        try:
            field = self.importer.model._meta.get_field(name)
        except FieldDoesNotExist:
            return ""
        return field.get_default()

    def unknown(self, model: type[models.Model], slug: str) -> str:
        label = model._meta.verbose_name
        message = f"no {label} has the slug “{slug}”"
        later = self.later_slugs.get(slug)
        if model is self.importer.model and later and later > self.current_row:
            message += f" yet: it is created by row {later}, below; put that row first"
        return message


class RecordImporter:
    model: type[models.Model]
    citation_model: type[models.Model]
    columns: ColumnSet
    # The most rows one file may hold: under about four minutes for each run
    # (dry, then real) on the measured machine (README, "Imports").
    max_rows: int

    def __init__(self, filename: str, user=None) -> None:
        self.reason = f"import {filename}"[:CHANGE_REASON_LENGTH]
        self.user = user

    @classmethod
    def permissions(cls) -> list[str]:
        """What an editor needs to import this type: write every model it touches."""
        names = []
        for model in (cls.model, cls.citation_model, *cls.part_models):
            opts = model._meta
            actions = ("add", "change", "delete") if model in cls.part_models else ()
            for action in actions or ("add", "change"):
                names.append(f"{opts.app_label}.{action}_{opts.model_name}")
        return names

    part_models: tuple[type[models.Model], ...] = ()

    def stamp(self, instance: models.Model) -> models.Model:
        """Mark a write for the history: why, and who."""
        instance._change_reason = self.reason
        if self.user is not None:
            instance._history_user = self.user
        return instance

    def import_row(self, row: Row, context: RowContext) -> RowResult:
        slug = _text_or_blank(row.values.get("slug"))
        result = RowResult(row.number, slug or "(no slug)")
        context.current_row = row.number
        try:
            # A savepoint per row: a rejected row leaves nothing behind, so later
            # rows are checked against exactly what would be written.
            with transaction.atomic():
                self._import_row(row, slug, context, result)
        except RowRejected as rejected:
            result.outcome, result.changes = REJECTED, []
            result.errors = rejected.errors
        return result

    def _import_row(
        self, row: Row, slug: str, context: RowContext, result: RowResult
    ) -> None:
        if not slug:
            raise RowRejected([RowError("slug", "every row needs a slug")])
        first = context.first_row.setdefault(slug, row.number)
        if first != row.number:
            raise RowRejected(
                [RowError("slug", f"“{slug}” is already used by row {first}")]
            )
        instance = self.model._default_manager.filter(slug=slug).first()
        existing = instance is not None
        if not existing:
            instance = self.model(slug=slug)
        errors, values = [], {}
        for name, raw in row.values.items():
            column = self.columns.columns[name]
            if name == "slug" or column in CITATION_COLUMNS + self.side_columns:
                continue
            try:
                values[column] = column.parse(raw, context)
            except CellError as error:
                errors.append(RowError(name, str(error)))
        citation, citation_errors = self._citation(row, instance, context)
        errors.extend(citation_errors)
        side = {}
        for column in self.side_columns:
            try:
                side[column.name] = column.parse(row.values.get(column.name), context)
            except CellError as error:
                errors.append(RowError(column.name, str(error)))

        changes = []
        for column, value in values.items():
            old = column.current(instance) if existing else ""
            new = column.shown(value)
            if old != new:
                changes.append(FieldChange(column.name, old, new))
            column.apply(instance, value)
        if citation is not None and (change := self._citation_change(citation)):
            changes.append(change)
        if not errors:
            changes.extend(self.side_changes(instance, citation, side))
        if errors:
            # Report every problem of the row at once: the model's rules too,
            # leaving out the fields whose cells could not be read.
            unread = {error.column for error in errors}
            errors.extend(self._model_errors(instance, unread))
            raise RowRejected(errors)
        if problem := self._publication_problem(instance, citation, side):
            raise RowRejected([problem])

        if existing and not changes:
            result.outcome = UNCHANGED
            return
        result.outcome, result.changes = (
            (CHANGED, changes) if existing else (CREATED, [])
        )
        if existing and citation is not None:
            # Publishing checks the citations in the database: write it first.
            self._save_citation(citation, instance)
        if errors := self._model_errors(instance):
            raise RowRejected(errors)
        self._save(instance)
        if not existing and citation is not None:
            self._save_citation(citation, instance)
        for column, value in values.items():
            column.save(instance, value, self.stamp)
        self.save_side(instance, citation, side)

    def _model_errors(
        self, instance: models.Model, unread: set[str] = frozenset()
    ) -> list[RowError]:
        """The model's full_clean() errors, each named by its column."""
        skipped = [
            field_name
            for column in self.columns
            if column.name in unread
            for field_name in column.fields
        ]
        # The rules on parts (citations, reports of terms) are checked by
        # `_publication_problem`, against what this row writes too.
        instance.parts_checked_by_form = True
        try:
            instance.full_clean(exclude=skipped)
        except ValidationError as error:
            return [e for e in self._row_errors(error) if e.column not in unread]
        return []

    def _row_errors(self, error: ValidationError) -> list[RowError]:
        by_field = {
            field_name: column.name
            for column in self.columns
            for field_name in column.fields
        }
        errors = []
        for field_name, messages in error.message_dict.items():
            column = None if field_name == NON_FIELD_ERRORS else field_name
            column = by_field.get(field_name, column)
            errors.extend(RowError(column, message) for message in messages)
        return errors

    def _save(self, instance: models.Model) -> None:
        try:
            with transaction.atomic():
                self.stamp(instance).save()
        except IntegrityError as error:
            raise RowRejected(
                [RowError(None, f"the database refused the row: {error}")]
            ) from None

    # -- citations --

    def _citation(
        self, row: Row, instance: models.Model, context: RowContext
    ) -> tuple[models.Model | None, list[RowError]]:
        """The citation a row gives, unsaved, or None when it gives none."""
        values = {}
        errors = []
        for column in CITATION_COLUMNS:
            try:
                values[column.name] = column.parse(row.values.get(column.name), context)
            except CellError as error:
                errors.append(RowError(column.name, str(error)))
        if errors:
            return None, errors
        source_slug = values["citation_source"] or self.default_citation_source(row)
        excerpt, locator = values["citation_excerpt"], values["citation_locator"]
        if not excerpt:
            if values["citation_source"] or locator:
                errors.append(
                    RowError(
                        "citation_excerpt",
                        "give the words of the source that support the record",
                    )
                )
            return None, errors
        if not source_slug:
            return None, [RowError("citation_source", "name the cited source's slug")]
        source = Source.objects.filter(slug=source_slug).first()
        if source is None:
            column = "citation_source" if values["citation_source"] else "source"
            return None, [RowError(column, context.unknown(Source, source_slug))]
        citation = None
        if instance.pk is not None:
            citation = self.citation_model.objects.filter(
                record=instance, source=source, locator=locator
            ).first()
        if citation is None:
            citation = self.citation_model(source=source, locator=locator)
            citation._old_excerpt = None
        else:
            citation._old_excerpt = citation.excerpt
        citation.excerpt = excerpt
        return citation, []

    def default_citation_source(self, row: Row) -> str:
        return ""

    def _citation_change(self, citation: models.Model) -> FieldChange | None:
        where = citation.source.slug + (
            f", {citation.locator}" if citation.locator else ""
        )
        if citation._old_excerpt is None:
            return FieldChange(f"citation ({where})", "", citation.excerpt)
        if citation._old_excerpt != citation.excerpt:
            return FieldChange(
                f"citation ({where})", citation._old_excerpt, citation.excerpt
            )
        return None

    def _save_citation(self, citation: models.Model, instance: models.Model) -> None:
        if citation._old_excerpt == citation.excerpt:
            return
        citation.record = instance
        _validated(citation, "citation_excerpt")
        self.stamp(citation).save()

    # Columns that fill no field of the record (like the citation columns).
    side_columns: tuple[Column, ...] = ()

    def side_changes(self, instance, citation, side: dict) -> list[FieldChange]:
        return []

    def save_side(self, instance, citation, side: dict) -> None:
        """Write what the side columns say, once the record and its citation are."""

    def _publication_problem(
        self, instance: models.Model, citation: models.Model | None, side: dict
    ) -> RowError | None:
        if instance.publication_status != PublicationStatus.PUBLISHED:
            return None
        if citation is not None or (
            instance.pk is not None and instance.citations.exists()
        ):
            return self.unsupported_terms(instance, citation, side)
        return RowError(
            "publication_status",
            "a record can't be published without a citation: fill "
            "citation_source and citation_excerpt, or import the row as a draft "
            "and cite it in the admin",
        )

    def unsupported_terms(self, instance, citation, side: dict) -> RowError | None:
        return None


def _text_or_blank(value: Any) -> str:
    try:
        return _text(value, "slug")
    except CellError:
        return ""


PUBLICATION = ChoiceColumn(
    "publication_status",
    PublicationStatus,
    "draft (the default) or published; published needs a citation",
)


class CompanyImporter(RecordImporter):
    model = Company
    max_rows = 5_000
    citation_model = CompanyCitation
    part_models = (CompanyAlias,)
    columns = ColumnSet(
        TextColumn(
            "slug", "the company's slug, e.g. amazon-web-services", required=True
        ),
        TextColumn("name", required=True),
        SlugColumn("parent", Company, "the owner's slug (amazon for AWS)"),
        SlugListColumn(
            "kinds", CompanyKind, "company kinds by slug, “ai-lab|investor”"
        ),
        AliasesColumn(),
        TextColumn("website"),
        TextColumn("description"),
        PUBLICATION,
        *CITATION_COLUMNS,
    )


class AgreementImporter(RecordImporter):
    """Agreements, and how sure each term is: with `basis` and `modality`, the
    row's citation becomes the current report of every term the row states
    (`value_basis` and `value_modality` for a value reported less surely than
    the rest). A file without them writes no report: draft rows import as
    before, and a published row is refused until they say how sure it is."""

    model = Agreement
    max_rows = 1_000
    citation_model = AgreementCitation
    part_models = (AgreementParty, TermReport)
    side_columns = (
        ChoiceColumn("basis", Basis, f"who asserts the row's terms: {_allowed(Basis)}"),
        ChoiceColumn("modality", Modality, f"how firmly: {_allowed(Modality)}"),
        ChoiceColumn("value_basis", Basis, "the value's basis, if not basis"),
        ChoiceColumn(
            "value_modality", Modality, "the value's modality, if not modality"
        ),
    )

    @staticmethod
    def certainties(instance: Agreement, side: dict) -> dict[str, tuple[str, str]]:
        """The (basis, modality) the row gives each term it states."""
        given = {}
        for term, _ in instance.reported_terms():
            if term == Term.COMMITMENT:
                continue
            prefix = "value_" if term == Term.VALUE else ""
            basis = side.get(f"{prefix}basis") or side.get("basis")
            modality = side.get(f"{prefix}modality") or side.get("modality")
            if basis and modality:
                given[term] = (basis, modality)
        return given

    def side_changes(self, instance, citation, side: dict) -> list[FieldChange]:
        readings = instance.readings if instance.pk else {}
        changes = []
        for term, (basis, modality) in self.certainties(instance, side).items():
            current = readings.get((term, None))
            old = current.certainty.label if current else ""
            new = Certainty(basis, modality).label
            if old != new:
                changes.append(FieldChange(f"certainty of {term}", old, new))
        return changes

    def unsupported_terms(self, instance, citation, side: dict) -> RowError | None:
        given = self.certainties(instance, side) if citation is not None else {}
        readings = instance.readings if instance.pk else {}
        missing = [
            Term(term).label.lower() if commitment is None else str(commitment)
            for term, commitment in instance.reported_terms()
            if term not in given
            and (term, commitment.pk if commitment else None) not in readings
        ]
        if not missing:
            return None
        return RowError(
            "basis",
            f"a published agreement says how sure each term is ({', '.join(missing)}):"
            " fill basis and modality (and a citation), or import the row as a draft",
        )

    def save_side(self, instance: Agreement, citation, side: dict) -> None:
        if citation is None:
            return
        citation = AgreementCitation.objects.get(
            record=instance, source=citation.source, locator=citation.locator
        )
        for term, (basis, modality) in self.certainties(instance, side).items():
            current = instance.term_reports.filter(
                term=term, commitment=None, is_current=True
            ).first()
            says = instance.term_phrase(term)
            if term == Term.VALUE and instance.value_as_reported:
                says = instance.value_as_reported
            if current is not None and (
                current.citation_id,
                current.basis,
                current.modality,
                current.says,
            ) == (citation.pk, basis, modality, says):
                continue
            if current is not None:
                current.is_current = False
                self.stamp(current).save()
            report = TermReport(
                agreement=instance,
                term=term,
                citation=citation,
                says=says,
                basis=basis,
                modality=modality,
            )
            _validated(report, "basis")
            self.stamp(report).save()

    columns = ColumnSet(
        TextColumn("slug", "the agreement's slug", required=True),
        TextColumn("title", required=True),
        ChoiceColumn("kind", AgreementKind, required=True),
        ChoiceColumn("status", AgreementStatus, required=True),
        TextColumn("summary"),
        ChoiceColumn("exclusivity", Exclusivity),
        TextColumn("exclusivity_scope", "what the exclusivity covers"),
        BooleanColumn("right_of_first_refusal", "true, false, or empty if unknown"),
        TextColumn("rights"),
        TextColumn("end_reason"),
        SlugColumn("superseded_by", Agreement, "the replacing agreement's slug"),
        PartiesColumn(),
        DateColumn("announced"),
        DateColumn("effective"),
        DateColumn("expires", "2030 for “through 2030”, 2026-03 or 2025-11-03"),
        DateColumn("ended"),
        AmountColumn("value_amount", "a number without separators, e.g. 38000000000"),
        CurrencyColumn("value_currency", "ISO 4217, e.g. USD"),
        ChoiceColumn("value_qualifier", Qualifier),
        TextColumn("value_as_reported", "the phrase as reported, “380億美元”"),
        PUBLICATION,
        *CITATION_COLUMNS,
        *side_columns,
    )


class StatementImporter(RecordImporter):
    model = Statement
    max_rows = 2_500
    citation_model = StatementCitation
    columns = ColumnSet(
        TextColumn("slug", "the statement's slug", required=True),
        SlugColumn("speaker", Person, "the person's slug", required=True),
        TextColumn("text", "as published, in the source's language", required=True),
        TextColumn("language", "of the text, BCP 47: en, zh-Hant", required=True),
        SlugColumn(
            "source", Source, "where it was said: the source's slug", required=True
        ),
        TextColumn("spoken_language", "the speaker's language, if different"),
        TextColumn("text_en", "the English rendering"),
        BooleanColumn(
            "text_en_is_translation",
            "true (the default) when text_en is the editors' translation",
        ),
        ChoiceColumn("form", StatementForm, "quote (the default) or paraphrase"),
        DateColumn("said"),
        TextColumn("occasion"),
        SlugColumn("in_reply_to", Statement, "the answered statement's slug"),
        SlugListColumn("companies", Company),
        SlugListColumn("agreements", Agreement),
        SlugListColumn("topics", Topic),
        PUBLICATION,
        *CITATION_COLUMNS,
    )

    def default_citation_source(self, row: Row) -> str:
        """A statement is cited, unless told otherwise, from where it was said."""
        return _text_or_blank(row.values.get("source"))


IMPORTERS: dict[str, type[RecordImporter]] = {
    "agreements": AgreementImporter,
    "companies": CompanyImporter,
    "statements": StatementImporter,
}
RECORD_TYPES = tuple(IMPORTERS)


def columns_help(record_type: str | None = None) -> str:
    """The documented columns of each record type (* marks a required column)."""
    lines = []
    for name, importer in IMPORTERS.items():
        if record_type and name != record_type:
            continue
        lines.append(f"{name}:")
        for column in importer.columns:
            mark = "*" if column.required else " "
            lines.append(f"  {mark} {column.name:<24} {column.help}".rstrip())
        if name == "statements":
            lines.append("    (citation_source defaults to the statement's source)")
        lines.append(f"    (at most {importer.max_rows:,} rows in one file)")
    return "\n".join(lines)


# -- the service ------------------------------------------------------------------


def records_import(
    *,
    record_type: str,
    content: bytes,
    filename: str,
    fmt: str | None = None,
    commit: bool = False,
    user=None,
    expected_fingerprint: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a file of records: a dry run unless `commit`, all or nothing.

    The rows are written inside one transaction in both cases, so the report
    is exactly what a real run does; a dry run, a rejected row, or (with
    `expected_fingerprint`) a report that differs from the preview the editor
    confirmed, rolls everything back. A file over the caps is refused before
    its rows are read. `progress(done, total)` is called once the rows are
    read, before the transaction begins, and after each row.
    """
    if record_type not in IMPORTERS:
        raise ValueError(
            f"record_type: “{record_type}” is not one of {', '.join(RECORD_TYPES)}"
        )
    fmt = fmt or format_from_filename(filename)
    if fmt not in FORMATS:
        raise ValueError(
            f"format: cannot tell whether “{filename}” is CSV or JSON; name it "
            ".csv or .json or give the format"
        )
    importer = IMPORTERS[record_type](filename, user)
    report = ImportReport(record_type, filename)
    if problem := size_problem(len(content)) or rows_problem(content, fmt, record_type):
        report.refused = [problem]
        return report
    try:
        rows = read_rows(content, fmt, importer.columns)
    except FileRefused as refused:
        report.refused = refused.problems
        return report
    progress = progress or (lambda done, total: None)
    progress(0, len(rows))
    context = RowContext(importer, rows)
    with transaction.atomic():
        for done, row in enumerate(rows, start=1):
            report.rows.append(importer.import_row(row, context))
            progress(done, len(rows))
        if expected_fingerprint and report.fingerprint != expected_fingerprint:
            report.stale = True
        if commit and report.ok and not report.stale:
            report.committed = True
        else:
            transaction.set_rollback(True)
    return report


class ThrottledProgress:
    """Passes an import's progress on at a bounded rate: when the rows are read,
    then at most once every `every` seconds, and after the last row."""

    def __init__(
        self,
        report: Callable[[int, int], None],
        every: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.report, self.every, self.clock = report, every, clock
        self.last: float | None = None

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.last is not None and done < total and now - self.last < self.every:
            return
        self.last = now
        self.report(done, total)


# The module's documentation lists every column (pydoc, the admin, --help).
__doc__ += "\nColumns\n-------\n" + columns_help() + "\n"
