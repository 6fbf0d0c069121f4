"""The admin's import page: upload a file, follow its dry run, confirm to apply.

Both runs are tasks of the task worker (partnerships.import_jobs): the upload
queues the dry run and sends the editor to the job's page, which shows the rows
done out of the rows read and refreshes itself (plain HTML, no script) until
the report is ready; confirming queues the real run and shows its progress the
same way. A file over the caps (partnerships.imports) is refused by the form,
on its file field, before any task is queued.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from partnerships.import_jobs import import_job_confirm, import_job_start
from partnerships.imports import (
    FORMATS,
    IMPORTERS,
    MAX_FILE_BYTES,
    ImportReport,
    columns_help,
    format_from_filename,
    rows_problem,
    size_problem,
)
from partnerships.imports.examples import template_csv
from partnerships.models import ImportJob

# Seconds between two refreshes of a running job's page.
REFRESH_EVERY = 2
# Jobs listed under "Your imports".
RECENT_JOBS = 5


def importable_types(user) -> list[str]:
    """The record types this user may import: those whose models they may write."""
    return [
        record_type
        for record_type, importer in IMPORTERS.items()
        if user.has_perms(importer.permissions())
    ]


def _caps() -> str:
    rows = ", ".join(
        f"{importer.max_rows:,} {record_type}"
        for record_type, importer in IMPORTERS.items()
    )
    return f"at most {MAX_FILE_BYTES // 2**20} MB and {rows}"


class ImportForm(forms.Form):
    record_type = forms.ChoiceField(label="Records")
    file = forms.FileField(help_text=f"A CSV (UTF-8) or JSON file, {_caps()}.")
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
        if problem := size_problem(upload.size):
            raise forms.ValidationError(problem)
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
        if upload and cleaned.get("format") and cleaned.get("record_type"):
            cleaned["content"] = upload.read()
            problem = rows_problem(
                cleaned["content"], cleaned["format"], cleaned["record_type"]
            )
            if problem:
                self.add_error("file", problem)
        return cleaned


def import_records_view(
    request: HttpRequest, record_type: str | None = None
) -> HttpResponse:
    """Upload a file: its dry run is queued and the editor sent to its page.
    `record_type` preselects the type.

    Needs the add and change permissions of the records a type writes (for
    agreements also of their parties and citations). Wrap it in
    `admin.site.admin_view`, which asks staff to sign in.
    """
    _require_staff(request)
    if record_type is not None and record_type not in IMPORTERS:
        raise Http404(f"No such record type: {record_type}")
    allowed = importable_types(request.user)
    if not allowed or (record_type and record_type not in allowed):
        raise PermissionDenied
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        record_types=allowed,
        initial={"record_type": record_type},
    )
    if request.method == "POST" and form.is_valid():
        job = import_job_start(
            owner=request.user,
            record_type=form.cleaned_data["record_type"],
            filename=form.cleaned_data["file"].name,
            fmt=form.cleaned_data["format"],
            content=form.cleaned_data["content"],
        )
        return redirect("partnerships-import-job", pk=job.pk)
    recent = ImportJob.objects.filter(owner=request.user).defer("content", "report")
    return render(
        request,
        "admin/partnerships/import_form.html",
        _context(
            request,
            title="Import records",
            form=form,
            columns={t: columns_help(t) for t in allowed},
            recent_jobs=recent[:RECENT_JOBS],
        ),
    )


def import_template_view(request: HttpRequest, record_type: str) -> HttpResponse:
    """A record type's template: its CSV header and an example row the importer
    accepts (partnerships.imports.examples). Wrap it in `admin.site.admin_view`."""
    _require_staff(request)
    if record_type not in IMPORTERS:
        raise Http404(f"No such record type: {record_type}")
    if record_type not in importable_types(request.user):
        raise PermissionDenied
    response = HttpResponse(
        template_csv(record_type), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{record_type}-template.csv"'
    )
    return response


def import_job_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: its progress while it runs, then its report; POST confirms it.

    Only the editor who started it sees it. Wrap it in `admin.site.admin_view`.
    """
    _require_staff(request)
    job = get_object_or_404(
        ImportJob.objects.defer("content"), pk=pk, owner=request.user
    )
    if job.record_type not in importable_types(request.user):
        raise PermissionDenied
    if request.method == "POST":
        if import_job_confirm(job=job, fingerprint=request.POST.get("fingerprint", "")):
            return redirect("partnerships-import-job", pk=job.pk)
        messages.error(
            request,
            "This report is no longer waiting for confirmation (it was applied, "
            "or another file was imported since): upload the file again.",
        )
        return redirect("partnerships-import")
    if not job.finished:
        return render(
            request,
            "admin/partnerships/import_progress.html",
            _context(
                request,
                title=f"Import {job.filename}",
                job=job,
                refresh_every=REFRESH_EVERY,
            ),
        )
    report = ImportReport.from_json(job.report) if job.report else None
    importer = IMPORTERS[job.record_type]
    model = getattr(importer, "listed_in", importer.model)._meta
    return render(
        request,
        "admin/partnerships/import_report.html",
        _context(
            request,
            title=f"Import {job.filename}"
            + ("" if report and report.committed else ": dry run"),
            job=job,
            report=report,
            changelist=reverse(
                f"admin:{model.app_label}_{model.model_name}_changelist"
            ),
        ),
    )


def _require_staff(request: HttpRequest) -> None:
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied


def _context(request: HttpRequest, **extra) -> dict:
    return {**admin.site.each_context(request), **extra}
