"""The admin's import page: upload a file, read the dry run, confirm to apply.

The preview is a dry run of `records_import`; the file waits in the editor's
session until they confirm. Confirming runs the import again, for real: if the
records changed since the preview (another editor saved in between), the new
report differs from the one confirmed, nothing is written and the editor sees
the new report to confirm instead.
"""

import base64
import secrets

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from partnerships.imports import (
    FORMATS,
    IMPORTERS,
    columns_help,
    format_from_filename,
    records_import,
)

# Larger files belong to `manage.py import_records`.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
SESSION_KEY = "partnerships_import"


def importable_types(user) -> list[str]:
    """The record types this user may import: those whose models they may write."""
    return [
        record_type
        for record_type, importer in IMPORTERS.items()
        if user.has_perms(importer.permissions())
    ]


class ImportForm(forms.Form):
    record_type = forms.ChoiceField(label="Records")
    file = forms.FileField(
        help_text="A CSV (UTF-8) or JSON file, at most 2 MB.",
    )
    format = forms.ChoiceField(
        choices=[("", "From the file name (.csv or .json)")]
        + [(fmt, fmt.upper()) for fmt in FORMATS],
        required=False,
    )

    def __init__(self, *args, record_types: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [(t, t.title()) for t in record_types]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The file is larger than 2 MB: import it with "
                "`manage.py import_records` instead."
            )
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and not cleaned.get("format"):
            fmt = format_from_filename(upload.name)
            if fmt is None:
                self.add_error(
                    "format",
                    f"Cannot tell whether “{upload.name}” is CSV or JSON from its "
                    "name: choose the format.",
                )
            cleaned["format"] = fmt
        return cleaned


def import_records_view(
    request: HttpRequest, record_type: str | None = None
) -> HttpResponse:
    """Upload → dry-run report → confirm. `record_type` preselects the type.

    Needs the add and change permissions of the records a type writes (for
    agreements also of their parties and citations). Wrap it in
    `admin.site.admin_view`, which asks staff to sign in.
    """
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied
    if record_type is not None and record_type not in IMPORTERS:
        raise Http404(f"No such record type: {record_type}")
    allowed = importable_types(request.user)
    if not allowed or (record_type and record_type not in allowed):
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, allowed)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        record_types=allowed,
        initial={"record_type": record_type},
    )
    if request.method == "POST" and form.is_valid():
        return _preview(request, form)
    return render(
        request,
        "admin/partnerships/import_form.html",
        _context(
            request,
            title="Import records",
            form=form,
            columns={t: columns_help(t) for t in allowed},
        ),
    )


def _preview(request: HttpRequest, form: ImportForm) -> HttpResponse:
    upload = form.cleaned_data["file"]
    content = upload.read()
    pending = {
        "token": secrets.token_urlsafe(16),
        "record_type": form.cleaned_data["record_type"],
        "filename": upload.name,
        "format": form.cleaned_data["format"],
        "content": base64.b64encode(content).decode("ascii"),
    }
    report = _run(request, pending, commit=False)
    if report.ok:
        pending["fingerprint"] = report.fingerprint
        request.session[SESSION_KEY] = pending
    return _report(request, report, pending)


def _confirm(request: HttpRequest, allowed: list[str]) -> HttpResponse:
    pending = request.session.get(SESSION_KEY)
    if not pending or pending["token"] != request.POST.get("token"):
        messages.error(
            request,
            "This preview is no longer waiting for confirmation (it was applied, "
            "or another file was previewed since): upload the file again.",
        )
        return redirect(reverse("admin:index"))
    if pending["record_type"] not in allowed:
        raise PermissionDenied
    report = _run(
        request, pending, commit=True, expected_fingerprint=pending["fingerprint"]
    )
    if report.committed:
        del request.session[SESSION_KEY]
        messages.success(request, f"Imported {pending['filename']}: {report.summary}")
        model = IMPORTERS[pending["record_type"]].model._meta
        return redirect(
            reverse(f"admin:{model.app_label}_{model.model_name}_changelist")
        )
    if report.ok:
        # The records changed since the preview: show what the import does now.
        pending["fingerprint"] = report.fingerprint
        request.session[SESSION_KEY] = pending
    else:
        del request.session[SESSION_KEY]
    return _report(request, report, pending)


def _run(request: HttpRequest, pending: dict, **options):
    return records_import(
        record_type=pending["record_type"],
        content=base64.b64decode(pending["content"]),
        filename=pending["filename"],
        fmt=pending["format"],
        user=request.user,
        **options,
    )


def _report(request: HttpRequest, report, pending: dict) -> HttpResponse:
    return render(
        request,
        "admin/partnerships/import_report.html",
        _context(
            request,
            title=f"Import {pending['filename']}: dry run",
            report=report,
            token=pending["token"],
        ),
    )


def _context(request: HttpRequest, **extra) -> dict:
    return {**admin.site.each_context(request), **extra}
