"""Commitments from a file: what each agreement commits ("up to 10 GW").

A commitment belongs to an agreement and is known by its agreement, kind and
resource (the database's `commitment_unique`), not by a slug: a row whose three
match a stored commitment changes it, any other row adds one. A commitment has
no citation or publication status of its own: it is shown with its agreement.

A published agreement shows each commitment with how sure its source is (a
report of the term, made in the admin). An import cannot say that, so a row
that would add a commitment to a published agreement is refused, naming the
agreement column; changing a commitment already reported is allowed, as in the
admin.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

from partnerships.certainty import display as certainty_display
from partnerships.imports.columns import (
    AmountColumn,
    CellError,
    ChoiceColumn,
    ColumnSet,
    DateColumn,
    RowContext,
    SlugColumn,
    TextColumn,
    _allowed,
)
from partnerships.imports.report import (
    CHANGE_REASON_LENGTH,
    CHANGED,
    CREATED,
    REJECTED,
    UNCHANGED,
    FieldChange,
    Row,
    RowError,
    RowRejected,
    RowResult,
)
from partnerships.models import Agreement, Commitment, CommitmentKind, Term
from partnerships.qualified import Qualifier

# The columns naming which commitment a row is about.
KEY = ("agreement", "kind", "resource")


class CommitmentImporter:
    """Imports commitments row by row; the interface of RecordImporter."""

    model = Commitment
    # Commitments are edited on their agreement's page: the report links there.
    listed_in = Agreement
    # A commitment row is a handful of cells: well under the time the caps of
    # the other types allow (README, "Imports").
    max_rows = 2_500
    columns = ColumnSet(
        SlugColumn(
            "agreement",
            Agreement,
            "the agreement's slug, e.g. openai-nvidia-10gw-partnership",
            required=True,
        ),
        ChoiceColumn("kind", CommitmentKind, required=True),
        TextColumn("resource", "what is committed: “NVIDIA GPUs”", required=True),
        AmountColumn("quantity", "a number without separators, e.g. 10 or 400000"),
        ChoiceColumn(
            "quantity_qualifier",
            Qualifier,
            f"the quantity's hedge, needed with a quantity: {_allowed(Qualifier)}",
        ),
        TextColumn("unit", "GPUs, GW"),
        TextColumn("as_reported", "the phrase as reported, “最多10吉瓦”"),
        TextColumn(
            "as_reported_en", "the editors' translation, hedges kept: “up to 10 GW”"
        ),
        TextColumn("note"),
        TextColumn("milestone", "a dated step, “first systems online”; with its date"),
        DateColumn("milestone_date", prefix="milestone"),
    )

    def __init__(self, filename: str, user=None) -> None:
        self.reason = f"import {filename}"[:CHANGE_REASON_LENGTH]
        self.user = user

    @classmethod
    def permissions(cls) -> list[str]:
        return ["partnerships.add_commitment", "partnerships.change_commitment"]

    def stamp(self, instance: models.Model) -> models.Model:
        instance._change_reason = self.reason
        if self.user is not None:
            instance._history_user = self.user
        return instance

    def import_row(self, row: Row, context: RowContext) -> RowResult:
        result = RowResult(row.number, _named(row))
        context.current_row = row.number
        try:
            with transaction.atomic():
                self._import_row(row, context, result)
        except RowRejected as rejected:
            result.outcome, result.changes, result.shown = REJECTED, [], []
            result.errors = rejected.errors
        return result

    def _import_row(self, row: Row, context: RowContext, result: RowResult) -> None:
        errors, values = [], {}
        for name, raw in row.values.items():
            column = self.columns.columns[name]
            try:
                values[column] = column.parse(raw, context)
            except CellError as error:
                errors.append(RowError(name, str(error)))
        given = {column.name: value for column, value in values.items()}
        for name in KEY:
            if name in given and not given[name] and not _has(errors, name):
                errors.append(RowError(name, "every row needs one"))
        if errors:
            raise RowRejected(errors)
        agreement, kind, resource = (given[name] for name in KEY)
        key = f"{agreement.slug}|{kind}|{resource}"
        first = context.first_row.setdefault(key, row.number)
        if first != row.number:
            raise RowRejected(
                [RowError("resource", f"the same commitment as row {first}")]
            )
        instance = Commitment.objects.filter(
            agreement=agreement, kind=kind, resource=resource
        ).first()
        existing = instance is not None
        if not existing:
            if agreement.is_published:
                raise RowRejected([_published_problem(agreement)])
            instance = Commitment(agreement=agreement, kind=kind, resource=resource)
        changes = []
        for column, value in values.items():
            if column.name in KEY:
                continue
            old = column.current(instance) if existing else ""
            new = column.shown(value)
            if old != new:
                changes.append(FieldChange(column.name, old, new))
            column.apply(instance, value)
        if existing and not changes:
            result.outcome = UNCHANGED
            return
        if problems := self._model_errors(instance):
            raise RowRejected(problems)
        result.outcome, result.changes = (
            (CHANGED, changes) if existing else (CREATED, [])
        )
        self.stamp(instance).save()
        if not existing:
            result.shown = self.readers_see(instance)

    def _model_errors(self, instance: Commitment) -> list[RowError]:
        by_field = {
            field_name: column.name
            for column in self.columns
            for field_name in column.fields
        }
        try:
            instance.full_clean()
        except ValidationError as error:
            return [
                RowError(
                    None if name == NON_FIELD_ERRORS else by_field.get(name, name),
                    message,
                )
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        return []

    def readers_see(self, commitment: Commitment) -> list[list[str]]:
        """As the agreement's page shows it: "up to 10 GW" and how sure it is."""
        agreement = commitment.agreement
        certainty = agreement.certainty(Term.COMMITMENT, commitment.pk)
        pairs = [
            ["Agreement", agreement.title],
            ["Commitment", certainty_display(commitment.described, certainty)],
        ]
        if commitment.milestone:
            pairs.append(
                [
                    "Milestone",
                    f"{commitment.milestone}, {commitment.milestone_date.display}",
                ]
            )
        return pairs


def _named(row: Row) -> str:
    """How the report names a row: "agreement-slug: kind, resource"."""
    parts = [str(row.values.get(name) or "").strip() for name in KEY]
    if not any(parts):
        return "(no commitment named)"
    return f"{parts[0]}: {parts[1]}, {parts[2]}"


def _has(errors: list[RowError], column: str) -> bool:
    return any(error.column == column for error in errors)


def _published_problem(agreement: Agreement) -> RowError:
    return RowError(
        "agreement",
        f"“{agreement.slug}” is published, and readers see each commitment with "
        "how sure its source is, which a file cannot say: add this commitment in "
        "the admin with its report, or import it while the agreement is a draft",
    )
