"""A save refused as stale keeps what the editor typed: one click re-applies it.

When another editor saved a record after this editor opened it, the admin's
change form refuses the save (ConcurrencySafeForm) and is shown again, bound to
what this editor sent, never to the database. `merge_stale_form` then prepares
that form so that pressing Save again is all it takes:

- a field this editor changed keeps what they typed, even where the other
  editor changed it too (the error lists the other editor's value, field by
  field, to compare);
- a field only the other editor changed shows the other editor's value, so
  saving again does not quietly undo their work;
- the form now says it was loaded at the newer version, so the next save is
  checked against that one (a third editor saving meanwhile is refused again).

"Changed" is judged against the version the editor opened, from the record's
history; without it (a record never saved since it was loaded from a fixture)
the form keeps what was typed but not the newer loaded_at: the editor reloads.
Many-to-many fields have no history: they keep what the editor sent.
Inline rows (parties, citations...) are bound to what the editor sent, as the
admin does for any refused save; they are not merged.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.db import models

from partnerships.publication import version_opened

# Fields of the form that are not the record's.
NOT_MERGED = ("loaded_at", "change_reason")


@dataclass
class Merge:
    """What merging a stale form did, by field label."""

    kept: list[str] = field(default_factory=list)  # typed here, kept
    taken: list[str] = field(default_factory=list)  # theirs, not changed here
    both: list[str] = field(default_factory=list)  # changed by both: kept here
    # False when the history lacks the version the editor opened (a record
    # loaded from a fixture): nothing tells their edits from stale values, so
    # the form keeps its old loaded_at and a second save is refused again.
    compared: bool = True


def merge_stale_form(form: forms.ModelForm, stored_at: datetime.datetime) -> Merge:
    """Fill a refused form for one-click re-applying (see the module)."""
    merge = Merge()
    record = form.instance
    current = type(record)._default_manager.get(pk=record.pk)
    opened = version_opened(record, form.data.get(form.add_prefix("loaded_at"), ""))
    if opened is None:
        merge.compared = False
        return merge
    data = form.data.copy()
    data[form.add_prefix("loaded_at")] = stored_at.isoformat()
    base_form = type(form)(instance=opened)
    current_form = type(form)(instance=current)
    for name, form_field in form.fields.items():
        if name in NOT_MERGED or form_field.disabled:
            continue
        if isinstance(form_field, forms.ModelMultipleChoiceField):
            continue  # no history of many-to-many values
        base_value = base_form[name].value()
        mine = form_field.has_changed(base_value, form[name].data)
        theirs = _as_data(base_value) != _as_data(current_form[name].value())
        label = str(form_field.label or name)
        if mine and theirs:
            merge.both.append(label)
        elif mine:
            merge.kept.append(label)
        elif theirs:
            merge.taken.append(label)
            _put(data, form.add_prefix(name), form_field.widget, current_form[name])
    form.data = data
    return merge


def _as_data(value) -> list[str]:
    """A form value as the strings a browser would send for it."""
    if value is None:
        return [""]
    if isinstance(value, bool):
        return ["on"] if value else []
    if isinstance(value, list | tuple):
        return [str(getattr(item, "pk", item)) for item in value]
    if isinstance(value, datetime.datetime | datetime.date):
        return [value.isoformat()]
    if isinstance(value, models.Model):
        return [str(value.pk)]
    return [str(value)]


def _put(data, key: str, widget: forms.Widget, bound: forms.BoundField) -> None:
    widget = getattr(widget, "widget", widget)  # the admin's related-field wrapper
    values = _as_data(bound.value())
    if isinstance(widget, forms.CheckboxInput):
        if values:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif isinstance(widget, forms.SelectMultiple):
        data.setlist(key, values)
    else:
        data[key] = values[0] if values else ""
