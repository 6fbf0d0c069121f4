"""The editors' side of merges: "Merge selected into…" on a changelist, with a
confirmation page that shows what will move and asks which record survives;
the merges a record took part in on its change and history pages, each with
"Undo this merge" (and a confirmation)."""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from merges.models import Merge
from merges.moves import plan
from merges.services import MergeRefused, record_merge, record_unmerge

# A confirmation page plans each record against each candidate survivor: the
# number selected bounds its cost.
MAX_MERGED_AT_ONCE = 5


def merges_of(model, pk) -> QuerySet:
    """The merges record `pk` of `model` took part in, either side."""
    return Merge.objects.filter(
        Q(source_id=pk) | Q(into_id=pk),
        content_type=ContentType.objects.get_for_model(model),
    ).select_related("merged_by", "undone_by")


class MergeAdminMixin:
    """For the admin of a model with `merged_into`: companies, people, sources."""

    change_form_template = "admin/merges/change_form.html"

    def merge_context(self, object_id) -> dict:
        record = self.model._default_manager.filter(pk=object_id).first()
        if record is None:
            return {}
        info = self.model._meta.app_label, self.model._meta.model_name
        return {
            "merged_into": record.merged_into,
            "merged_into_url": (
                reverse(
                    f"admin:{info[0]}_{info[1]}_change", args=[record.merged_into_id]
                )
                if record.merged_into_id
                else ""
            ),
            "record_merges": [
                {
                    "merge": merge,
                    "undo_url": reverse(
                        f"admin:{info[0]}_{info[1]}_undo_merge",
                        args=[object_id, merge.pk],
                    ),
                }
                for merge in merges_of(self.model, record.pk)
            ],
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self.merge_context(object_id)}
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), **self.merge_context(object_id)}
        return super().history_view(request, object_id, extra_context)

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/merges/<int:merge_id>/undo/",
                self.admin_site.admin_view(self.undo_merge_view),
                name=f"{info[0]}_{info[1]}_undo_merge",
            ),
            *super().get_urls(),
        ]

    @admin.action(description="Merge selected into…", permissions=["change"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet):
        records = list(queryset.order_by("pk")[: MAX_MERGED_AT_ONCE + 1])
        if not 2 <= len(records) <= MAX_MERGED_AT_ONCE:
            self.message_user(
                request,
                f"Select from 2 to {MAX_MERGED_AT_ONCE} records: the one that "
                "survives and those merged into it.",
                level=messages.ERROR,
            )
            return None
        error = ""
        if request.POST.get("confirm") == "yes":
            survivor = next(
                (r for r in records if str(r.pk) == request.POST.get("survivor")),
                None,
            )
            if survivor is not None:
                return self._merge_into(request, records, survivor)
            error = "Choose the record that survives."
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "records": records,
            "choices": [
                {
                    "survivor": survivor,
                    "plans": [
                        plan(record, survivor)
                        for record in records
                        if record.pk != survivor.pk
                    ],
                }
                for survivor in records
            ],
            "action": "merge_selected",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "error": error,
        }
        return TemplateResponse(
            request, "admin/merges/merge_confirmation.html", context
        )

    def _merge_into(self, request: HttpRequest, records: list, survivor) -> None:
        merged, refused = [], []
        for record in records:
            if record.pk == survivor.pk:
                continue
            try:
                record_merge(
                    source=record, into=survivor, by=request.user, model=self.model
                )
            except MergeRefused as refusal:
                refused.append(f"{record}: {' '.join(refusal.messages)}")
            else:
                merged.append(str(record))
        if merged:
            self.message_user(
                request,
                f"Merged {', '.join(merged)} into {survivor}. Undo from either "
                "record's page (Merges).",
            )
        if refused:
            self.message_user(
                request, f"Not merged: {' '.join(refused)}", level=messages.ERROR
            )
        return None

    def undo_merge_view(
        self, request: HttpRequest, object_id: str, merge_id: int
    ) -> HttpResponse:
        record = self.get_object(request, object_id)
        if record is None or not self.has_change_permission(request, record):
            raise PermissionDenied
        merge = get_object_or_404(merges_of(self.model, record.pk), pk=merge_id)
        info = self.model._meta.app_label, self.model._meta.model_name
        back = reverse(f"admin:{info[0]}_{info[1]}_change", args=[record.pk])
        if request.method == "POST" and not merge.is_undone:
            try:
                record_unmerge(merge=merge, by=request.user)
            except MergeRefused as refusal:
                self.message_user(
                    request, " ".join(refusal.messages), level=messages.ERROR
                )
            else:
                self.message_user(request, f"Undone: {merge}.")
            return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Undo: {merge}?",
            "opts": self.model._meta,
            "original": record,
            "merge": merge,
            "back": back,
        }
        return TemplateResponse(request, "admin/merges/undo_confirmation.html", context)


@admin.register(Merge)
class MergeAdmin(admin.ModelAdmin):
    """What was merged, by whom, and whether it was undone: read only; undo a
    merge from its record's page."""

    list_display = ["__str__", "content_type", "merged_by", "merged_at", "undone_at"]
    list_filter = ["content_type", ("undone_at", admin.EmptyFieldListFilter)]
    list_select_related = ["content_type", "merged_by"]
    search_fields = ["source_name", "into_name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
