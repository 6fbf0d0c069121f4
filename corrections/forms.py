"""The public "Suggest a correction" form: no account, a honeypot, a limit."""

from django import forms
from django.core.validators import URLValidator

from corrections.models import MAX_TEXT

# The record types a reader can correct, as their pages' URLs name them.
KINDS = ("agreements", "companies", "statements", "people", "sources")


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(choices=[(kind, kind) for kind in KINDS])
    slug = forms.SlugField(max_length=200)
    text = forms.CharField(
        label="What is wrong or missing",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Say what is wrong or missing: the text is required."
        },
    )
    source_url = forms.URLField(
        label="Source URL (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={
            "invalid": "Give the source as a web address starting with http:// "
            "or https://."
        },
    )
    # Hidden from people (CSS and aria-hidden); bots that fill every field fill it.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                "Leave the field “Leave this field empty” empty: it is there to "
                "catch automated spam.",
                code="spam",
            )
        return ""
