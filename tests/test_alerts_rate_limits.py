"""Asking for alerts is limited per client address (RATE_LIMITS["alerts"]),
and confirmation mails per email address whoever asks
(RATE_LIMITS["alerts_address"]): no one can flood a stranger's inbox, and the
page does not say when an address's mails are spent."""

import re

import pytest
from django.core import mail

from tests.alerts_records import ask
from tests.following_records import reported_deal

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "alerts": "3/hour",
        "alerts_address": "2/day",
    }


def test_a_client_past_its_limit_gets_429_with_retry_after(client, limits):
    deal = reported_deal()
    for number in range(3):
        assert ask(client, deal, f"r{number}@example.org").status_code == 200

    refused = ask(client, deal, "r4@example.org")

    assert refused.status_code == 429
    assert 3000 < int(refused["Retry-After"]) <= 3600
    assert (
        "Too many requests for email alerts: the limit is 3 per hour."
        in refused.content.decode()
    )
    assert len(mail.outbox) == 3
    assert ask(client, deal, "r5@example.org", REMOTE_ADDR="10.0.0.9").status_code == (
        200
    )


def test_one_address_gets_at_most_its_daily_mails_from_any_client(client, limits):
    deal = reported_deal()
    answers = [
        ask(client, deal, "victim@example.org", REMOTE_ADDR=f"10.0.0.{number}")
        for number in range(5)
    ]

    assert [answer.status_code for answer in answers] == [200] * 5
    assert len({re.sub(rb'nonce="[^"]*"', b"", a.content) for a in answers}) == 1
    assert len(mail.outbox) == 2
    assert all(message.to == ["victim@example.org"] for message in mail.outbox)
