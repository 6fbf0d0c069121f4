"""The editors' admin: where every record is curated, cited and published."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from editorial.review import open_review, record_publish, review_request
from merges.admin import MergeAdminMixin
from merges.duplicates import DuplicateWarningMixin
from partnerships import models
from partnerships.admin_conflicts import Merge, merge_stale_form
from partnerships.admin_entry import (
    AGREEMENT_DATES,
    CommitmentEntryForm,
    TextEntryMixin,
    agreement_entry_fields,
    readers_will_see,
    value_preview_view,
)
from partnerships.admin_import import importable_types
from partnerships.history import PARTS, History
from partnerships.models import CITATION_REQUIRED_MESSAGE
from partnerships.publication import changes_since
from partnerships.slugs import slug_from
from partnerships.visibility import EDITOR


class ConcurrencySafeForm(forms.ModelForm):
    """A change form that refuses to overwrite a save made after it was opened.

    The form carries the `updated_at` of the record as the editor loaded it; if
    the stored record is newer, another editor saved in between, and the save is
    refused with the list of what they changed.
    """

    has_citation_inline = True
    slug_source: str | None = None  # the field a blank slug is made from
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label="Reason for this change",
        required=False,
        max_length=100,
        help_text="Optional; shown in the record's history.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.slug_source and "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                f"Left blank, it is made from the {self.slug_source}: dashes and "
                "punctuation become hyphens (microsoft-coreweave-compute-deal)."
            )
        if self.instance.pk and not self.is_bound:
            # Read from the table, not the instance: when reverting, the instance
            # is an earlier version, but the edit starts from the stored one.
            stored = self._stored_updated_at()
            self.initial["loaded_at"] = stored.isoformat() if stored else ""

    def _stored_updated_at(self, *, lock: bool = False):
        rows = type(self.instance).objects.filter(pk=self.instance.pk)
        if lock:
            rows = rows.select_for_update()
        return rows.values_list("updated_at", flat=True).first()

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug", "")
        if slug or not self.slug_source:
            return slug
        made = slug_from(
            self.data.get(self.add_prefix(self.slug_source), ""),
            self.fields["slug"].max_length,
        )
        if not made:
            raise ValidationError(
                f"Give a slug: the {self.slug_source} has no letters or digits to "
                "make one from (a-z, 0-9 and hyphens, e.g. microsoft-coreweave).",
                code="required",
            )
        return made

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # Locks the row until the admin's transaction ends, so two saves
            # cannot both pass this check.
            stored = self._stored_updated_at(lock=True)
            loaded_at = cleaned.get("loaded_at") or ""
            if stored is not None and stored.isoformat() != loaded_at:
                changes = changes_since(self.instance, loaded_at)
                merge = merge_stale_form(self, stored)
                raise ValidationError(
                    [
                        ValidationError(
                            "Another editor saved this record after you opened it, "
                            "so it was not saved. Their changes: %(changes)s.",
                            code="stale",
                            params={"changes": changes},
                        ),
                        *self._merge_messages(merge),
                    ]
                )
        # With the citation inline on the page, the rule is checked against the
        # citations in this very submission (CitationFormSet), not the stored ones.
        self.instance.parts_checked_by_form = self.has_citation_inline
        return cleaned

    @staticmethod
    def _merge_messages(merge: Merge) -> list[ValidationError]:
        if not merge.compared:
            return [
                ValidationError(
                    "What you typed is kept below, but the version you opened is "
                    "not in the history, so it cannot be told from theirs: copy "
                    "what you need, reload the page and make your edit again.",
                    code="stale",
                )
            ]
        lines = [
            "What you typed is kept below. Check it, then press Save again to "
            "apply it over their version."
        ]
        if merge.both:
            lines.append(
                f"Changed by both of you, your version kept: {', '.join(merge.both)}."
            )
        if merge.taken:
            lines.append(
                "Changed only by them, their version filled in: "
                f"{', '.join(merge.taken)}."
            )
        return [ValidationError(line, code="stale") for line in lines]


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


class EditorHistoryAdmin(SimpleHistoryAdmin):
    """A record's versions as editors see them: an author's name links to their
    user page only for an editor allowed to open it; a missing reason is "—"."""

    object_history_list_template = "admin/partnerships/object_history_list.html"

    def history_view(self, request, object_id, extra_context=None):
        allowed = request.user.has_perm("auth.view_user") or request.user.has_perm(
            "auth.change_user"
        )
        extra_context = {**(extra_context or {}), "user_link_allowed": allowed}
        return super().history_view(request, object_id, extra_context)


class CuratedAdmin(EditorHistoryAdmin):
    """Shared behaviour: history with reasons, safe concurrent edits, publishing."""

    form = ConcurrencySafeForm
    actions = ["mark_ready_for_review", "publish_selected", "unpublish_selected"]
    # Publishing is the review's door alone (editorial.review): the change form
    # shows the status and the review, and never changes the status.
    readonly_fields = ["publication_status", "review_state", "created_at", "updated_at"]
    change_list_template = "admin/partnerships/change_list_with_import.html"
    object_history_template = "admin/partnerships/object_history_with_parts.html"
    import_type: str | None = None  # the record type editors import from files

    class Media:
        js = ["partnerships/admin_slug.js"]

    def history_view(self, request, object_id, extra_context=None):
        record = self.get_object(request, object_id)
        if record is not None:
            entries = History(record, EDITOR).entries()
            parts = PARTS[self.model]
            extra_context = {
                **(extra_context or {}),
                "part_changes": [entry for entry in entries if entry["part_id"]],
                "part_names": ", ".join(part.name for part in parts),
            }
        return super().history_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if self.import_type in importable_types(request.user):
            extra_context = {**(extra_context or {}), "import_type": self.import_type}
        return super().changelist_view(request, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        view = request.resolver_match.url_name if request.resolver_match else ""
        if view.endswith("_simple_history"):
            # Reverting shows no inlines: check the stored citations instead.
            form = type(form.__name__, (form,), {"has_citation_inline": False})
        slug_sources = self.get_prepopulated_fields(request, obj).get("slug")
        if slug_sources:
            form = type(form.__name__, (form,), {"slug_source": slug_sources[0]})
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [
            (
                name,
                {**options, "fields": [*options["fields"], "review_state"]}
                if name == "Publication" and "review_state" not in options["fields"]
                else options,
            )
            for name, options in fieldsets
        ]

    @admin.display(description="review")
    def review_state(self, record) -> str:
        if record.pk is None:
            return "A new record is saved as a draft."
        if record.is_published:
            return "Published."
        review = open_review(record)
        if review is None:
            return (
                "Not yet ready for review: mark it ready (action “Mark selected "
                "drafts ready for review”) and another editor publishes it."
            )
        return (
            f"Ready for review since {review.ready_at:%Y-%m-%d %H:%M} UTC, marked "
            f"by {review.ready_by}: another editor publishes it."
        )

    def save_model(self, request, obj, form, change) -> None:
        reason = form.cleaned_data.get("change_reason")
        if reason:
            obj._change_reason = reason
        # Reverting to an earlier version or recovering a deleted one must not
        # change the status either: only the review's door publishes.
        if change:
            obj.publication_status = (
                type(obj)
                .objects.filter(pk=obj.pk)
                .values_list("publication_status", flat=True)
                .get()
            )
        else:
            obj.publication_status = models.PublicationStatus.DRAFT
        super().save_model(request, obj, form, change)

    @admin.action(description="Mark selected drafts ready for review")
    def mark_ready_for_review(self, request: HttpRequest, queryset: QuerySet) -> None:
        marked, refused = [], []
        for record in queryset:
            try:
                review_request(record=record, editor=request.user)
            except ValidationError as error:
                refused.append(f"{record}: {' '.join(error.messages)}")
            else:
                marked.append(str(record))
        if marked:
            self.message_user(
                request,
                f"Marked {len(marked)} draft(s) ready for review: another editor "
                "publishes them.",
            )
        if refused:
            self.message_user(
                request, f"Not marked: {' '.join(refused)}", level=messages.ERROR
            )

    @admin.action(
        description="Publish selected drafts as their reviewer (each needs a "
        "citation and another editor's request for review)"
    )
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        published, refused = [], []
        for record in queryset:
            try:
                record_publish(record=record, reviewer=request.user)
            except ValidationError as error:
                refused.append(f"{record}: {' '.join(error.messages)}")
            else:
                published.append(str(record))
        if published:
            self.message_user(
                request,
                f"Published {len(published)} record(s), reviewed by {request.user}.",
            )
        if refused:
            self.message_user(
                request, f"Not published: {' '.join(refused)}", level=messages.ERROR
            )

    @admin.action(description="Return selected records to draft")
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for record in queryset:
            # A save per record keeps its history; QuerySet.update would not.
            record.publication_status = models.PublicationStatus.DRAFT
            record._change_reason = "returned to draft"
            record.save()
            count += 1
        self.message_user(request, f"Returned {count} record(s) to draft.")


@admin.register(models.CompanyKind)
class CompanyKindAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class NamedFieldsFormSet(BaseInlineFormSet):
    """A tabular inline's fields are named for screen readers: its column
    headers are not labels, so each field carries its label as `aria-label`
    ("Role", "Delete"), as axe requires."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        for name, field in form.fields.items():
            label = field.label or name.replace("_", " ").capitalize()
            field.widget.attrs.setdefault("aria-label", str(label))


