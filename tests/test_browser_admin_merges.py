"""An editor, in Debian's chromium, is warned that "Microsoft Corp." may be
Microsoft before saving it, saves it anyway, then merges it into Microsoft from
the changelist: the confirmation page shows what moves and asks which record
survives; then undoes the merge from Microsoft's history. Screenshots
go to artifacts/screenshots/ (no console error, no CSP violation)."""

import re

import pytest

from partnerships.models import Company
from tests.browser import SCREENSHOTS

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

pytestmark = pytest.mark.browser


def log_in(page, site) -> None:
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_an_editor_is_warned_of_a_duplicate_then_merges_it(site, page, editor):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, site)
    page.goto(site + "/admin/partnerships/company/add/")
    page.get_by_label("Name").first.press_sequentially("Microsoft Corp.")
    page.get_by_role("button", name="Save", exact=True).click()

    warning = page.locator(".errorlist", has_text="Possible duplicates")
    expect(warning).to_be_visible()
    expect(warning.get_by_role("link", name="Microsoft", exact=True)).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "admin-duplicate-warning.png", full_page=True)
    assert not Company.objects.filter(name="Microsoft Corp.").exists()

    page.get_by_label("This is not a duplicate").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/partnerships/company/$"))
    duplicate = Company.objects.get(name="Microsoft Corp.")
    microsoft = Company.objects.get(name="Microsoft")

    for record in (duplicate, microsoft):
        page.locator(f"input[name=_selected_action][value='{record.pk}']").check()
    page.locator("select[name=action]").select_option("merge_selected")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("Which company survives?")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "admin-merge-confirmation.png", full_page=True)

    page.get_by_label("Keep Microsoft", exact=True).check()
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_text("Merged Microsoft Corp. into Microsoft")).to_be_visible()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == microsoft

    page.goto(f"{site}/admin/partnerships/company/{microsoft.pk}/history/")
    expect(page.get_by_role("link", name="Undo this merge")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "admin-merge-history.png", full_page=True)
    page.get_by_role("link", name="Undo this merge").click()
    expect(page.get_by_role("button", name="Yes, undo this merge")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "admin-merge-undo.png", full_page=True)
    page.get_by_role("button", name="Yes, undo this merge").click()
    expect(
        page.get_by_text("Undone: Microsoft Corp. merged into Microsoft")
    ).to_be_visible()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert page.problems == [], "\n".join(page.problems)
