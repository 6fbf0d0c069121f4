"""Webhook endpoints never reach inside our network (SSRF): a URL whose host is,
or resolves to, a private, loopback, link-local or reserved address is refused
when the endpoint is saved and again at each delivery, unless
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES is on (tests, local development). A delivery
connects to the very address it checked (no second lookup to rebind)."""

import socket

import pytest

from following.changefeed import changes_record
from tests import factories
from webhooks import addresses
from webhooks.addresses import RefusedAddress, checked_target, unsafe
from webhooks.admin import EndpointForm
from webhooks.models import Delivery, DeliveryStatus, Endpoint

SECRET = "a-shared-secret-of-some-length"


@pytest.fixture(autouse=True)
def private_addresses_refused(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    settings.WEBHOOKS_MAX_ATTEMPTS = 2


@pytest.fixture
def resolving(monkeypatch):
    """Make host names resolve to the addresses given, as a DNS server could."""
    names: dict[str, str] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(addresses.socket, "getaddrinfo", getaddrinfo)
    return names


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # a cloud's metadata service
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fc00::1",
        "fe80::1",
        "::ffff:127.0.0.1",  # IPv4 written as IPv6
    ],
)
def test_a_private_address_is_unsafe(address):
    assert unsafe(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1::1"])
def test_a_public_address_is_safe(address):
    assert not unsafe(address)


def test_a_host_resolving_to_a_private_address_is_refused(resolving):
    resolving["hooks.example.com"] = "10.0.0.7"

    with pytest.raises(RefusedAddress, match="10.0.0.7"):
        checked_target("https://hooks.example.com/tracker")


def test_a_public_host_is_accepted_and_pinned_to_its_address(resolving):
    resolving["hooks.example.com"] = "93.184.216.34"

    assert checked_target("https://hooks.example.com:8443/tracker") == (
        "https",
        "hooks.example.com",
        8443,
        "93.184.216.34",
    )


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://hooks.example.com/", "http:// or https://"),
        ("https://user:pw@hooks.example.com/", "user names and passwords"),
        ("https://hooks.example.com:99999/", "port"),
    ],
)
def test_other_urls_are_refused_saying_why(url, problem):
    with pytest.raises(RefusedAddress, match=problem):
        checked_target(url)


@pytest.mark.django_db
def test_the_admin_form_refuses_a_loopback_endpoint(receiver):
    form = EndpointForm(data={"url": receiver.url, "secret": SECRET, "is_active": "on"})

    assert not form.is_valid()
    assert "loopback" in form.errors["url"][0]


@pytest.mark.django_db
def test_the_admin_form_takes_a_loopback_endpoint_when_the_setting_allows(
    receiver, settings
):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    form = EndpointForm(data={"url": receiver.url, "secret": SECRET, "is_active": "on"})

    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_a_delivery_to_a_private_address_is_refused_at_delivery_time(
    receiver, django_capture_on_commit_callbacks
):
    # Saved when it was allowed (or before a host's address changed).
    Endpoint.objects.create(url=receiver.url, secret=SECRET)
    factories.CompanyFactory(slug="lab")
    with django_capture_on_commit_callbacks(execute=True):
        changes_record()

    assert receiver.received == []
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 2
    assert delivery.last_error.startswith("Refused: 127.0.0.1 resolves to 127.0.0.1")


@pytest.mark.django_db
def test_a_delivery_connects_to_the_address_it_checked(
    receiver, resolving, settings, django_capture_on_commit_callbacks
):
    # The name resolves once, in the check; the connection goes to that address
    # (a second lookup, which DNS rebinding would answer differently, never
    # happens: this name exists nowhere but in the check's resolver).
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    resolving["hooks.invalid"] = "127.0.0.1"
    Endpoint.objects.create(
        url=f"http://hooks.invalid:{receiver.port}/tracker", secret=SECRET
    )
    factories.CompanyFactory(slug="lab")
    with django_capture_on_commit_callbacks(execute=True):
        changes_record()

    [request] = receiver.received
    assert request.headers["Host"] == f"hooks.invalid:{receiver.port}"
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED
