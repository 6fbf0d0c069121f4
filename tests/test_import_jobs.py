"""Admin imports run as tasks: the upload queues a dry run, the page follows its
job from the database (a reload shows the same), confirming queues the real
run, and a run that fails writes nothing. test_imports.py covers the reports;
test_import_worker.py the worker itself."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from partnerships.imports import CompanyImporter
from partnerships.models import Company, ImportJob, ImportJobStatus
from partnerships.services import editors_group_ensure
from tests.factories import CompanyFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def openai(db):
    return CompanyFactory(slug="openai", name="OpenAI", publication_status="draft")


def upload(client, content: str, name: str = "c.csv", **kw):
    file = SimpleUploadedFile(name, content.encode(), content_type="text/csv")
    return client.post(
        "/admin/import/", {"record_type": "companies", "file": file}, **kw
    )


def apply(client, job: ImportJob, **kw):
    job.refresh_from_db()
    return client.post(
        f"/admin/import/jobs/{job.pk}/",
        {"confirm": "1", "fingerprint": job.fingerprint},
        **kw,
    )


def running_job(owner, *, done: int, total: int) -> ImportJob:
    return ImportJob.objects.create(
        owner=owner,
        record_type="companies",
        filename="big.csv",
        format="csv",
        content=b"slug,name\n",
        status=ImportJobStatus.RUNNING,
        rows_done=done,
        rows_total=total,
    )


def test_an_upload_queues_a_dry_run_and_sends_the_editor_to_its_page(
    editor_client, editor, settings
):
    settings.TASKS = DATABASE_TASKS  # queued, and no worker runs it here

    response = upload(editor_client, "slug,name\nxai,xAI\n")

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/import/jobs/{job.pk}/"
    assert (job.owner, job.status, job.commit) == (editor, "queued", False)
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs["args"]) == (
        "partnerships.tasks.run_import_job",
        [job.pk],
    )
    assert job.task_id == str(task.id)
    page = editor_client.get(response.url).content.decode()
    assert "Waiting for the task worker" in page
    assert "manage.py db_worker" in page


def test_a_running_imports_page_shows_rows_done_of_total_and_refreshes(
    editor_client, editor
):
    job = running_job(editor, done=1200, total=5000)

    for _ in range(2):  # and the same again after a reload
        page = editor_client.get(f"/admin/import/jobs/{job.pk}/").content.decode()

        assert "Running:\n    1,200 of 5,000 rows done." in page
        assert '<progress class="import-progress" max="5000" value="1200">' in page
        assert 'data-refresh-every="2"' in page
        assert "partnerships/import_progress.js" in page


def test_a_finished_imports_page_does_not_refresh(editor_client, openai):
    page = upload(editor_client, "slug,name\nxai,xAI\n", follow=True)

    assert "Apply the import" in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()
    assert "import_progress.js" not in page.content.decode()


def test_confirming_queues_the_real_run(editor_client, openai, settings):
    upload(editor_client, "slug,name\nxai,xAI\n")
    job = ImportJob.objects.get()
    settings.TASKS = DATABASE_TASKS

    response = apply(editor_client, job)

    assert response.status_code == 302
    assert response.url == f"/admin/import/jobs/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.commit) == ("queued", True)
    assert DBTaskResult.objects.get().args_kwargs["args"] == [job.pk]
    assert not Company.objects.filter(slug="xai").exists()


def test_only_the_editor_who_started_an_import_sees_it(client, editor, openai):
    job = running_job(editor, done=1, total=2)
    other = get_user_model().objects.create_user(username="other", is_staff=True)
    other.groups.add(editors_group_ensure())
    client.force_login(other)

    assert client.get(f"/admin/import/jobs/{job.pk}/").status_code == 404
    assert apply(client, job).status_code == 404


def test_a_real_run_that_fails_writes_nothing_and_says_so(
    editor_client, openai, monkeypatch
):
    upload(editor_client, "slug,name\nxai,xAI\nmistral,Mistral\nopenai,OpenAI Global\n")
    job = ImportJob.objects.get()
    import_row = CompanyImporter.import_row

    def import_row_failing(self, row, context):
        if row.number == 4:  # two rows are written by then
            raise RuntimeError("the disk is full")
        return import_row(self, row, context)

    monkeypatch.setattr(CompanyImporter, "import_row", import_row_failing)

    page = apply(editor_client, job, follow=True).content.decode()

    assert (
        "The import stopped on an unexpected error, so nothing was\n    written: "
        "RuntimeError: the disk is full" in page
    )
    assert list(Company.objects.values_list("slug", "name")) == [("openai", "OpenAI")]
    job.refresh_from_db()
    assert (job.status, job.fingerprint, bytes(job.content)) == ("failed", "", b"")


def test_a_real_run_stopped_with_the_worker_writes_nothing(
    editor_client, openai, monkeypatch
):
    upload(editor_client, "slug,name\nxai,xAI\nmistral,Mistral\n")
    job = ImportJob.objects.get()
    import_row = CompanyImporter.import_row

    def import_row_stopped(self, row, context):
        if row.number == 3:
            raise SystemExit(1)  # what db_worker raises on a second Ctrl+C
        return import_row(self, row, context)

    monkeypatch.setattr(CompanyImporter, "import_row", import_row_stopped)

    page = apply(editor_client, job, follow=True).content.decode()

    assert "written: the task worker was stopped during the import." in page
    assert not Company.objects.filter(slug="xai").exists()


def test_the_import_page_lists_the_editors_imports(editor_client, openai):
    upload(editor_client, "slug,name\nxai,xAI\n", name="new.csv")
    job = ImportJob.objects.get()

    page = editor_client.get("/admin/import/").content.decode()

    assert f'<a href="/admin/import/jobs/{job.pk}/">new.csv</a>' in page
    assert "dry run,\n      1 rows: 1 created" in page
    assert "waiting for your confirmation" in page


def test_starting_another_import_withdraws_the_one_waiting(editor_client, openai):
    upload(editor_client, "slug,name\nxai,xAI\n", name="first.csv")
    first = ImportJob.objects.get()
    upload(editor_client, "slug,name\nmistral,Mistral\n", name="second.csv")

    page = apply(editor_client, first, follow=True).content.decode()

    assert "upload the file again" in page
    assert not Company.objects.filter(slug="xai").exists()
    first.refresh_from_db()
    assert bytes(first.content) == b""


def test_an_applied_import_keeps_no_file(editor_client, openai):
    upload(editor_client, "slug,name\nxai,xAI\n")
    job = ImportJob.objects.get()
    assert bytes(job.content) == b"slug,name\nxai,xAI\n"

    page = apply(editor_client, job, follow=True).content.decode()

    assert re.search(r"Imported c.csv: 1 rows: 1 created", page)
    job.refresh_from_db()
    assert (job.status, job.commit, job.fingerprint, bytes(job.content)) == (
        "done",
        True,
        "",
        b"",
    )
