"""Reviews in the admin: the full lists the desk's "see all" links open.

Read-only: a review is asked for and closed only through the actions on each
record type's list (editorial.review)."""

from django.contrib import admin

from editorial.models import Review
from partnerships.admin.links import change_link


class ReviewStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "Ready for review"), ("done", "Reviewed and published")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(reviewed_at__isnull=True)
        if self.value() == "done":
            return queryset.filter(reviewed_at__isnull=False)
        return queryset


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["draft", "ready_at", "ready_by", "reviewed_by", "reviewed_at"]
    list_filter = [
        ReviewStateFilter,
        ("content_type", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["content_type", "ready_by", "reviewed_by"]
    search_fields = ["ready_by__username", "reviewed_by__username"]
    date_hierarchy = "ready_at"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="record")
    def draft(self, review: Review) -> str:
        return change_link(review.record)