class LabelledTabularInline(admin.TabularInline):
    formset = NamedFieldsFormSet


class CompanyAliasInline(LabelledTabularInline):
    model = models.CompanyAlias
    extra = 1


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


class CompanyForm(DuplicateWarningMixin, ConcurrencySafeForm):
    pass


class PersonForm(DuplicateWarningMixin, ConcurrencySafeForm):
    pass


class SourceForm(DuplicateWarningMixin, ConcurrencySafeForm):
    pass


MERGED = ("merged_into", admin.EmptyFieldListFilter)


@admin.register(models.Company)
class CompanyAdmin(MergeAdminMixin, CuratedAdmin):
    form = CompanyForm
    actions = [*CuratedAdmin.actions, "merge_selected"]
    import_type = "companies"
    list_display = ["name", "parent", "kind_list", "publication_status", "updated_at"]
    list_filter = [
        "publication_status",
        "kinds",
        ("parent", admin.RelatedOnlyFieldListFilter),
        MERGED,
    ]
    list_select_related = ["parent"]
    search_fields = [
        "name",
        "slug",
        "aliases__name",
        "description",
        "parent__name",
        "parent__aliases__name",
    ]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    filter_horizontal = ["kinds"]
    inlines = [CompanyAliasInline, CompanyCitationInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "not_a_duplicate",
                    "slug",
                    "kinds",
                    "parent",
                    "website",
                    "description",
                ]
            },
        ),
        (
            "Publication",
            {
                "fields": [
                    "publication_status",
                    "internal_note",
                    "change_reason",
                    "loaded_at",
                ]
            },
        ),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("kinds")

    @admin.display(description="kinds")
    def kind_list(self, company: models.Company) -> str:
        return ", ".join(kind.name for kind in company.kinds.all())


