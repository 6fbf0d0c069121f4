"""The editors' queue of readers' corrections: each linked to its record, each
resolved or dismissed with a reason saying what was done or why not."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from corrections.models import Correction, Status
from partnerships.admin.links import change_link


class CorrectionAnswerForm(forms.ModelForm):
    editor = None  # set per request by CorrectionAdmin.get_form

    class Meta:
        model = Correction
        fields = ["status", "reason"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            self.fields["status"].choices = [
                (Status.RESOLVED, "Resolved: the record was corrected"),
                (Status.DISMISSED, "Dismissed: nothing to correct"),
            ]
            self.fields["status"].label = "Answer"
            # Required by the model's rule (Correction.clean), said once.
            self.fields[
                "reason"
            ].help_text = (
                "Required: what was corrected, or why nothing needs correcting."
            )

    def clean(self):
        cleaned = super().clean()
        if self.editor is not None and cleaned.get("reason", "").strip():
            self.instance.resolved_by = self.editor
            self.instance.resolved_at = timezone.now()
        return cleaned


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    form = CorrectionAnswerForm
    list_display = [
        "created_at",
        "record_in_admin",
        "excerpt",
        "has_source",
        "status",
        "resolved_by",
    ]
    list_filter = ["status", ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["content_type", "resolved_by"]
    search_fields = ["text", "source_url", "reason"]
    date_hierarchy = "created_at"
    fieldsets = [
        (
            "The reader's suggestion",
            {
                "fields": [
                    "record_in_admin",
                    "record_on_site",
                    "created_at",
                    "text",
                    "source_link",
                ]
            },
        ),
        ("The editors' answer", {"fields": ["status", "reason", "answered"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    def get_readonly_fields(self, request, obj=None):
        shown = [
            "record_in_admin",
            "record_on_site",
            "created_at",
            "text",
            "source_link",
            "answered",
        ]
        # The stored status: a refused answer has already set it on `obj`.
        answered = (
            obj is not None
            and Correction.objects.filter(pk=obj.pk)
            .exclude(status=Status.OPEN)
            .exists()
        )
        if answered:
            shown += ["status", "reason"]
        return shown

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"editor": request.user})

    def has_add_permission(self, request) -> bool:
        return False  # corrections come from readers

    @admin.display(description="record")
    def record_in_admin(self, correction: Correction) -> str:
        return change_link(correction.record)

    @admin.display(description="on the site")
    def record_on_site(self, correction: Correction) -> str:
        record = correction.record
        if record is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a> (as readers see it, if published)',
            record.get_absolute_url(),
            record.get_absolute_url(),
        )

    @admin.display(description="suggestion")
    def excerpt(self, correction: Correction) -> str:
        text = correction.text
        return text if len(text) <= 120 else text[:119] + "…"

    @admin.display(description="source", boolean=True)
    def has_source(self, correction: Correction) -> bool:
        return bool(correction.source_url)

    @admin.display(description="source URL")
    def source_link(self, correction: Correction) -> str:
        if not correction.source_url:
            return "—"
        return format_html(
            '<a href="{}" rel="noopener noreferrer nofollow">{}</a>',
            correction.source_url,
            correction.source_url,
        )

    @admin.display(description="answered")
    def answered(self, correction: Correction) -> str:
        if correction.resolved_by_id is None:
            return "Not yet."
        return f"By {correction.resolved_by} on {correction.resolved_at:%Y-%m-%d %H:%M}"
