"""Asking to watch a record: the form on its page, a clear error for bad input,
and one answer whatever is on file for the address (no enumeration, and the
address is never shown back)."""

import re

import pytest
from django.core import mail

from alerts.models import Subscriber, Watch
from tests import factories
from tests.alerts_records import ask, watch
from tests.following_records import reported_deal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "kind", "slug"),
    [
        ("/agreements/the-deal/", "agreement", "the-deal"),
        ("/companies/microsoft/", "company", "microsoft"),
        ("/people/sam/", "person", "sam"),
    ],
)
def test_a_record_page_has_the_watch_form(client, url, kind, slug):
    reported_deal()
    factories.PersonFactory(slug="sam")

    page = client.get(url).content.decode()

    assert 'action="/alerts/watch/" method="post"' in page
    assert f'name="kind" value="{kind}"' in page
    assert f'name="slug" value="{slug}"' in page
    assert 'name="frequency" value="daily" checked' in page
    assert 'name="website" tabindex="-1"' in page  # the honeypot


def test_asking_mails_one_confirmation_link_and_shows_no_address(client):
    deal = reported_deal()

    response = ask(client, deal, "Reader@Example.org")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Check your inbox" in page
    assert "example.org" not in page.lower()
    (sent,) = mail.outbox
    assert sent.to == ["reader@example.org"]
    assert (
        sent.subject == "Confirm: alerts about OpenAI–Microsoft (partnership tracker)"
    )
    assert re.search(r"http://127\.0\.0\.1:8000/alerts/confirm/\S+/", sent.body)
    watched = Watch.objects.get()
    assert (watched.agreement, watched.confirmed_at) == (deal, None)


def _without_nonce(response) -> str:
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


def test_the_answer_is_the_same_whatever_is_on_file(client):
    deal = reported_deal()
    new = ask(client, deal, "new@example.org")
    watch(client, deal, "watching@example.org")
    pending = ask(client, deal, "pending@example.org")
    again = ask(client, deal, "watching@example.org")
    bot = ask(client, deal, "bot@example.org", website="http://spam.example")

    answers = {_without_nonce(r) for r in (new, pending, again, bot)}
    assert len(answers) == 1
    assert {r.status_code for r in (new, pending, again, bot)} == {200}


def test_an_address_already_watching_gets_no_new_mail(client):
    deal = reported_deal()
    watch(client, deal)
    mail.outbox.clear()

    ask(client, deal)

    assert mail.outbox == []


def test_a_filled_honeypot_stores_and_mails_nothing(client):
    deal = reported_deal()

    ask(client, deal, website="http://spam.example")

    assert mail.outbox == []
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not an address"}, "Email address: give an address such as"),
        ({"email": ""}, "Email address: give the address to send alerts to."),
        ({"frequency": "hourly"}, "How often: choose daily or immediate, not hourly."),
        ({"kind": "source"}, "Record: a company, an agreement or a person can be"),
        ({"slug": "no-such-deal"}, "Record: there is no agreement “no-such-deal”"),
        ({"slug": "zz-draft"}, "Record: there is no agreement “zz-draft”"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, data, message):
    factories.AgreementFactory(slug="zz-draft", publication_status="draft")
    fields = {
        "email": "reader@example.org",
        "kind": "agreement",
        "slug": reported_deal().slug,
        "frequency": "daily",
    }

    response = client.post("/alerts/watch/", fields | data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert mail.outbox == []


def test_a_drafts_slug_answers_as_an_unknown_one(client):
    reported_deal()
    factories.AgreementFactory(slug="zz-draft", publication_status="draft")
    fields = {"email": "reader@example.org", "kind": "agreement", "frequency": "daily"}

    draft = client.post("/alerts/watch/", fields | {"slug": "zz-draft"})
    unknown = client.post("/alerts/watch/", fields | {"slug": "zz-other"})

    assert _without_nonce(draft).replace("zz-draft", "?") == _without_nonce(
        unknown
    ).replace("zz-other", "?")


def test_the_form_is_posted_not_fetched(client):
    response = client.get("/alerts/watch/")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
