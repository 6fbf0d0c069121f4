"""Sources: the articles and filings every fact cites."""

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


class SourceForm(DuplicateWarningMixin, ConcurrencySafeForm):
    pass


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
        *CURATION_FIELDSETS,
    ]

    @admin.display(description="published", ordering="published_on")
    def published_display(self, source: models.Source) -> str:
        return source.published.display if source.published else "—"
