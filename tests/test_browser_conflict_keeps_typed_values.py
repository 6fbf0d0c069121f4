"""Two editors in chromium: the second one's save is refused as stale, the form
comes back with what they typed and the first editor's change filled in, and one
click on Save applies it."""

import re

import pytest
from django.contrib.auth import get_user_model

from partnerships.models import Agreement
from partnerships.services import editors_group_ensure
from tests.browser import DESKTOP, SCREENSHOTS, Problems
from tests.test_browser_admin_enters_a_deal_in_one_save import log_in

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

SLUG = "openai-aws-cloud-compute"


def editor_page(browser, site, username: str):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10000)
    page.problems = Problems()
    page.problems.watch(page)
    if username != "editor":
        user = get_user_model().objects.create_user(
            username=username, password="correct horse battery staple", is_staff=True
        )
        user.groups.add(editors_group_ensure())
        page.goto(site + "/admin/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("correct horse battery staple")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r"/admin/$"))
    else:
        log_in(page, site)
    return page


def test_the_second_editor_reapplies_their_typed_values_in_one_click(
    site, browser, editor
):
    agreement = Agreement.objects.get(slug=SLUG)
    agreement._change_reason = "a version in the history to start from"
    agreement.save()
    url = f"{site}/admin/partnerships/agreement/{agreement.pk}/change/"
    alice, bob = editor_page(browser, site, "editor"), editor_page(browser, site, "bob")
    alice.goto(url)
    bob.goto(url)

    alice.locator("#id_title").fill("OpenAI–AWS compute, renamed by the first")
    alice.get_by_role("button", name="Save and continue editing").click()
    alice.wait_for_load_state()
    assert alice.locator(".errornote").count() == 0

    typed = "Bob's summary: a long paragraph he would hate to type twice."
    bob.locator("#id_summary").fill(typed)
    bob.get_by_role("button", name="Save and continue editing").click()
    bob.wait_for_load_state()

    assert (
        "Another editor saved this record"
        in bob.locator(".errorlist").first.inner_text()
    )
    assert bob.locator("#id_summary").input_value() == typed
    assert bob.locator("#id_title").input_value() == (
        "OpenAI–AWS compute, renamed by the first"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    bob.screenshot(path=SCREENSHOTS / "admin-conflict-keeps-typed-values.png")

    bob.get_by_role("button", name="Save and continue editing").click()
    bob.wait_for_load_state()

    assert bob.locator(".errorlist").count() == 0
    agreement.refresh_from_db()
    assert agreement.summary == typed
    assert agreement.title == "OpenAI–AWS compute, renamed by the first"
    assert alice.problems == [] and bob.problems == []
