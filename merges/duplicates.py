"""Warnings of likely duplicates, before an editor saves a company, person or source.

A name is compared by its key (`partnerships.names.name_key`: case, spacing,
punctuation, legal suffixes and Chinese script folded away) with the keys of
the names and aliases already stored, in one indexed query (`name_key` columns),
whatever the number of records. A company is compared by its name and by the
aliases entered with it on the same page.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from partnerships.models import Company, CompanyAlias
from partnerships.names import keyed_fields, name_key

# Enough to make the point; the editor can search the admin for the rest.
MAX_SHOWN = 10
ALIAS_FIELD = re.compile(r"^aliases-(\d+)-name$")

NOT_A_DUPLICATE_LABEL = "This is not a duplicate"


def possible_duplicates(
    model: type[models.Model], names: list[str], exclude_pk: int | None = None
) -> list[models.Model]:
    """Records of `model` (not merged away) whose name, or for a company an
    alias, has the key of one of `names`."""
    keys = {key for key in map(name_key, names) if key}
    if not keys:
        return []
    matching = Q(name_key__in=keys)
    if model is Company:
        aliases = CompanyAlias.objects.filter(name_key__in=keys)
        matching |= Q(pk__in=aliases.values("company"))
    records = model._default_manager.filter(matching, merged_into__isnull=True)
    if exclude_pk is not None:
        records = records.exclude(pk=exclude_pk)
    return list(records.order_by("pk")[:MAX_SHOWN])


def duplicates_message(records: list[models.Model]) -> str:
    """ "Possible duplicates: <links to their admin pages>", safe HTML."""
    links = format_html_join(
        ", ",
        '<a href="{}" target="_blank">{}</a>',
        (
            (
                reverse(
                    f"admin:{record._meta.app_label}_{record._meta.model_name}_change",
                    args=[record.pk],
                ),
                record,
            )
            for record in records
        ),
    )
    return format_html(
        "Possible duplicates: {}. Open them to check; if this is a different "
        "one, tick “{}” and save again (or merge the duplicates from the list "
        "with “Merge selected into…”).",
        links,
        NOT_A_DUPLICATE_LABEL,
    )


class DuplicateWarningMixin(forms.ModelForm):
    """A model form that refuses to save a likely duplicate until the editor
    ticks "This is not a duplicate": on adding, and on a change of name."""

    not_a_duplicate = forms.BooleanField(
        label=NOT_A_DUPLICATE_LABEL,
        required=False,
        help_text="Tick only after checking the possible duplicates listed above.",
    )

    def names_to_check(self) -> list[str]:
        field = keyed_fields()[self._meta.model]
        changed = self.instance.pk is None or field in self.changed_data
        names = [self.cleaned_data.get(field) or ""] if changed else []
        if self._meta.model is Company:
            # The alias inline's new rows on the same page.
            for key, value in self.data.items():
                row = ALIAS_FIELD.match(key)
                if row and value and not self.data.get(f"aliases-{row[1]}-id"):
                    names.append(value)
        return [name for name in names if name]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("not_a_duplicate"):
            return cleaned
        names = self.names_to_check()
        if not names:
            return cleaned
        found = possible_duplicates(self._meta.model, names, self.instance.pk)
        if found:
            field = keyed_fields()[self._meta.model]
            self.add_error(
                field if field in self.fields else None,
                ValidationError(duplicates_message(found), code="possible_duplicate"),
            )
        return cleaned
