"""An import the task worker runs for an editor: the file, where it has got to,
and what it found. The admin's import page reads all of it from here, so a reload
(or a visit the next day) shows the same progress bar and the same report."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ImportRecordType(models.TextChoices):
    # The record types of partnerships.imports.IMPORTERS.
    AGREEMENTS = "agreements"
    COMMITMENTS = "commitments"
    COMPANIES = "companies"
    STATEMENTS = "statements"


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    JSON = "json", "JSON"


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the task worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(models.Model):
    """One file an editor imports: a dry run, then, once they confirm its report,
    the real run. `commit` says which run the status is about."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    record_type = models.CharField(max_length=20, choices=ImportRecordType)
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=4, choices=ImportFormat)
    # Kept only while the import may still be applied (see `waiting`).
    content = models.BinaryField(blank=True)
    commit = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ImportJobStatus, default=ImportJobStatus.QUEUED
    )
    rows_done = models.PositiveIntegerField(default=0)
    # Known once the worker has read the file.
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)
    summary = models.CharField(max_length=200, blank=True)
    # What the editor confirms: the report they saw, while it may be applied.
    fingerprint = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(record_type__in=ImportRecordType.values),
                name="importjob_record_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(format__in=ImportFormat.values),
                name="importjob_format_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ImportJobStatus.values),
                name="importjob_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(rows_total__isnull=True)
                | Q(rows_done__lte=F("rows_total")),
                name="importjob_rows_done_within_total",
            ),
        ]
        indexes = [
            # The import page lists an editor's latest jobs.
            models.Index(fields=["owner", "-created_at"], name="importjob_owner_idx"),
        ]

    def __str__(self) -> str:
        run = "import" if self.commit else "dry run"
        return f"{self.filename} ({self.record_type}, {run}): {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def waiting(self) -> bool:
        """Its report may be applied: the editor has yet to confirm it."""
        return self.status == ImportJobStatus.DONE and bool(self.fingerprint)

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return self.rows_done * 100 // self.rows_total
