"""Shared pieces of every curated record's admin: edit-conflict-safe forms, history, publishing actions."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from editorial.review import open_review, record_publish, review_request
from partnerships import models
from partnerships.admin.conflicts import Merge, merge_stale_form
from partnerships.admin.imports import importable_types
from partnerships.history import PARTS, History
from partnerships.publication import changes_since
from partnerships.slugs import slug_from
from partnerships.visibility import EDITOR


def each_record(queryset: QuerySet, action) -> tuple[list[str], list[str]]:
    """`action` done to each record: those it was done to, and those it refused
    (a ValidationError), each with its reasons."""
    done, refused = [], []
    for record in queryset:
        try:
            action(record)
        except ValidationError as error:
            refused.append(f"{record}: {' '.join(error.messages)}")
        else:
            done.append(str(record))
    return done, refused


# The last fieldsets of every curated record's change form.
CURATION_FIELDSETS = (
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
)


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
        marked, refused = each_record(
            queryset, lambda record: review_request(record=record, editor=request.user)
        )
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
        published, refused = each_record(
            queryset,
            lambda record: record_publish(record=record, reviewer=request.user),
        )
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


MERGED = ("merged_into", admin.EmptyFieldListFilter)
