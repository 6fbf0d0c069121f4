"""Every mail can stop all alerts in one click: a link in its body, and
`List-Unsubscribe` with `List-Unsubscribe-Post` headers (RFC 8058) whose POST
needs no page, token or cookie. Then nothing more is mailed, and the address is
forgotten."""

import pytest
from django.core import mail
from django.test import Client

from alerts.models import Subscriber
from tests.alerts_records import ask, digest, links, watch
from tests.following_records import reported_deal

pytestmark = pytest.mark.django_db


def changed_digest(client):
    deal = reported_deal()
    watch(client, deal)
    deal.value_amount = 7 * 10**9
    deal.save()
    (sent,) = digest()
    return sent


def test_every_mail_carries_the_link_and_the_one_click_headers(client):
    ask(client, reported_deal("other-deal"), "two@example.org")
    sent = [mail.outbox[0], changed_digest(client)]

    for message in sent:
        (link,) = links(message, "unsubscribe")
        header = message.extra_headers["List-Unsubscribe"]
        assert header == f"<http://127.0.0.1:8000{link}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == (
            "List-Unsubscribe=One-Click"
        )


def test_a_mail_clients_one_click_post_unsubscribes(client):
    sent = changed_digest(client)
    (link,) = links(sent, "unsubscribe")

    # As a mail provider posts it: no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        link, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_after_unsubscribing_nothing_more_is_mailed(client):
    deal = reported_deal()
    watch(client, deal)
    (link,) = links(mail.outbox[-1], "unsubscribe")
    client.post(link)
    deal.value_amount = 7 * 10**9
    deal.save()

    assert digest() == []


def test_opening_the_link_only_asks(client):
    (link,) = links(changed_digest(client), "unsubscribe")

    page = client.get(link)

    assert page.status_code == 200
    assert "Unsubscribe" in page.content.decode()
    assert "reader@" not in page.content.decode()
    assert Subscriber.objects.exists()


def test_unsubscribing_twice_answers_the_same(client):
    (link,) = links(changed_digest(client), "unsubscribe")

    first = client.post(link)
    second = client.post(link)

    assert first.status_code == second.status_code == 200
    assert "No more alerts" in second.content.decode()


def test_a_forged_link_unsubscribes_no_one(client):
    changed_digest(client)

    response = client.post("/alerts/unsubscribe/forged:token/")

    assert response.status_code == 404
    assert Subscriber.objects.exists()


def test_the_header_is_written_as_a_plain_url_however_long(client, settings):
    settings.SITE_URL = "https://partnership-tracker.example.org"
    sent = changed_digest(client)
    (link,) = links(sent, "unsubscribe")

    written = sent.message().as_bytes().decode()

    expected = f"List-Unsubscribe: <https://partnership-tracker.example.org{link}>"
    assert expected in written.splitlines()
