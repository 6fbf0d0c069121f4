"""An editor adds the CoreWeave deal in the admin in one save ("through 2030",
"about $5bn"), sees the preview, marks it ready for review and cannot publish it
herself; a second editor finds it on the editors' desk and publishes it, and is
recorded as its reviewer. A reader suggests a correction from a record page and
an editor dismisses it from the queue with a reason. In Debian's chromium under
the site's Content-Security-Policy; the desk and the queue have no critical or
serious axe violation, and are saved as screenshots (artifacts/screenshots/)."""

import re

import pytest

from corrections.models import Correction
from editorial.models import Review
from partnerships.models import Agreement, AgreementCitation, Source
from tests.api_records import report_every_term
from tests.browser import DESKTOP, SCREENSHOTS, Problems

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
SLUG = "microsoft-coreweave-compute-deal"
# A shared, busy test machine answers admin pages in seconds, not milliseconds.
SLOW = 30_000
expect.set_options(timeout=SLOW)


def log_in(page, site, username: str) -> None:
    page.set_default_timeout(SLOW)
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def run_action(page, site, record, action: str) -> None:
    page.goto(site + "/admin/partnerships/agreement/")
    page.locator(f'input[name="_selected_action"][value="{record.pk}"]').check()
    page.locator('select[name="action"]').select_option(action)
    page.locator("div.actions button[name=index]").click()
    page.wait_for_load_state()


def blocking_axe_violations(page) -> list[str]:
    from tests.test_browser_accessibility import BLOCKING, axe_violations, described

    return [
        described(violation)
        for violation in axe_violations(page)
        if violation["impact"] in BLOCKING
    ]


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def second_page(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(SLOW)
    page.problems = Problems()
    page.problems.watch(page)
    return context, page


def test_a_second_editor_publishes_the_coreweave_deal_after_review(
    site, browser, page, editor, reviewer
):
    log_in(page, site, "editor")
    page.goto(site + "/admin/partnerships/agreement/add/")
    page.get_by_label("Title").press_sequentially("Microsoft–CoreWeave compute deal")
    page.locator("#id_kind").select_option("cloud_compute")
    page.locator("#id_status").select_option("announced")
    page.locator("#id_expires").fill("through 2030")
    page.locator("#id_value").fill("about $5bn")
    expect(page.locator(".value-preview output")).to_have_text("about USD 5 billion")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url(re.compile(r"/admin/partnerships/agreement/\d+/change/"))
    assert page.locator(".errorlist").count() == 0
    assert (
        page.locator(".value-preview")
        .inner_text()
        .startswith("Readers will see: about USD 5 billion")
    )
    deal = Agreement.objects.get(slug=SLUG)
    # Its citation and the reports of its terms, as a second save would add them
    # (entering those in the admin: tests/test_admin_term_reports.py).
    AgreementCitation.objects.create(
        record=deal, source=Source.objects.first(), excerpt="about $5bn"
    )
    report_every_term(deal)

    run_action(page, site, deal, "mark_ready_for_review")
    expect(page.locator(".messagelist")).to_contain_text(
        "Marked 1 draft(s) ready for review"
    )
    run_action(page, site, deal, "publish_selected")
    expect(page.locator(".messagelist")).to_contain_text(
        "You marked this draft ready for review: another editor reviews and "
        "publishes it."
    )
    deal.refresh_from_db()
    assert deal.publication_status == "draft"

    context, second = second_page(browser)
    log_in(second, site, "reviewer")
    desk = second.locator("section.desk")
    ready = desk.get_by_role("table").filter(has_text="Agreements (1)")
    expect(ready).to_contain_text("Microsoft–CoreWeave compute deal")
    expect(ready).to_contain_text("editor")
    expect(desk).to_contain_text("Recent changes by others")
    assert blocking_axe_violations(second) == []
    screenshot(second, "editors-desk")
    ready.get_by_role("link", name="Microsoft–CoreWeave compute deal").click()
    expect(second.locator(".field-review_state")).to_contain_text(
        "Ready for review since"
    )
    run_action(second, site, deal, "publish_selected")
    expect(second.locator(".messagelist")).to_contain_text(
        "Published 1 record(s), reviewed by reviewer."
    )

    deal.refresh_from_db()
    assert deal.publication_status == "published"
    review = Review.objects.get()
    assert (review.ready_by, review.reviewed_by) == (editor, reviewer)
    second.goto(site + f"/agreements/{SLUG}/")
    facts = second.locator(".key-facts")
    expect(facts).to_contain_text("about USD 5 billion")
    expect(facts).to_contain_text("2030")
    assert page.problems == [] and second.problems == []
    context.close()


def test_a_reader_suggests_a_correction_and_an_editor_dismisses_it(
    site, browser, page, editor
):
    context, reader = second_page(browser)
    reader.goto(site + "/agreements/openai-aws-cloud-compute/")
    form = reader.locator("section.suggest-correction")
    form.get_by_label("What is wrong or missing").fill("The value is USD 38 bn.")
    form.get_by_label("Source URL (optional)").fill("https://example.com/aws")
    form.get_by_role("button", name="Send to the editors").click()
    reader.wait_for_url(re.compile(r"/corrections/thanks/$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert reader.problems == []
    context.close()

    log_in(page, site, "editor")
    page.goto(site + "/admin/corrections/correction/?status__exact=open")
    expect(page.locator("#result_list")).to_contain_text("The value is USD 38 bn.")
    assert blocking_axe_violations(page) == []
    screenshot(page, "corrections-queue")
    page.locator("#result_list tbody a").first.click()
    expect(page.locator(".field-record_in_admin")).to_contain_text("Agreement:")
    page.locator("#id_status").select_option("dismissed")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errorlist")).to_contain_text("Say why")
    assert blocking_axe_violations(page) == []
    screenshot(page, "correction-answer-refused")
    page.locator("#id_reason").fill("The article says USD 38 bn already.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/corrections/correction/(\?.*)?$"))

    correction = Correction.objects.get()
    assert (correction.status, correction.resolved_by) == ("dismissed", editor)
    assert page.problems == []
