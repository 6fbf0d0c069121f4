"""An editor adds the CoreWeave deal in the admin in one save, typing "through
2030" and "about $5bn" as the source gives them, sees what readers will see
while typing and on the saved form, in Debian's chromium under the site's
Content-Security-Policy (no violation, no console error)."""

import datetime
import re

import pytest

from partnerships.models import Agreement

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

pytestmark = pytest.mark.browser


def log_in(page, site) -> None:
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_an_editor_adds_the_coreweave_deal_in_one_save(site, page, editor):
    log_in(page, site)
    page.goto(site + "/admin/partnerships/agreement/add/")
    # Typed key by key: the admin fills the slug on each keyup.
    page.get_by_label("Title").press_sequentially("Microsoft–CoreWeave compute deal")
    # The admin's slug follows the server's rule: the en dash is a hyphen.
    assert page.locator("#id_slug").input_value() == "microsoft-coreweave-compute-deal"
    page.locator("#id_kind").select_option("cloud_compute")
    page.locator("#id_status").select_option("announced")
    page.locator("#id_expires").fill("through 2030")
    page.locator("#id_value").fill("about $5bn")
    preview = page.locator(".value-preview output")
    # The live preview asks the server, which reads it with the save's parser.
    expect(preview).to_have_text("about USD 5 billion")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url(re.compile(r"/admin/partnerships/agreement/\d+/change/"))
    assert page.locator(".errorlist").count() == 0
    assert page.locator("#id_expires").input_value() == "2030"
    assert page.locator("#id_value").input_value() == "about USD 5 billion"
    shown = page.locator(".value-preview").inner_text()
    assert shown.startswith("Readers will see: about USD 5 billion")
    assert preview.inner_text().startswith("about USD 5 billion")

    stored = Agreement.objects.get(slug="microsoft-coreweave-compute-deal")
    assert (stored.expires_on, stored.expires_precision) == (
        datetime.date(2030, 1, 1),
        "year",
    )
    assert (stored.value_amount, stored.value_currency, stored.value_qualifier) == (
        5 * 10**9,
        "USD",
        "about",
    )
    assert stored.history.count() == 1
    assert page.problems == []


def test_the_live_preview_refuses_what_it_cannot_read(site, page, editor):
    log_in(page, site)
    page.goto(site + "/admin/partnerships/agreement/add/")
    page.locator("#id_value").fill("5bn")
    note = page.locator(".value-preview-note")
    note.filter(has_text="has no currency").wait_for()
    assert "about $5bn" in note.inner_text()
    # The endpoint answers 400 for unreadable text: that one is expected.
    page.problems[:] = [p for p in page.problems if "/value-preview/" not in p]
    assert page.problems == []
