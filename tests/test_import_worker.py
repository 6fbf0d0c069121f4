"""An admin import goes through the database backend and the task worker
(`manage.py db_worker`), as in production: queued by the page, run by the
worker, read back by the page.

The worker commits as it claims and finishes tasks, so this test runs outside
a test transaction (and flushes the tables after)."""

import signal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from partnerships.models import Company, ImportJob
from tests.factories import CompanyFactory


@pytest.fixture
def worker_pass(settings):
    """Run the worker once over the queue, as `db_worker --batch` does."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker installs its own handlers for a graceful stop.
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def run() -> None:
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval=0",
            stdout=StringIO(),
        )

    yield run
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


def test_the_worker_runs_the_dry_run_then_the_confirmed_import(
    transactional_db, editor_client, editor, worker_pass
):
    CompanyFactory(slug="openai", name="OpenAI", publication_status="draft")
    file = SimpleUploadedFile("c.csv", b"slug,name\nxai,xAI\nopenai,OpenAI Global\n")

    queued = editor_client.post(
        "/admin/import/", {"record_type": "companies", "file": file}
    )

    job = ImportJob.objects.get()
    assert (
        "Waiting for the task worker" in editor_client.get(queued.url).content.decode()
    )

    worker_pass()

    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total) == ("done", 2, 2)
    report = editor_client.get(queued.url).content.decode()
    assert "2 rows: 1 created, 1 changed, 0 unchanged, 0 rejected." in report
    assert not Company.objects.filter(slug="xai").exists()

    editor_client.post(queued.url, {"confirm": "1", "fingerprint": job.fingerprint})
    assert (
        "Waiting for the task worker" in editor_client.get(queued.url).content.decode()
    )
    worker_pass()

    done = editor_client.get(queued.url).content.decode()
    assert "Imported c.csv: 2 rows: 1 created, 1 changed" in done
    assert Company.objects.get(slug="openai").name == "OpenAI Global"
    entry = Company.objects.get(slug="xai").history.get()
    assert (entry.history_user, entry.history_change_reason) == (editor, "import c.csv")
    # The import's two tasks (the change log's own tasks run beside them, and
    # the export of the downloads its changes queued waits its
    # DOWNLOADS_EXPORT_DELAY: following/downloads/schedule.py).
    imports = DBTaskResult.objects.filter(task_path="partnerships.tasks.run_import_job")
    assert [task.status for task in imports] == ["SUCCESSFUL", "SUCCESSFUL"]
