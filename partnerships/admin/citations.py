"""Citations inline on each record: a published record keeps at least one."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from partnerships import models
from partnerships.models import CITATION_REQUIRED_MESSAGE


class CitationFormSet(BaseInlineFormSet):
    """Refuses to publish a record that would be left without a citation."""

    def clean(self) -> None:
        super().clean()
        if not self.instance.is_published:
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("source")
        ]
        if not kept:
            raise ValidationError(CITATION_REQUIRED_MESSAGE, code="citation_required")


class CitationInline(admin.StackedInline):
    formset = CitationFormSet
    autocomplete_fields = ["source"]
    extra = 1
    fields = [("source", "locator"), "excerpt", "excerpt_en", "note"]


class CompanyCitationInline(CitationInline):
    model = models.CompanyCitation


class PersonCitationInline(CitationInline):
    model = models.PersonCitation


class AgreementCitationInline(CitationInline):
    model = models.AgreementCitation


class StatementCitationInline(CitationInline):
    model = models.StatementCitation
