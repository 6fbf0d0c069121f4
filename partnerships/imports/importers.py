"""One importer per record type, the caps, and running an import."""

import time
from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from partnerships.certainty import Basis, Certainty, Modality
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
    ValueColumn,
    _allowed,
    _text,
    _validated,
)
from partnerships.imports.commitments import CommitmentImporter
from partnerships.imports.files import (
    _count_rows,
    format_from_filename,
    read_rows,
)
from partnerships.imports.report import (
    CHANGE_REASON_LENGTH,
    CHANGED,
    CREATED,
    FORMATS,
    MAX_FILE_BYTES,
    REJECTED,
    UNCHANGED,
    FieldChange,
    FileRefused,
    ImportReport,
    Row,
    RowError,
    RowRejected,
    RowResult,
)
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
from partnerships.qualified import Qualifier


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


def _text_or_blank(value: Any) -> str:
    try:
        return _text(value, "slug")
    except CellError:
        return ""


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
            errors.extend(self._model_errors(instance, unread, given=set(row.values)))
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
        if errors := self._model_errors(instance, given=set(row.values)):
            raise RowRejected(errors)
        self._save(instance)
        if not existing and citation is not None:
            self._save_citation(citation, instance)
        for column, value in values.items():
            column.save(instance, value, self.stamp)
        self.save_side(instance, citation, side)
        if not existing:
            result.shown = self.readers_see(instance)

    def readers_see(self, instance: models.Model) -> list[list[str]]:
        """A new record as readers will see it once published: [label, text]
        pairs, from the site's display functions, hedges and precision kept.
        Read inside the import's transaction, so parts and reports count."""
        return []

    def _model_errors(
        self,
        instance: models.Model,
        unread: set[str] = frozenset(),
        *,
        given: set[str] = frozenset(),
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
            errors = self._row_errors(error, given)
            return [e for e in errors if e.column not in unread]
        return []

    def _row_errors(
        self, error: ValidationError, given: set[str] = frozenset()
    ) -> list[RowError]:
        # A field is named by the row's own column for it ("value" or
        # "value_amount", whichever the file gives), else by the first one.
        by_field: dict[str, str] = {}
        for column in sorted(self.columns, key=lambda column: column.name not in given):
            for field_name in column.fields:
                by_field.setdefault(field_name, column.name)
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

    def readers_see(self, company: Company) -> list[list[str]]:
        return _filled(
            ("Name", company.name),
            ("Other names", ", ".join(a.name for a in company.aliases.all())),
            ("Part of", company.parent.name if company.parent else ""),
            ("Kinds", ", ".join(kind.name for kind in company.kinds.all())),
            ("Website", company.website),
        )


def _filled(*pairs: tuple[str, str]) -> list[list[str]]:
    return [[label, text] for label, text in pairs if text]


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

    def readers_see(self, agreement: Agreement) -> list[list[str]]:
        """Each term as the agreement's page words it: its phrase with the
        certainty the row gives it ("about USD 5 billion (announced)"), or
        "certainty not recorded" when the row gives none."""
        parties = agreement.parties.select_related("company")
        return _filled(
            ("Title", agreement.title),
            ("Kind", agreement.get_kind_display()),
            ("Parties", ", ".join(str(party) for party in parties)),
            *(
                (Term(term).label, agreement.term_shown(term))
                for term, _ in agreement.reported_terms()
                if term != Term.COMMITMENT
            ),
        )

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
        ValueColumn(),
        TextColumn("value_as_reported", "the phrase as reported, “380億美元”"),
        TextColumn(
            "value_as_reported_en",
            "the editors' translation, hedges kept: “may exceed USD 100 billion”",
        ),
        PUBLICATION,
        *CITATION_COLUMNS,
        *side_columns,
        alternatives=(("value", ValueColumn.FIELDS),),
    )


class StatementImporter(RecordImporter):
    model = Statement
    max_rows = 2_500
    citation_model = StatementCitation
    columns = ColumnSet(
        TextColumn("slug", "the statement's slug", required=True),
        TextColumn("headline", "a short English headline by the editors"),
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

    def readers_see(self, statement: Statement) -> list[list[str]]:
        return _filled(
            ("Headline", statement.headline),
            ("Speaker", statement.speaker.name),
            (statement.get_form_display(), statement.text),
            ("In English", statement.text_en),
            ("Said", statement.said.display if statement.said else ""),
            ("Source", statement.source.title),
        )


IMPORTERS: dict[str, type[RecordImporter]] = {
    "agreements": AgreementImporter,
    "commitments": CommitmentImporter,
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
