from django import forms

from alerts.models import WATCHABLE, Frequency
from partnerships.models import Agreement, Company, Person
from partnerships.visibility import PUBLIC

MODELS = {"company": Company, "agreement": Agreement, "person": Person}
assert set(MODELS) == set(WATCHABLE)


class WatchForm(forms.Form):
    """An address asking to watch a record, from the form on the record's page."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Email address: give the address to send alerts to.",
            "invalid": "Email address: give an address such as name@example.org.",
            "max_length": "Email address: give at most 254 characters.",
        },
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Frequency.choices,
        initial=Frequency.DAILY,
        widget=forms.RadioSelect,
        error_messages={
            "required": "How often: choose daily or at once.",
            "invalid_choice": "How often: choose daily or immediate, not %(value)s.",
        },
    )
    kind = forms.ChoiceField(
        choices=[(kind, kind) for kind in WATCHABLE],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Record: say which record to watch (company, agreement "
            "or person).",
            "invalid_choice": "Record: a company, an agreement or a person can be "
            "watched, not %(value)s.",
        },
    )
    slug = forms.SlugField(
        max_length=120,
        widget=forms.HiddenInput,
        error_messages={"required": "Record: say which record to watch."},
    )
    # A honeypot: hidden from people (and from screen readers), filled in by
    # bots that fill in every field. A filled one is answered as a success and
    # does nothing.
    website = forms.CharField(required=False, max_length=200, label="Leave empty")

    def clean(self) -> dict:
        data = super().clean()
        kind, slug = data.get("kind"), data.get("slug")
        if kind and slug:
            record = PUBLIC.named(MODELS[kind], slug).first()
            if record is None:
                # A draft answers as a record that does not exist.
                raise forms.ValidationError(
                    f"Record: there is no {kind} “{slug}” to watch."
                )
            data["record"] = record
        return data
