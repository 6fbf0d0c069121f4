"""Statements: what executives said, cited."""

from django.contrib import admin

from partnerships import models
from partnerships.admin.base import CURATION_FIELDSETS, CuratedAdmin
from partnerships.admin.citations import StatementCitationInline


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
        *CURATION_FIELDSETS,
    ]

    @admin.display(description="said", ordering="said_on")
    def said_display(self, statement: models.Statement) -> str:
        return statement.said.display if statement.said else "—"
