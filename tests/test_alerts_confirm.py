"""Double opt-in: a watch mails nothing until the link mailed to its address is
followed and its button pressed (a mail scanner opening the link confirms
nothing); a forged or expired link does nothing."""

import datetime

import pytest
from django.core import mail, signing

from alerts import tokens
from alerts.models import Watch
from tests.alerts_records import ask, digest, links
from tests.following_records import reported_deal

pytestmark = pytest.mark.django_db


def test_opening_the_link_asks_and_pressing_the_button_confirms(client):
    deal = reported_deal()
    ask(client, deal, frequency="immediate")
    (confirm,) = links(mail.outbox[0], "confirm")

    opened = client.get(confirm)
    assert opened.status_code == 200
    assert "Confirm alerts" in opened.content.decode()
    assert Watch.objects.get().confirmed_at is None

    pressed = client.post(confirm)
    assert pressed.status_code == 200
    page = pressed.content.decode()
    assert "You watch" in page and "OpenAI–Microsoft" in page
    assert "at once, as each change is published" in page
    assert "reader@" not in page
    assert Watch.objects.get().confirmed_at is not None


def test_confirming_twice_answers_the_same(client):
    ask(client, reported_deal())
    (confirm,) = links(mail.outbox[0], "confirm")

    first = client.post(confirm)
    second = client.post(confirm)

    assert second.status_code == first.status_code == 200
    assert "You watch" in second.content.decode()


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        signing.dumps("made-up-key", salt=tokens.CONFIRM_SALT),
        signing.dumps("made-up-key", salt=tokens.UNSUBSCRIBE_SALT),
    ],
    # Signed tokens hold the time they were made: named ids keep the test ids
    # the same in every pytest-xdist worker.
    ids=["not-a-token", "signed-unknown-key", "unsubscribe-token"],
)
def test_a_forged_link_does_nothing(client, token):
    ask(client, reported_deal())

    response = client.post(f"/alerts/confirm/{token}/")

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert Watch.objects.get().confirmed_at is None


def test_an_expired_link_does_nothing(client, monkeypatch):
    ask(client, reported_deal())
    (confirm,) = links(mail.outbox[0], "confirm")
    monkeypatch.setattr(tokens, "CONFIRM_MAX_AGE", datetime.timedelta(seconds=-1))

    assert client.post(confirm).status_code == 404
    assert Watch.objects.get().confirmed_at is None


def test_an_unconfirmed_watch_is_never_mailed(client):
    deal = reported_deal()
    ask(client, deal)
    mail.outbox.clear()
    deal.value_amount = 7 * 10**9
    deal.save()

    assert digest() == []
