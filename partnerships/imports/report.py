"""What an import reports, row by row: created, changed, unchanged, rejected."""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

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
    # A new record's values as readers will see them, [label, text] pairs, shown
    # with the site's own display functions ("about USD 5 billion", "2030").
    shown: list[list[str]] = field(default_factory=list)

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


class FileRefused(Exception):
    """The file cannot be read as rows: each problem names the row and column."""

    def __init__(self, *problems: str) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass
class Row:
    number: int
    values: dict[str, Any]


class RowRejected(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(map(str, errors)))
        self.errors = errors
