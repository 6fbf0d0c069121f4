"""Agreement writes may give dates and the value as text, as editors type them
in the admin ("expires": "2030", "value": "about $5bn"), read by the same parser
(partnerships/entry.py), instead of the separate stored fields."""

from rest_framework import serializers

from partnerships.api.fields import StrictCharField
from partnerships.entry import (
    AMOUNT_FORMS,
    DATE_FORMS,
    EntryError,
    parse_precise_date,
    parse_qualified_amount,
)

VALUE_FIELDS = ("value_amount", "value_currency", "value_qualifier")


class TextEntryWriteMixin:
    """Adds write-only text fields for each `<prefix>_on`/`<prefix>_precision`
    pair in `text_dates` and, with `text_value`, one for the value. A payload
    gives a date or the value in one form or the other, never both."""

    text_dates: tuple[str, ...] = ()
    text_value: str | None = None

    def get_fields(self):
        fields = super().get_fields()
        for prefix in self.text_dates:
            fields[prefix] = StrictCharField(
                write_only=True,
                required=False,
                allow_blank=True,
                allow_null=True,
                max_length=40,
                help_text=f"Instead of {prefix}_on and {prefix}_precision: "
                f"{DATE_FORMS}.",
            )
        if self.text_value:
            fields[self.text_value] = StrictCharField(
                write_only=True,
                required=False,
                allow_blank=True,
                allow_null=True,
                max_length=200,
                help_text=f"Instead of {', '.join(VALUE_FIELDS)}: {AMOUNT_FORMS}.",
            )
        return fields

    def _given(self, names) -> list[str]:
        payload = self.initial_data if isinstance(self.initial_data, dict) else {}
        return [name for name in names if name in payload]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        errors: dict[str, list[str]] = {}
        for prefix in self.text_dates:
            if prefix not in attrs:
                continue
            text = attrs.pop(prefix) or ""
            stored = (f"{prefix}_on", f"{prefix}_precision")
            if both := self._given(stored):
                errors[prefix] = [
                    f"Give {prefix} as text or {' and '.join(stored)}, not both "
                    f"(this payload has {prefix} and {', '.join(both)})."
                ]
                continue
            try:
                date = parse_precise_date(text, prefix, through=prefix == "expires")
            except EntryError as error:
                errors[prefix] = [str(error)]
                continue
            attrs[stored[0]] = date.value if date else None
            attrs[stored[1]] = date.precision if date else ""
        name = self.text_value
        if name and name in attrs:
            text = attrs.pop(name) or ""
            if both := self._given(VALUE_FIELDS):
                errors[name] = [
                    f"Give {name} as text or {', '.join(VALUE_FIELDS)}, not both "
                    f"(this payload has {name} and {', '.join(both)})."
                ]
            else:
                try:
                    value = parse_qualified_amount(text, name)
                except EntryError as error:
                    errors[name] = [str(error)]
                else:
                    attrs["value_amount"] = value.amount if value else None
                    attrs["value_currency"] = value.currency if value else ""
                    attrs["value_qualifier"] = value.qualifier if value else ""
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
