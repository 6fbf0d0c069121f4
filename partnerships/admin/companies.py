"""Companies and their aliases."""

from django.contrib import admin

from merges.admin import MergeAdminMixin
from merges.duplicates import DuplicateWarningMixin
from partnerships import models
from partnerships.admin.base import (
    CURATION_FIELDSETS,
    MERGED,
    ConcurrencySafeForm,
    CuratedAdmin,
    EditorHistoryAdmin,
    LabelledTabularInline,
)
from partnerships.admin.citations import CompanyCitationInline


class CompanyAliasInline(LabelledTabularInline):
    model = models.CompanyAlias
    extra = 1


class CompanyForm(DuplicateWarningMixin, ConcurrencySafeForm):
    pass


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
        *CURATION_FIELDSETS,
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
