"""Imports as background work: the admin's import page hands each file to the
task worker (`manage.py db_worker`) and follows it through an `ImportJob`.

- Starting an import saves the file in a job and queues its dry run; the page
  shows the rows done out of the rows read, from the database, until the
  report is ready.
- Confirming the report queues the real run of the same file, which writes
  all rows or none, and nothing at all if the records changed since the report
  the editor confirmed (they see the new one to confirm instead).
- A run that fails writes nothing: the job keeps the error, the worker's log
  and its task result the traceback.

An editor has at most one import waiting for confirmation: starting another
withdraws the earlier one, as a new preview did when the file waited in the
session.
"""

import logging
import threading

from django.db import connection, connections, transaction

from partnerships.imports import ImportReport, ThrottledProgress, records_import
from partnerships.models import ImportJob, ImportJobStatus

logger = logging.getLogger(__name__)

# Seconds between two writes of a running job's progress.
PROGRESS_EVERY = 1.0


@transaction.atomic
def import_job_start(
    *, owner, record_type: str, filename: str, fmt: str, content: bytes
) -> ImportJob:
    """Save a file as a job and queue its dry run."""
    ImportJob.objects.filter(owner=owner, status=ImportJobStatus.DONE).exclude(
        fingerprint=""
    ).update(fingerprint="", content=b"")
    job = ImportJob.objects.create(
        owner=owner,
        record_type=record_type,
        filename=filename,
        format=fmt,
        content=content,
    )
    _enqueue(job)
    return job


@transaction.atomic
def import_job_confirm(*, job: ImportJob, fingerprint: str) -> bool:
    """Queue the real run of a dry run the editor confirmed; False if the job
    no longer waits for this confirmation (applied, withdrawn, or confirmed
    already in another tab)."""
    confirmed = (
        ImportJob.objects.filter(
            pk=job.pk, status=ImportJobStatus.DONE, fingerprint=fingerprint
        )
        .exclude(fingerprint="")
        .update(commit=True, status=ImportJobStatus.QUEUED, rows_done=0, error="")
    )
    if confirmed:
        _enqueue(job)
    return bool(confirmed)


def _enqueue(job: ImportJob) -> None:
    from partnerships.tasks import run_import_job

    result = run_import_job.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=result.id)


def import_job_run(job_id: int) -> None:
    """Run a queued job's dry run or real run (the task worker calls this)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING, rows_done=0, rows_total=None
    )
    if not claimed:
        return  # run already, or withdrawn
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    try:
        report = records_import(
            record_type=job.record_type,
            content=bytes(job.content),
            filename=job.filename,
            fmt=job.format,
            commit=job.commit,
            user=job.owner,
            expected_fingerprint=job.fingerprint if job.commit else None,
            progress=ThrottledProgress(JobProgress(job.pk), every=PROGRESS_EVERY),
        )
    except BaseException as error:
        logger.exception("Import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJobStatus.FAILED,
            error=(
                f"{type(error).__name__}: {error}"
                if isinstance(error, Exception)
                else "the task worker was stopped during the import."
            ),
            fingerprint="",
            content=b"",
        )
        raise
    _finish(job, report)


def _finish(job: ImportJob, report: ImportReport) -> None:
    job.status = ImportJobStatus.DONE
    job.report = report.as_json()
    job.summary = report.summary
    job.rows_total = job.rows_done = len(report.rows)
    job.fingerprint = (
        report.fingerprint
        if report.ok and report.has_changes and not report.committed
        else ""
    )
    fields = ["status", "report", "summary", "rows_total", "rows_done", "fingerprint"]
    if not job.fingerprint:
        job.content = b""
        fields.append("content")
    job.save(update_fields=fields)


class JobProgress:
    """Writes a running job's progress where the import page reads it.

    The rows of an import are one transaction, and what it writes shows only
    when it ends: the count is written over a connection of its own (a thread
    has its own), and skipped rather than waited for if the job is locked.
    SQLite takes one writer at a time, and the import is it: there the count
    is written only before the rows begin, and at the end.
    """

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id

    def __call__(self, done: int, total: int) -> None:
        if not connection.in_atomic_block:
            self._write(done, total)
        elif connection.vendor != "sqlite":
            writer = threading.Thread(target=self._write_aside, args=(done, total))
            writer.start()
            writer.join()

    def _write(self, done: int, total: int) -> None:
        ImportJob.objects.filter(pk=self.job_id).update(
            rows_done=done, rows_total=total
        )

    def _write_aside(self, done: int, total: int) -> None:
        try:
            with transaction.atomic():
                job = ImportJob.objects.select_for_update(skip_locked=True).filter(
                    pk=self.job_id
                )
                if job.values_list("pk"):
                    self._write(done, total)
        except Exception:
            logger.exception(
                "Could not record the progress of import job %s", self.job_id
            )
        finally:
            connections.close_all()
