"""A running import's page brings its progress up to date in place (no timed
reload of the whole page, which axe counts as a critical violation), and opens
the report once the run is done."""

import re

import pytest

from partnerships.import_jobs import _finish
from partnerships.imports import records_import
from partnerships.models import ImportJob, ImportJobStatus
from tests.test_browser_admin_enters_a_deal_in_one_save import log_in

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

pytestmark = pytest.mark.browser


def test_the_progress_updates_in_place_then_the_report_opens(site, page, editor):
    log_in(page, site)
    job = ImportJob.objects.create(
        owner=editor, record_type="companies", filename="c.csv", format="csv"
    )
    page.goto(f"{site}/admin/import/jobs/{job.pk}/")
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    page.evaluate("() => { window.notReloaded = true; }")

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, rows_done=5, rows_total=10
    )
    expect(page.locator("#import-progress")).to_contain_text(
        "5 of 10 rows done", timeout=8000
    )
    assert page.evaluate("() => window.notReloaded") is True  # the same document

    _finish(
        job,
        records_import(
            record_type="companies", content=b"slug,name\nxai,xAI\n", filename="c.csv"
        ),
    )
    expect(page.get_by_role("button", name="Apply the import")).to_be_visible(
        timeout=8000
    )
    assert re.search(rf"/admin/import/jobs/{job.pk}/$", page.url)
    assert page.problems == []
