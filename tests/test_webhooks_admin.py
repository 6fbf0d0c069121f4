"""Editors register webhook endpoints in the admin, read each delivery's log
(status, attempts, last error, every attempt) and re-send a delivery. A
secret is typed once and never shown back in full."""

import pytest

from following.changefeed import changes_record
from tests import factories
from webhooks.models import Delivery, DeliveryStatus, Endpoint

pytestmark = pytest.mark.django_db

SECRET = "a-shared-secret-ending-in-WXYZ"


@pytest.fixture(autouse=True)
def local_receiver_allowed(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOKS_MAX_ATTEMPTS = 1


def endpoint_form(url: str, **fields) -> dict:
    return {
        "url": url,
        "description": "Our mirror",
        "secret": SECRET,
        "record_types": ["agreement", "company"],
        "is_active": "on",
        **fields,
    }


def test_an_editor_registers_an_endpoint(editor_client, editor, receiver):
    response = editor_client.post(
        "/admin/webhooks/endpoint/add/", endpoint_form(receiver.url)
    )

    assert response.status_code == 302, response.content
    endpoint = Endpoint.objects.get()
    assert endpoint.url == receiver.url
    assert endpoint.secret == SECRET
    assert endpoint.record_types == ["agreement", "company"]
    assert endpoint.created_by == editor


def test_the_secret_is_never_shown_back_in_full(editor_client, receiver):
    endpoint = Endpoint.objects.create(url=receiver.url, secret=SECRET)

    listing = editor_client.get("/admin/webhooks/endpoint/").content.decode()
    page = editor_client.get(
        f"/admin/webhooks/endpoint/{endpoint.pk}/change/"
    ).content.decode()

    assert "…WXYZ" in listing
    assert SECRET not in listing
    assert SECRET not in page


def test_saving_without_typing_the_secret_keeps_it(editor_client, receiver):
    endpoint = Endpoint.objects.create(url=receiver.url, secret=SECRET)

    response = editor_client.post(
        f"/admin/webhooks/endpoint/{endpoint.pk}/change/",
        endpoint_form(receiver.url, secret="", description="Renamed"),
    )

    assert response.status_code == 302, response.content
    endpoint.refresh_from_db()
    assert (endpoint.description, endpoint.secret) == ("Renamed", SECRET)


def test_a_short_secret_is_refused(editor_client, receiver):
    response = editor_client.post(
        "/admin/webhooks/endpoint/add/", endpoint_form(receiver.url, secret="short")
    )

    assert response.status_code == 200
    assert "at least 16 characters" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_a_loopback_endpoint_is_refused_when_the_setting_is_off(
    editor_client, receiver, settings
):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False

    response = editor_client.post(
        "/admin/webhooks/endpoint/add/", endpoint_form(receiver.url)
    )

    assert response.status_code == 200
    assert "loopback" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_a_failed_delivery_shows_its_attempts_and_can_be_re_sent(
    editor_client, receiver, django_capture_on_commit_callbacks
):
    Endpoint.objects.create(url=receiver.url, secret=SECRET)
    receiver.statuses = [500, 200]
    factories.CompanyFactory(slug="lab")
    with django_capture_on_commit_callbacks(execute=True):
        changes_record()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED

    listing = editor_client.get("/admin/webhooks/delivery/").content.decode()
    page = editor_client.get(
        f"/admin/webhooks/delivery/{delivery.pk}/change/"
    ).content.decode()
    assert "HTTP 500" in listing
    assert "answered 500" in page  # the attempt's excerpt

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            "/admin/webhooks/delivery/",
            {"action": "resend", "_selected_action": [delivery.pk]},
        )

    assert response.status_code == 302
    assert len(receiver.received) == 2
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert list(delivery.attempt_log.values_list("number", "status_code")) == [
        (1, 500),
        (2, 200),
    ]


def test_readers_cannot_reach_the_webhooks_admin(client):
    assert client.get("/admin/webhooks/endpoint/").status_code == 302
