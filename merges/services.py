"""Merging a duplicate record into the one that survives, and undoing it.

`company_merge(source=B, into=A, by=editor)` re-points every relation of B to
A (`merges.moves`), makes B's name an alias of A (companies: people and sources
have no aliases; and only a published B's name: a draft's was never public), sets `B.merged_into = A` (readers stop seeing B; its
addresses answer 301 to A's) and saves a history row on both with the reason
"merged B into A". Nothing is deleted, and the `Merge` row lists what moved, so
that `record_unmerge` moves back exactly that.

A merge that cannot be made whole (an agreement with both as the same party,
the same citation on both, a record that would own itself) is refused with
every reason, before anything is written: `MergeRefused`, never an
IntegrityError.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from merges.models import Merge
from merges.moves import MOVES, Move, plan
from partnerships.models import Company, CompanyAlias, Person, Source


class MergeRefused(ValidationError):
    """Why a merge or its undo cannot be made: a list of messages for editors."""


def company_merge(*, source: Company, into: Company, by=None) -> Merge:
    return record_merge(source=source, into=into, by=by, model=Company)


def person_merge(*, source: Person, into: Person, by=None) -> Merge:
    return record_merge(source=source, into=into, by=by, model=Person)


def source_merge(*, source: Source, into: Source, by=None) -> Merge:
    return record_merge(source=source, into=into, by=by, model=Source)


def _locked(model: type[models.Model], pk: int) -> models.Model:
    return model._default_manager.select_for_update().get(pk=pk)


def _refusals(source, into, model) -> list[str]:
    if type(source) is not model or type(into) is not model:
        return [
            f"Only a {model._meta.verbose_name} can be merged into a "
            f"{model._meta.verbose_name}: not {type(source).__name__} into "
            f"{type(into).__name__}."
        ]
    if source.pk == into.pk:
        return [f"{source} cannot be merged into itself."]
    problems = []
    if source.merged_into_id is not None:
        problems.append(f"{source} was already merged into {source.merged_into}.")
    if into.merged_into_id is not None:
        problems.append(
            f"{into} was merged into {into.merged_into}: merge into that one instead."
        )
    return problems


def _save(record: models.Model, reason: str) -> None:
    record._change_reason = reason
    record.save()


@transaction.atomic
def record_merge(*, source, into, by=None, model: type[models.Model]) -> Merge:
    """Merge `source` into `into`, both of `model`; see the module docstring."""
    problems = _refusals(source, into, model)
    if problems:
        raise MergeRefused(problems)
    # Both rows locked: no other merge or edit of either lands in between.
    source, into = _locked(model, source.pk), _locked(model, into.pk)
    problems = _refusals(source, into, model)
    planned = plan(source, into)
    problems += planned.problems
    if problems:
        raise MergeRefused(problems)
    reason = f"merged {source} into {into}"
    moved: dict[str, list] = {}
    for move in MOVES[model]:
        rows = planned.rows[move.label]
        if move.many_to_many:
            moved[move.label] = _move_related(move, rows, source, into, reason)
        else:
            for row in rows:
                setattr(row, move.field, into)
                _save(row, reason)
            moved[move.label] = [row.pk for row in rows]
    # A draft's name was never public: it does not become a public alias.
    named = model is Company and source.is_published
    alias = _alias_of_name(source, into, reason) if named else None
    source.merged_into = into
    _save(source, reason)
    _save(into, reason)
    return Merge.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        source_id=source.pk,
        into_id=into.pk,
        source_name=str(source),
        into_name=str(into),
        moved=moved,
        created_alias_id=alias.pk if alias else None,
        merged_by=by,
    )


def _move_related(move: Move, rows: list, source, into, reason: str) -> list:
    """Records related to `source` through a many-to-many field, now to `into`:
    [pk, whether `into` was added (False: it was related already)]."""
    moved = []
    for row in rows:
        related = getattr(row, move.field)
        added = not related.filter(pk=into.pk).exists()
        row._change_reason = reason
        related.remove(source)
        if added:
            related.add(into)
        moved.append([row.pk, added])
    return moved


def _alias_of_name(source: Company, into: Company, reason: str) -> CompanyAlias | None:
    if into.aliases.filter(name=source.name).exists() or source.name == into.name:
        return None
    alias = CompanyAlias(company=into, name=source.name)
    _save(alias, reason)
    return alias


@transaction.atomic
def record_unmerge(*, merge: Merge, by=None) -> Merge:
    """Undo `merge`: move back what it moved (rows changed since stay where they
    are now), remove the alias it made, and make the merged record seen again."""
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.is_undone:
        raise MergeRefused([f"The merge of {merge.source_name} was already undone."])
    model = merge.content_type.model_class()
    source, into = _locked(model, merge.source_id), _locked(model, merge.into_id)
    if into.merged_into_id is not None:
        raise MergeRefused(
            [f"{into} was since merged into {into.merged_into}: undo that merge first."]
        )
    reason = f"undid: merged {source} into {into}"
    for move in MOVES[model]:
        ids = merge.moved.get(move.label, [])
        if move.many_to_many:
            _unmove_related(move, ids, source, into, reason)
            continue
        back = move.model._default_manager.filter(pk__in=ids, **{move.field: into})
        for row in back:
            setattr(row, move.field, source)
            _save(row, reason)
    if merge.created_alias_id is not None:
        alias = CompanyAlias.objects.filter(
            pk=merge.created_alias_id, company=into
        ).first()
        if alias is not None:
            alias._change_reason = reason
            alias.delete()
    source.merged_into = None
    _save(source, reason)
    _save(into, reason)
    merge.undone_at = timezone.now()
    merge.undone_by = by
    merge.save()
    return merge


def _unmove_related(move: Move, ids: list, source, into, reason: str) -> None:
    added = {pk: was_added for pk, was_added in ids}
    for row in move.model._default_manager.filter(pk__in=added):
        related = getattr(row, move.field)
        row._change_reason = reason
        if added[row.pk]:
            related.remove(into)
        related.add(source)
