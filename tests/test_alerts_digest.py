"""The daily digest: one mail per confirmed address with the public changes of
its watched records since its last digest, worded as the records' feeds word
them (hedges kept), once a day."""

import datetime

import pytest
from django.core import mail

from alerts.models import Subscriber
from tests import factories
from tests.alerts_records import ask, digest, watch
from tests.following_records import reported_deal

pytestmark = pytest.mark.django_db


def revalue(deal, amount=7 * 10**9, qualifier="exact"):
    deal.value_amount = amount
    deal.value_qualifier = qualifier
    deal.save()


def a_day_passes():
    Subscriber.objects.update(
        last_digest_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    )


def test_a_change_after_confirming_is_mailed_in_the_feeds_words(client):
    deal = reported_deal()
    watch(client, deal)
    revalue(deal)

    (sent,) = digest()

    assert sent.to == ["reader@example.org"]
    assert sent.subject == "1 change to OpenAI–Microsoft (partnership tracker)"
    assert (
        "OpenAI–Microsoft: Value changed from “about USD 5 billion” to "
        "“USD 7 billion” (reported)" in sent.body
    )
    assert "http://127.0.0.1:8000/agreements/the-deal/" in sent.body


def test_what_was_there_before_confirming_is_not_mailed(client):
    deal = reported_deal()
    revalue(deal)
    watch(client, deal)

    assert digest() == []


def test_a_second_run_the_same_day_sends_nothing_even_after_a_new_change(client):
    deal = reported_deal()
    watch(client, deal)
    revalue(deal)
    assert len(digest()) == 1

    revalue(deal, 9 * 10**9, "up_to")
    assert digest() == []

    a_day_passes()
    (next_day,) = digest()
    assert "to “up to USD 9 billion”" in next_day.body
    assert "“USD 7 billion” (reported)" not in next_day.body.split("changed to")[0]


def test_a_change_is_mailed_once(client):
    deal = reported_deal()
    watch(client, deal)
    revalue(deal)
    assert len(digest()) == 1

    a_day_passes()
    assert digest() == []


def test_one_mail_gathers_every_watched_record(client):
    deal = reported_deal()
    person = factories.PersonFactory(name="Sam Example", slug="sam")
    watch(client, deal)
    watch(client, person)
    revalue(deal)
    person.role = "Chief scientist"
    person.save()

    (sent,) = digest()

    assert sent.subject == "2 changes to 2 records you watch (partnership tracker)"
    assert "== OpenAI–Microsoft (agreement) ==" in sent.body
    assert "== Sam Example (person) ==" in sent.body
    assert "Role changed from “Chief executive” to “Chief scientist”" in sent.body


def test_a_companys_digest_has_its_new_agreements(client):
    reported_deal()
    microsoft = factories.CompanyFactory(slug="microsoft")
    watch(client, microsoft)
    deal = factories.AgreementFactory(title="Azure capacity", slug="azure")
    factories.AgreementPartyFactory(agreement=deal, company=microsoft)

    (sent,) = digest()

    assert "New agreement: Azure capacity" in sent.body


def test_an_unconfirmed_address_gets_no_digest(client):
    deal = reported_deal()
    ask(client, deal)
    revalue(deal)
    mail.outbox.clear()

    assert digest() == []


def test_each_address_gets_its_own_mail(client):
    deal = reported_deal()
    watch(client, deal, "one@example.org")
    watch(client, deal, "two@example.org")
    revalue(deal)

    sent = digest()

    assert sorted(message.to for message in sent) == [
        ["one@example.org"],
        ["two@example.org"],
    ]
    assert all("two@" not in m.body and "one@" not in m.body for m in sent)
