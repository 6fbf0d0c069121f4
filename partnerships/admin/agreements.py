"""Agreements: parties, terms, commitments and their reports."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.urls import path, reverse

from partnerships import models
from partnerships.admin.base import (
    CURATION_FIELDSETS,
    ConcurrencySafeForm,
    CuratedAdmin,
    LabelledTabularInline,
)
from partnerships.admin.citations import AgreementCitationInline
from partnerships.admin.entry import (
    AGREEMENT_DATES,
    CommitmentEntryForm,
    TextEntryMixin,
    agreement_entry_fields,
    readers_will_see,
    value_preview_view,
)


class ExpiryYearFilter(admin.SimpleListFilter):
    title = "expiry year"
    parameter_name = "expiry_year"

    def lookups(self, request, model_admin):
        years = (
            models.Agreement.objects.exclude(expires_on__isnull=True)
            .dates("expires_on", "year")
            .distinct()
        )
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(expires_on__year=int(value))


class PartyFilter(admin.SimpleListFilter):
    title = "party"
    parameter_name = "party"

    def lookups(self, request, model_admin):
        companies = models.Company.objects.filter(agreement_parties__isnull=False)
        return [(c.slug, c.name) for c in companies.distinct().order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(parties__company__slug=self.value()).distinct()
        return queryset


class AgreementPartyInline(LabelledTabularInline):
    model = models.AgreementParty
    autocomplete_fields = ["company"]
    extra = 2


class CommitmentInline(LabelledTabularInline):
    model = models.Commitment
    form = CommitmentEntryForm
    extra = 1
    fields = [
        "kind",
        "resource",
        "quantity",
        "quantity_qualifier",
        "unit",
        "as_reported",
        "as_reported_en",
        "note",
        "milestone",
        "milestone_date",
    ]


class TermReportFormSet(BaseInlineFormSet):
    """Refuses to publish an agreement stating a term that no report supports."""

    def clean(self) -> None:
        super().clean()
        agreement = self.instance
        if not agreement.is_published:
            return
        supported = {
            (form.cleaned_data["term"], form.cleaned_data.get("commitment"))
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("is_current")
        }
        stated = agreement.reported_terms() if agreement.pk else []
        missing = [
            str(commitment) if commitment else models.Term(term).label
            for term, commitment in stated
            if (term, commitment) not in supported
        ]
        if missing:
            raise ValidationError(
                f"{models.TERMS_UNSUPPORTED_MESSAGE} Unsupported: {', '.join(missing)}.",
                code="terms_unsupported",
            )


class TermReportInline(admin.StackedInline):
    model = models.TermReport
    formset = TermReportFormSet
    extra = 0
    verbose_name = "report of a term"
    verbose_name_plural = (
        "reports of terms: for each term, which citation says it, who asserts it "
        "and how firmly (save the agreement with its citations first)"
    )
    fields = [
        ("term", "commitment"),
        "citation",
        ("says", "says_en"),
        ("basis", "modality"),
        ("is_current", "reading_note"),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only this agreement's own citations and commitments can support a term.
        agreement_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "citation":
            kwargs["queryset"] = models.AgreementCitation.objects.filter(
                record_id=agreement_id
            ).select_related("source")
        if db_field.name == "commitment":
            kwargs["queryset"] = models.Commitment.objects.filter(
                agreement_id=agreement_id
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


AgreementForm = type(
    "AgreementForm",
    (TextEntryMixin, ConcurrencySafeForm),
    {
        **agreement_entry_fields(),
        "entry_dates": AGREEMENT_DATES,
        "entry_value": "value",
        "__module__": __name__,
    },
)


@admin.register(models.Agreement)
class AgreementAdmin(CuratedAdmin):
    import_type = "agreements"
    form = AgreementForm
    readonly_fields = [*CuratedAdmin.readonly_fields, "value_preview"]
    list_display = [
        "title",
        "party_list",
        "kind",
        "status",
        "exclusivity",
        "expiry_display",
        "value_display",
        "publication_status",
    ]
    list_filter = [
        "publication_status",
        "status",
        "exclusivity",
        "kind",
        PartyFilter,
        ExpiryYearFilter,
    ]
    list_select_related = ["superseded_by"]
    search_fields = [
        "title",
        "slug",
        "summary",
        "exclusivity_scope",
        "parties__company__name",
        "parties__company__aliases__name",
        "parties__company__parent__name",
        "parties__company__parent__aliases__name",
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["superseded_by"]
    inlines = [
        AgreementPartyInline,
        CommitmentInline,
        AgreementCitationInline,
        TermReportInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary"]}),
        (
            "Terms",
            {
                "fields": [
                    "exclusivity",
                    "exclusivity_scope",
                    "right_of_first_refusal",
                    "rights",
                ]
            },
        ),
        ("Status", {"fields": ["status", "superseded_by", "end_reason"]}),
        (
            "Dates",
            {
                "description": "Type each date as precisely as the source gives "
                "it: “2030” (“through 2030”) is a year, “2030-06” a month, "
                "“2030-06-15” a day.",
                "fields": [("announced", "effective"), ("expires", "ended")],
            },
        ),
        (
            "Value",
            {
                "description": "Type the value as the source gives it, hedge "
                "included: “about $5bn”, “over USD 100 billion”, “1000億美元以上”.",
                "fields": [
                    "value",
                    "value_preview",
                    "value_as_reported",
                    "value_as_reported_en",
                ],
            },
        ),
        *CURATION_FIELDSETS,
    ]

    def get_queryset(self, request):
        current = models.TermReport.objects.filter(is_current=True)
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                "parties__company",
                Prefetch("term_reports", current, to_attr="current_reports"),
            )
        )

    class Media:
        js = ["partnerships/admin_value_preview.js"]

    def get_urls(self):
        preview = path(
            "value-preview/",
            self.admin_site.admin_view(value_preview_view),
            name="partnerships_agreement_value_preview",
        )
        return [preview, *super().get_urls()]

    @admin.display(description="preview")
    def value_preview(self, agreement: models.Agreement) -> str:
        """ "Readers will see: about USD 5 billion (certainty not recorded)"."""
        shown = agreement.value_shown if agreement.pk else agreement.value_display
        url = reverse("admin:partnerships_agreement_value_preview")
        return readers_will_see(shown, url)

    @admin.display(description="parties")
    def party_list(self, agreement: models.Agreement) -> str:
        return ", ".join(str(party) for party in agreement.parties.all())

    @admin.display(description="expires", ordering="expires_on")
    def expiry_display(self, agreement: models.Agreement) -> str:
        return agreement.expires.display if agreement.expires else "—"

    @admin.display(description="value", ordering="value_amount")
    def value_display(self, agreement: models.Agreement) -> str:
        """ "may exceed USD 100 bn (reported, unnamed sources)"."""
        return agreement.value_shown_short or "—"
