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

from partnerships.imports.columns import (
    CITATION_COLUMNS,
    AliasesColumn,
    AmountColumn,
    BooleanColumn,
    CellError,
    ChoiceColumn,
    Column,
    ColumnSet,
    CurrencyColumn,
    DateColumn,
    PartiesColumn,
    RowContext,
    SlugColumn,
    SlugListColumn,
    TextColumn,
    _allowed,
    _items,
    _json_type,
    _text,
    _validated,
    parse_precise_date,
)
from partnerships.imports.files import (
    _count_rows,
    _decode,
    _not_utf8,
    _read_csv,
    _read_json,
    format_from_filename,
    read_rows,
)
from partnerships.imports.importers import (
    IMPORTERS,
    PUBLICATION,
    RECORD_TYPES,
    AgreementImporter,
    CompanyImporter,
    RecordImporter,
    StatementImporter,
    ThrottledProgress,
    _text_or_blank,
    columns_help,
    records_import,
    rows_problem,
    size_problem,
)
from partnerships.imports.report import (
    CHANGE_REASON_LENGTH,
    CHANGED,
    CREATED,
    FORMATS,
    MAX_FILE_BYTES,
    MAX_PROBLEMS,
    OUTCOMES,
    REJECTED,
    UNCHANGED,
    FieldChange,
    FileRefused,
    ImportReport,
    Row,
    RowError,
    RowRejected,
    RowResult,
    _quoted,
)

__all__ = [
    "CREATED",
    "CHANGED",
    "UNCHANGED",
    "REJECTED",
    "OUTCOMES",
    "FORMATS",
    "CHANGE_REASON_LENGTH",
    "MAX_PROBLEMS",
    "MAX_FILE_BYTES",
    "FieldChange",
    "RowError",
    "RowResult",
    "ImportReport",
    "_quoted",
    "FileRefused",
    "Row",
    "RowRejected",
    "_json_type",
    "CellError",
    "_text",
    "_items",
    "_allowed",
    "parse_precise_date",
    "Column",
    "TextColumn",
    "ChoiceColumn",
    "BooleanColumn",
    "DateColumn",
    "AmountColumn",
    "CurrencyColumn",
    "SlugColumn",
    "SlugListColumn",
    "PartiesColumn",
    "AliasesColumn",
    "_validated",
    "CITATION_COLUMNS",
    "ColumnSet",
    "RowContext",
    "format_from_filename",
    "_count_rows",
    "_decode",
    "_not_utf8",
    "read_rows",
    "_read_csv",
    "_read_json",
    "size_problem",
    "rows_problem",
    "_text_or_blank",
    "RecordImporter",
    "PUBLICATION",
    "CompanyImporter",
    "AgreementImporter",
    "StatementImporter",
    "IMPORTERS",
    "RECORD_TYPES",
    "columns_help",
    "records_import",
    "ThrottledProgress",
]

# The module's documentation lists every column (pydoc, the admin, --help).
__doc__ += "\nColumns\n-------\n" + columns_help() + "\n"
