"""What a merge moves: every relation that points at a company, person or source.

`MOVES` names, for each kind of record, each relation a merge re-points from
the merged record to the surviving one. `tests/test_merges_move_every_relation`
fails when a model gains a relation to one of them that is not listed here or
in `NOT_MOVED`, so that a merge never leaves a relation behind unnoticed.

`plan` works out, before anything is written, the rows each relation would move
and why the merge cannot be made (`problems`): a row the surviving record
already has (an agreement with both companies as the same party; a citation of
the same place in the same source), a record that would own itself. An alias
the surviving company already has is left with the merged one (`kept`).
"""

from dataclasses import dataclass, field

from django.db import models

from partnerships.models import (
    AgreementCitation,
    AgreementParty,
    Company,
    CompanyAlias,
    CompanyCitation,
    Person,
    PersonCitation,
    Source,
    Statement,
    StatementCitation,
)


@dataclass(frozen=True)
class Move:
    """Rows of `model` whose `field` points at the merged record (for a
    many-to-many `field` of `model`: records related to it)."""

    label: str
    model: type[models.Model]
    field: str

    @property
    def many_to_many(self) -> bool:
        return self.model._meta.get_field(self.field).many_to_many


MOVES: dict[type[models.Model], list[Move]] = {
    Company: [
        Move("agreement parties", AgreementParty, "company"),
        Move("aliases", CompanyAlias, "company"),
        Move("citations", CompanyCitation, "record"),
        Move("statements about it", Statement, "companies"),
        Move("companies it owns", Company, "parent"),
        Move("people", Person, "affiliation"),
    ],
    Person: [
        Move("statements", Statement, "speaker"),
        Move("citations", PersonCitation, "record"),
    ],
    Source: [
        Move("citations of companies", CompanyCitation, "source"),
        Move("citations of people", PersonCitation, "source"),
        Move("citations of agreements", AgreementCitation, "source"),
        Move("citations of statements", StatementCitation, "source"),
        Move("statements", Statement, "source"),
        Move("sources reported in it", Source, "reported_in"),
    ],
}

# Relations a merge leaves alone, and why.
NOT_MOVED: dict[tuple[type[models.Model], str], str] = {
    # Earlier merges into the merged record keep pointing at it; redirects
    # follow the chain (`Reader.successor`).
    (Company, "merged_into"): "earlier merges",
    (Person, "merged_into"): "earlier merges",
    (Source, "merged_into"): "earlier merges",
}


@dataclass
class Plan:
    source: models.Model
    into: models.Model
    rows: dict[str, list[models.Model]] = field(default_factory=dict)
    kept: dict[str, list[models.Model]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def counts(self) -> list[tuple[str, int]]:
        return [(label, len(rows)) for label, rows in self.rows.items()]


def plan(source: models.Model, into: models.Model) -> Plan:
    """What merging `source` into `into` would move, and what prevents it."""
    result = Plan(source, into)
    for move in MOVES[type(source)]:
        rows = list(move.model._default_manager.filter(**{move.field: source}))
        # A statement about both is then about the survivor once: no clash.
        if not move.many_to_many:
            rows = _without_duplicates(move, rows, into, result)
            _refuse_cycles(move, rows, into, result)
        result.rows[move.label] = rows
    return result


def _without_duplicates(move: Move, rows: list, into, result: Plan) -> list:
    """The rows that can move; a row the surviving record already has is a
    problem, or, for an alias, is kept with the merged record."""
    moving = rows
    for constraint in move.model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint):
            continue
        if move.field not in constraint.fields or constraint.condition is not None:
            continue
        others = [
            move.model._meta.get_field(name).attname
            for name in constraint.fields
            if name != move.field
        ]
        taken = set(
            move.model._default_manager.filter(**{move.field: into}).values_list(
                *others
            )
        )
        clashing = [
            row for row in moving if tuple(getattr(row, a) for a in others) in taken
        ]
        if not clashing:
            continue
        if move.model is CompanyAlias:
            result.kept.setdefault(move.label, []).extend(clashing)
        else:
            for row in clashing:
                result.problems.append(
                    f"{_described(move, row)}: {into} already has the same one. "
                    f"Remove one of the two first."
                )
        moving = [row for row in moving if row not in clashing]
    return moving


def _described(move: Move, row: models.Model) -> str:
    if move.model is AgreementParty:
        return f"Agreement “{row.agreement}” has both as {row.get_role_display()}"
    return f"{move.model._meta.verbose_name.capitalize()} “{row}”"


def _refuse_cycles(move: Move, rows: list, into, result: Plan) -> None:
    """A record that points at the merged one through a field of its own kind
    (an owner, a reporting source) must not end up pointing at itself."""
    if move.model is not type(into):
        return
    ancestors, seen = [], set()
    step = into
    while step is not None and step.pk not in seen:
        seen.add(step.pk)
        ancestors.append(step)
        step = getattr(step, move.field)
    for row in rows:
        if row.pk in seen:
            result.problems.append(
                f"{row} is linked to {result.source} as “{move.label}” and to "
                f"{into} in turn: moving it would make {row} point at itself. "
                f"Change its {move.model._meta.get_field(move.field).verbose_name} first."
            )
    rows[:] = [row for row in rows if row.pk not in seen]
