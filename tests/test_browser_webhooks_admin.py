"""An editor registers a webhook in the admin, sees a failed delivery's
attempts and re-sends it, in Debian's chromium under the site's
Content-Security-Policy (no violation, no console error); the change feed
shows in the browsable API. Screenshots go to /tmp/shots-changefeed/."""

import re
from pathlib import Path

import pytest

from tests import factories
from webhooks.models import Delivery, DeliveryStatus, Endpoint

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-changefeed")
SECRET = "a-shared-secret-ending-in-WXYZ"


@pytest.fixture(autouse=True)
def local_receiver_allowed(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOKS_MAX_ATTEMPTS = 1


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, site) -> None:
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_an_editor_registers_a_webhook_and_re_sends_a_failed_delivery(
    site, page, editor, receiver
):
    log_in(page, site)
    page.goto(site + "/admin/webhooks/endpoint/add/")
    page.get_by_label("URL").fill(receiver.url)
    page.get_by_label("Description").fill("Our mirror")
    page.get_by_label("Secret").fill(SECRET)
    page.get_by_label("Company", exact=True).check()
    shot(page, "endpoint-add")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/webhooks/endpoint/$"))
    expect(page.get_by_text("…WXYZ")).to_be_visible()
    assert SECRET not in page.content()
    shot(page, "endpoint-list")
    assert Endpoint.objects.get().record_types == ["company"]

    receiver.statuses = [500, 200]
    factories.CompanyFactory(slug="new-lab", name="New Lab")  # logged and sent
    assert Delivery.objects.get().status == DeliveryStatus.FAILED

    page.goto(site + "/admin/webhooks/delivery/")
    expect(page.get_by_text("HTTP 500")).to_be_visible()
    shot(page, "delivery-list")
    delivery = Delivery.objects.get()
    page.goto(site + f"/admin/webhooks/delivery/{delivery.pk}/change/")
    expect(page.get_by_text("answered 500").first).to_be_visible()
    shot(page, "delivery-attempts")

    page.goto(site + "/admin/webhooks/delivery/")
    page.locator("input[name=_selected_action]").check()
    page.locator("select[name=action]").select_option("resend")
    page.locator(".actions button[type=submit]").click()
    expect(page.get_by_text("1 deliveries queued to be sent again.")).to_be_visible()
    shot(page, "delivery-resent")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert len(receiver.received) == 2

    page.goto(site + "/api/v1/changes/?page_size=3")
    expect(page.get_by_text('"next_since"')).to_be_visible()
    shot(page, "change-feed")

    assert page.problems == []