@admin.register(models.CompanyAlias)
class CompanyAliasAdmin(EditorHistoryAdmin):
    list_display = ["name", "company", "language"]
    list_select_related = ["company"]
    list_filter = ["language"]
    search_fields = ["name", "company__name"]
    autocomplete_fields = ["company"]


@admin.register(models.Person)
class PersonAdmin(MergeAdminMixin, CuratedAdmin):
    form = PersonForm
    actions = [*CuratedAdmin.actions, "merge_selected"]
    list_display = ["name", "role", "affiliation", "publication_status", "updated_at"]
    list_filter = [
        "publication_status",
        ("affiliation", admin.RelatedOnlyFieldListFilter),
        MERGED,
    ]
    list_select_related = ["affiliation"]
    search_fields = ["name", "slug", "role", "affiliation__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]
    inlines = [PersonCitationInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "not_a_duplicate",
                    "slug",
                    "role",
                    "affiliation",
                    "description",
                ]
            },
        ),
        (
            "Publication",
            {
                "fields": [
                    "publication_status",
                    "internal_note",
                    "change_reason",
                    "loaded_at",
                ]
            },
        ),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]


@admin.register(models.Source)
class SourceAdmin(MergeAdminMixin, CuratedAdmin):
    form = SourceForm
    actions = [*CuratedAdmin.actions, "merge_selected"]
    list_display = [
        "title",
        "kind",
        "publisher",
        "published_display",
        "language",
        "publication_status",
    ]
    list_filter = ["publication_status", "kind", "language", MERGED]
    list_select_related = ["reported_in"]
    search_fields = ["title", "slug", "publisher", "author", "url", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["reported_in"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "not_a_duplicate",
                    "title_en",
                    "slug",
                    "kind",
                    "publisher",
                    "author",
                    "url",
                    "language",
                ]
            },
        ),
        ("Date", {"fields": [("published_on", "published_precision")]}),
        ("Context", {"fields": ["reported_in", "description"]}),
        (
            "Publication",
            {
                "fields": [
                    "publication_status",
                    "internal_note",
                    "change_reason",
                    "loaded_at",
                ]
            },
        ),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="published", ordering="published_on")
    def published_display(self, source: models.Source) -> str:
        return source.published.display if source.published else "—"


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
        (
            "Publication",
            {
                "fields": [
                    "publication_status",
                    "internal_note",
                    "change_reason",
                    "loaded_at",
                ]
            },
        ),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
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


@admin.register(models.Statement)
class StatementAdmin(CuratedAdmin):
    import_type = "statements"
    list_display = [
        "__str__",
        "speaker",
        "form",
        "said_display",
        "source",
        "publication_status",
    ]
    list_filter = [
        "publication_status",
        "form",
        "language",
        ("speaker", admin.RelatedOnlyFieldListFilter),
        "topics",
    ]
    list_select_related = ["speaker__affiliation", "source"]
    search_fields = ["slug", "headline", "text", "text_en", "speaker__name", "occasion"]
    autocomplete_fields = [
        "speaker",
        "source",
        "in_reply_to",
        "companies",
        "agreements",
        "topics",
    ]
    inlines = [StatementCitationInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "speaker", "form"]}),
        (
            "Words",
            {
                "description": "The text exactly as the source published it; the "
                "English rendering is marked as the editors' translation unless "
                "it is what the speaker said.",
                "fields": [
                    "text",
                    ("language", "spoken_language"),
                    "text_en",
                    "text_en_is_translation",
                ],
            },
        ),
        (
            "Context",
            {
                "fields": [
                    ("said_on", "said_precision"),
                    "occasion",
                    "source",
                    "in_reply_to",
                ]
            },
        ),
        ("About", {"fields": ["companies", "agreements", "topics"]}),
        (
            "Publication",
            {
                "fields": [
                    "publication_status",
                    "internal_note",
                    "change_reason",
                    "loaded_at",
                ]
            },
        ),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="said", ordering="said_on")
    def said_display(self, statement: models.Statement) -> str:
        return statement.said.display if statement.said else "—"
