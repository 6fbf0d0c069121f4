"""A merge forgets no relation: every relation that points at a company, a
person or a source is either moved by a merge or named as left alone."""

import pytest

from merges.moves import MOVES, NOT_MOVED


@pytest.mark.parametrize("model", list(MOVES), ids=lambda model: model.__name__)
def test_every_relation_pointing_at_the_record_is_moved_or_named(model):
    moved = {(move.model, move.field) for move in MOVES[model]}
    pointing = set()
    for relation in model._meta.get_fields():
        if not (relation.is_relation and relation.auto_created):
            continue
        if relation.related_model.__module__.startswith(("partnerships", "following")):
            if "Historical" in relation.related_model.__name__:
                continue
            pointing.add((relation.related_model, relation.field.name))

    assert pointing - moved - set(NOT_MOVED) == set()
