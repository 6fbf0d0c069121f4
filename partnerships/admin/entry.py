"""Dates and values typed as text in the admin, read by partnerships/entry.py.

One text field stands for each date and its precision ("2030", "2030年6月")
and one for the value's amount, currency and qualifier ("about $5bn"). The
fields start from the stored values written so that the parser reads them back
unchanged; the saved form, and the preview endpoint the form's script calls,
show what readers will see.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.html import format_html

from partnerships.entry import (
    AMOUNT_FORMS,
    DATE_FORMS,
    EntryError,
    amount_text,
    date_text,
    parse_precise_date,
    parse_qualified_amount,
)

VALUE_FIELDS = ("value_amount", "value_currency", "value_qualifier")
PREVIEW_INPUT_LIMIT = 200


class PreciseDateField(forms.CharField):
    def __init__(self, *, through: bool = False, **kwargs) -> None:
        self.through = through
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", f"{DATE_FORMS}.")
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        try:
            return parse_precise_date(text, str(self.label), through=self.through)
        except EntryError as error:
            raise ValidationError(str(error), code="invalid_date") from None


class QualifiedAmountField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", PREVIEW_INPUT_LIMIT)
        kwargs.setdefault(
            "help_text",
            f"{AMOUNT_FORMS}. How sure the source is (“may”, “reportedly”) is "
            "set on the value's term report.",
        )
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        try:
            return parse_qualified_amount(text, str(self.label))
        except EntryError as error:
            raise ValidationError(str(error), code="invalid_value") from None


class TextEntryMixin:
    """A model form whose dates (`<prefix>_on`, `<prefix>_precision`) and value
    (`value_amount`, `value_currency`, `value_qualifier`) are entered as text.

    `entry_dates` maps each text field to the model's field prefix;
    `entry_value` names the value's text field, if the model has a value.
    """

    entry_dates: dict[str, str] = {}
    entry_value: str | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        for name, prefix in self.entry_dates.items():
            if name in self.fields:
                self.initial.setdefault(
                    name,
                    date_text(
                        getattr(instance, f"{prefix}_on"),
                        getattr(instance, f"{prefix}_precision"),
                    ),
                )
        if self.entry_value and self.entry_value in self.fields:
            self.initial.setdefault(
                self.entry_value,
                amount_text(
                    instance.value_amount,
                    instance.value_qualifier,
                    instance.value_currency,
                ),
            )

    def clean(self):
        cleaned = super().clean()
        for name, prefix in self.entry_dates.items():
            if name in self.fields and name in cleaned:
                date = cleaned[name]
                setattr(self.instance, f"{prefix}_on", date.value if date else None)
                setattr(
                    self.instance, f"{prefix}_precision", date.precision if date else ""
                )
        name = self.entry_value
        if name and name in self.fields and name in cleaned:
            value = cleaned[name]
            self.instance.value_amount = value.amount if value else None
            self.instance.value_currency = value.currency if value else ""
            self.instance.value_qualifier = value.qualifier if value else ""
        return cleaned

    def _entry_field_of(self, model_field: str) -> str:
        for name, prefix in self.entry_dates.items():
            if model_field in (f"{prefix}_on", f"{prefix}_precision"):
                return name
        if self.entry_value and model_field in VALUE_FIELDS:
            return self.entry_value
        return model_field

    def _update_errors(self, errors):
        # The model's rules name its own fields (expires_on, value_amount); the
        # form shows them on the text field that stands for them.
        if hasattr(errors, "error_dict"):
            renamed: dict[str, list] = {}
            for field, messages in errors.error_dict.items():
                name = self._entry_field_of(field)
                if name != NON_FIELD_ERRORS and name not in self.fields:
                    name = NON_FIELD_ERRORS
                renamed.setdefault(name, []).extend(messages)
            errors = ValidationError(renamed)
        super()._update_errors(errors)


AGREEMENT_DATES = {
    "announced": "announced",
    "effective": "effective",
    "expires": "expires",
    "ended": "ended",
}


def agreement_entry_fields() -> dict[str, forms.Field]:
    return {
        "announced": PreciseDateField(label="Announced"),
        "effective": PreciseDateField(label="Effective"),
        "expires": PreciseDateField(
            label="Expires",
            through=True,
            help_text=f"“through 2030” or {DATE_FORMS}.",
        ),
        "ended": PreciseDateField(label="Ended"),
        "value": QualifiedAmountField(label="Value"),
    }


class CommitmentEntryForm(TextEntryMixin, forms.ModelForm):
    entry_dates = {"milestone_date": "milestone"}
    milestone_date = PreciseDateField(label="Milestone date")


def preview(text: str) -> dict:
    """What readers will see for a typed value, or why it cannot be read."""
    if len(text) > PREVIEW_INPUT_LIMIT:
        return {"error": f"Value: at most {PREVIEW_INPUT_LIMIT} characters."}
    try:
        value = parse_qualified_amount(text, "Value")
    except EntryError as error:
        return {"error": str(error)}
    if value is None:
        return {"shows": "", "note": ""}
    return {"shows": value.display, "note": value.note}


def value_preview_view(request: HttpRequest) -> JsonResponse:
    """GET ?text=about+$5bn → {"shows": "about USD 5 billion", "note": ""}."""
    answer = preview(request.GET.get("text", ""))
    return JsonResponse(answer, status=400 if "error" in answer else 200)


def readers_will_see(shown: str, preview_url: str) -> str:
    return format_html(
        '<span class="value-preview" data-preview-url="{}" aria-live="polite">'
        "Readers will see: <output>{}</output></span>",
        preview_url,
        shown or "—",
    )
