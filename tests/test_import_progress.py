"""An import says how far it has got, at a bounded rate: the command on stderr,
an admin import in its job, where the page reads it while the rows are written."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections

from partnerships import import_jobs
from partnerships.imports import CompanyImporter, ThrottledProgress
from partnerships.models import ImportJob, ImportJobStatus


class Clock:
    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_progress_is_passed_on_at_most_once_every_interval():
    seen = []
    progress = ThrottledProgress(
        lambda done, total: seen.append(done), every=1.0, clock=Clock(0.25)
    )

    for done in range(11):
        progress(done, 10)

    # The rows read, then every fourth row (a second apart), and the last.
    assert seen == [0, 4, 8, 10]


def test_the_command_shows_rows_done_on_stderr(db, tmp_path):
    data = tmp_path / "companies.csv"
    data.write_text("slug,name\nxai,xAI\nmistral,Mistral\n")
    out, err = StringIO(), StringIO()

    call_command("import_records", "companies", str(data), stdout=out, stderr=err)

    assert err.getvalue().splitlines() == ["rows done: 0 of 2", "rows done: 2 of 2"]
    assert "rows done" not in out.getvalue()


def test_the_command_shows_no_progress_at_verbosity_0(db, tmp_path):
    data = tmp_path / "companies.csv"
    data.write_text("slug,name\nxai,xAI\n")
    err = StringIO()

    call_command(
        "import_records",
        "companies",
        str(data),
        "-v",
        "0",
        stdout=StringIO(),
        stderr=err,
    )

    assert err.getvalue() == ""


def read_aside(job_id: int) -> tuple:
    """The job as another connection (the import page's) sees it."""
    seen = []

    def read():
        try:
            job = ImportJob.objects.get(pk=job_id)
            seen.append((job.status, job.rows_done, job.rows_total))
        finally:
            connections.close_all()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    return seen[0]


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite takes one writer at a time: the count shows when the run ends",
)
def test_a_running_jobs_rows_done_are_seen_while_its_rows_are_written(
    transactional_db, editor, monkeypatch
):
    job = ImportJob.objects.create(
        owner=editor,
        record_type="companies",
        filename="c.csv",
        format="csv",
        content=b"slug,name\na,A\nb,B\nc,C\nd,D\n",
    )
    monkeypatch.setattr(import_jobs, "PROGRESS_EVERY", 0)
    seen = []
    import_row = CompanyImporter.import_row

    def import_row_watched(self, row, context):
        if row.number == 4:  # the third row: two are done, inside the transaction
            seen.append(read_aside(job.pk))
        return import_row(self, row, context)

    monkeypatch.setattr(CompanyImporter, "import_row", import_row_watched)

    import_jobs.import_job_run(job.pk)

    assert seen == [(ImportJobStatus.RUNNING, 2, 4)]
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total) == ("done", 4, 4)
