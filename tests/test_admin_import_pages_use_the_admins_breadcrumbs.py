"""The import pages' breadcrumbs are the admin's own (an ordered list, the current
page marked), so they are styled, and read, like every other admin page's."""

import pytest

from tests.test_import_jobs import running_job, upload

pytestmark = pytest.mark.django_db

BREADCRUMBS = '<ol class="breadcrumbs">'


def test_the_import_page(editor_client):
    page = editor_client.get("/admin/import/").content.decode()

    assert BREADCRUMBS in page
    assert '<li aria-current="page">Import records</li>' in page


def test_a_running_imports_page(editor_client, editor):
    job = running_job(editor, done=1, total=2)

    page = editor_client.get(f"/admin/import/jobs/{job.pk}/").content.decode()

    assert BREADCRUMBS in page
    assert f'<li aria-current="page">{job.filename}</li>' in page


def test_an_imports_report(editor_client):
    page = upload(editor_client, "slug,name\nxai,xAI\n", follow=True).content.decode()

    assert BREADCRUMBS in page
    assert '<li aria-current="page">c.csv</li>' in page
