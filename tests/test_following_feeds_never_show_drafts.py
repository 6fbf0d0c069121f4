"""A record's feed is built from its public history: a draft's changes, internal
notes, editors' reasons and drafts of any kind never appear in it."""

import pytest

from tests import factories
from tests.browse_records import assert_no_drafts, build_world
from tests.following_records import parsed, reported_deal, texts

pytestmark = pytest.mark.django_db


def test_changes_made_while_a_draft_never_appear(client):
    deal = reported_deal(summary="First public summary")
    deal.publication_status = "draft"
    deal.summary = "zz-draft-summary"
    deal.internal_note = "zz-internal-note"
    deal._change_reason = "zz-change-reason"
    deal.save()
    added = factories.CommitmentFactory(agreement=deal, resource="zz-draft-commitment")
    added.delete()
    deal.summary = "Republished summary"
    deal.publication_status = "published"
    deal.save()

    text = texts(parsed(client.get("/agreements/the-deal/feed/")))

    assert "zz-" not in text
    assert (
        "Summary changed from “First public summary” to “Republished summary”" in text
    )


def test_a_never_published_agreement_is_absent_from_its_companys_feed(client):
    reported_deal()
    secret = factories.AgreementFactory(
        title="zz-secret-deal", slug="zz-secret", publication_status="draft"
    )
    factories.AgreementPartyFactory(
        agreement=secret, company=factories.CompanyFactory(slug="microsoft")
    )

    text = texts(parsed(client.get("/companies/microsoft/feed/")))

    assert "zz-secret" not in text
    assert "OpenAI–Microsoft" in text


def test_a_draft_speakers_statement_is_absent(client):
    reported_deal()
    draft_speaker = factories.PersonFactory(
        name="zz-draft-speaker",
        slug="zz-speaker",
        affiliation=factories.CompanyFactory(slug="microsoft"),
        publication_status="draft",
    )
    factories.StatementFactory(speaker=draft_speaker, text="zz-words")

    text = texts(parsed(client.get("/companies/microsoft/feed/")))

    assert "zz-" not in text


@pytest.mark.parametrize(
    "url",
    [
        "/agreements/zz-draft/feed/",
        "/companies/zz-draft/feed/",
        "/people/zz-draft/feed/",
        "/agreements/no-such-thing/feed/",
        "/topics/no-such-thing/feed/",
    ],
)
def test_a_drafts_feed_is_not_found_like_an_unknown_one(client, url):
    factories.AgreementFactory(slug="zz-draft", publication_status="draft")
    factories.CompanyFactory(slug="zz-draft", publication_status="draft")
    factories.PersonFactory(slug="zz-draft", publication_status="draft")
    assert client.get(url).status_code == 404


def test_the_browse_worlds_feeds_show_no_draft(client):
    build_world(3)
    for url in (
        "/companies/owner-holdings/feed/",
        "/companies/lab-00/feed/",
        "/agreements/deal-00/feed/",
        "/people/chief-00/feed/",
        "/topics/compute-test/feed/",
    ):
        response = client.get(url)
        assert parsed(response).entries
        assert_no_drafts(response.content.decode())
