"""What the browser tests share: Debian's chromium driven by Playwright, the
article's records on a live server, and what a page reports going wrong.

Loaded as a plugin by tests/conftest.py, so that every browser test file uses
the same fixtures.
"""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    playwright_sync = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; Django refuses
    # database access from a thread with a running loop unless told it is safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def site(live_server, transactional_db) -> str:
    """The article's records on a live server.

    A transactional test flushes the tables after it runs, taking the company
    kinds a data migration seeds with them; they are put back first.
    """
    seeded = importlib.import_module("partnerships.migrations.0002_company_kinds")
    seeded.add_kinds(django_apps, None)
    call_command("loaddata", "article", verbosity=0)
    return live_server.url


# Playwright adds this to every document outside its policy, before its scripts.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.effectiveDirective} blocked ` +
    `${event.blockedURI || "inline"} (${event.sample})`);
});
"""


class Problems(list):
    """Console errors, uncaught exceptions and failed requests seen by a page.

    Chromium logs "Failed to load resource" for every answer of 400 or more, the
    pages deliberately visited as 404 and 400 included; the response listener
    reports those for everything but the visited page itself. Chromium logs a
    CSP violation as a console error too, in words that vary with what was
    blocked; the page's own securitypolicyviolation event names each one alike.
    """

    def watch(self, page) -> None:
        page.add_init_script(REPORT_CSP_VIOLATIONS)
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.append(f"page error: {error}"))
        page.on("requestfailed", self.request_failed)
        page.on("response", self.response)

    def request_failed(self, request) -> None:
        # A click that leaves the page cancels what it was still loading (the
        # favicon, say): the browser's choice, not a broken resource.
        if request.failure != "net::ERR_ABORTED":
            self.append(f"failed: {request.url} ({request.failure})")

    def console(self, message) -> None:
        if message.type == "error" and not message.text.startswith(
            "Failed to load resource"
        ):
            self.append(f"console: {message.text}")

    def response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.append(f"{response.status}: {response.url}")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(5000)
    page.problems = Problems()
    page.problems.watch(page)
    yield page
    context.close()
