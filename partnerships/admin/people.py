"""People: executives who make statements."""

from django.contrib import admin

from merges.admin import MergeAdminMixin
from merges.duplicates import DuplicateWarningMixin
from partnerships import models
from partnerships.admin.base import (
    CURATION_FIELDSETS,
    MERGED,
    ConcurrencySafeForm,
    CuratedAdmin,
)
from partnerships.admin.citations import PersonCitationInline


class PersonForm(DuplicateWarningMixin, ConcurrencySafeForm):
    pass


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
        *CURATION_FIELDSETS,
    ]
