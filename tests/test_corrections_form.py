"""Every public record page offers "Suggest a correction": no account, a text
and an optional source URL. Spam (the honeypot filled) is refused, each client
may send a few per hour, errors name the field, and a draft's slug answers
exactly as a slug that names nothing."""

import pytest

from corrections.models import Correction
from tests import factories
from tests.api_records import full_agreement
from tests.browse_records import without_nonce

pytestmark = pytest.mark.django_db

NEW = "/corrections/new/"


@pytest.fixture
def deal():
    return full_agreement("coreweave-deal", title="CoreWeave deal")


def suggestion(**fields) -> dict:
    return {
        "kind": "agreements",
        "slug": "coreweave-deal",
        "text": "The deal runs through 2029, not 2030.",
        "source_url": "https://example.com/filing",
        "website": "",
        **fields,
    }


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("agreements", lambda: full_agreement("a-deal")),
        ("companies", lambda: factories.CompanyFactory()),
        ("people", lambda: factories.PersonFactory()),
        ("sources", lambda: factories.SourceFactory()),
        (
            "statements",
            lambda: factories.StatementFactory(
                publication_status="published",
                speaker=factories.PersonFactory(),
            ),
        ),
    ],
)
def test_every_record_page_offers_the_form(client, kind, make):
    record = make()

    page = client.get(record.get_absolute_url()).content.decode()

    assert "Suggest a correction" in page
    assert f'action="{NEW}"' in page
    assert f'name="kind" value="{kind}"' in page
    assert f'name="slug" value="{record.slug}"' in page


def test_a_suggestion_lands_in_the_queue_linked_to_its_record(client, deal):
    response = client.post(NEW, suggestion(), REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 302
    assert response["Location"] == "/corrections/thanks/"
    correction = Correction.objects.get()
    assert correction.record == deal
    assert correction.text == "The deal runs through 2029, not 2030."
    assert correction.source_url == "https://example.com/filing"
    assert correction.status == "open"
    assert "203.0.113.7" not in correction.client_hash
    thanks = client.get("/corrections/thanks/")
    assert thanks.status_code == 200
    assert "reached the editors" in thanks.content.decode()


def test_the_source_url_is_optional(client, deal):
    response = client.post(NEW, suggestion(source_url=""))

    assert response.status_code == 302
    assert Correction.objects.get().source_url == ""


def test_spam_filling_the_honeypot_is_refused(client, deal):
    response = client.post(NEW, suggestion(website="http://spam.example"))

    assert response.status_code == 400
    assert "Leave the field “Leave this field empty” empty" in (
        response.content.decode()
    )
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": ""}, "the text is required"),
        ({"source_url": "javascript:alert(1)"}, "starting with http:// or https://"),
        ({"source_url": "ftp://example.com/x"}, "starting with http:// or https://"),
        ({"text": "x" * 4001}, "at most 4000 characters"),
    ],
)
def test_a_bad_field_is_named_and_what_was_typed_is_kept(client, deal, fields, message):
    response = client.post(NEW, suggestion(**fields))

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page
    assert "Suggest a correction to CoreWeave deal" in page
    assert not Correction.objects.exists()


def test_each_client_may_send_only_a_few(client, deal, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "correction": "2/hour"}

    answers = [
        client.post(NEW, suggestion(), REMOTE_ADDR="198.51.100.1").status_code
        for _ in range(3)
    ]
    elsewhere = client.post(NEW, suggestion(), REMOTE_ADDR="198.51.100.2")

    assert answers == [302, 302, 429]
    assert elsewhere.status_code == 302
    assert Correction.objects.count() == 3
    refused = client.post(NEW, suggestion(), REMOTE_ADDR="198.51.100.1")
    assert "Too many suggested corrections: the limit is 2 per hour" in (
        refused.content.decode()
    )
    assert int(refused["Retry-After"]) > 0


@pytest.mark.parametrize("kind", ["agreements", "companies"])
def test_a_draft_answers_as_a_record_that_does_not_exist(client, kind):
    draft = (
        factories.AgreementFactory(publication_status="draft")
        if kind == "agreements"
        else factories.CompanyFactory(publication_status="draft")
    )

    named = client.post(NEW, suggestion(kind=kind, slug=draft.slug))
    unknown = client.post(NEW, suggestion(kind=kind, slug="no-such-record"))

    assert named.status_code == unknown.status_code == 404
    assert without_nonce(named.content.decode()) == without_nonce(
        unknown.content.decode()
    )
    assert not Correction.objects.exists()


def test_a_statement_whose_speaker_is_a_draft_cannot_be_corrected(client):
    statement = factories.StatementFactory(
        publication_status="published",
        speaker=factories.PersonFactory(publication_status="draft"),
    )

    response = client.post(NEW, suggestion(kind="statements", slug=statement.slug))

    assert response.status_code == 404
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    "fields", [{"kind": "users"}, {"kind": ""}, {"slug": ""}, {"slug": "ü" * 3}]
)
def test_a_form_naming_no_record_answers_not_found(client, deal, fields):
    assert client.post(NEW, suggestion(**fields)).status_code == 404


def test_the_form_only_takes_posts(client):
    assert client.get(NEW).status_code == 405
