"""Links from one admin page to a record's own change page."""

from django.db.models import Model
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html


def change_link(record: Model | None) -> str:
    """ "Agreement: <title>" linking to the record's change page; its name alone
    when the admin has no page for it, "(deleted)" when it is gone."""
    if record is None:
        return "(deleted)"
    meta = record._meta
    try:
        url = reverse(
            f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk]
        )
    except NoReverseMatch:
        return str(record)
    return format_html(
        '<a href="{}">{}: {}</a>', url, meta.verbose_name.capitalize(), record
    )
