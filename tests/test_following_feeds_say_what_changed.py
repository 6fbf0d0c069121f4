"""A record's feed says what readers saw change, in words: a term's change with
how sure it is, a new statement, a withdrawal."""

import pytest

from tests import factories
from tests.following_records import parsed, reported_deal, texts, titles

pytestmark = pytest.mark.django_db


def test_a_term_change_says_from_what_to_what_and_how_sure(client):
    deal = reported_deal()
    deal.value_amount = 7 * 10**9
    deal.value_qualifier = "exact"
    deal.save()

    feed = parsed(client.get("/agreements/the-deal/feed/"))

    assert titles(feed)[0] == (
        "OpenAI–Microsoft: Value changed from “about USD 5 billion” "
        "to “USD 7 billion” (reported)"
    )
    assert feed.entries[0].link == "http://testserver/agreements/the-deal/"


def test_a_new_agreement_keeps_its_hedge(client):
    deal = factories.AgreementFactory(
        title="Big deal",
        slug="big-deal",
        value_amount=10**11,
        value_currency="USD",
        value_qualifier="over",
    )
    factories.TermReportFactory(
        citation=factories.AgreementCitationFactory(record=deal),
        term="value",
        basis="unnamed_sources",
        modality="possible",
    )

    feed = parsed(client.get("/agreements/big-deal/feed/"))

    new = next(e for e in feed.entries if e.title == "New agreement: Big deal")
    assert (
        "Value: “may exceed USD 100 billion” (possible; reported, unnamed sources)"
        in new.summary
    )


def test_a_new_statement_names_its_speaker_on_the_company_and_person_feeds(client):
    reported_deal()
    nadella = factories.PersonFactory(
        name="Satya Nadella",
        slug="satya-nadella",
        affiliation=factories.CompanyFactory(slug="microsoft"),
    )
    factories.StatementFactory(
        slug="surplus",
        speaker=nadella,
        headline="Nadella: compute will be in surplus",
        form="paraphrase",
        text="算力一定是過剩的",
        text_en="Compute will certainly be in surplus.",
    )

    for url in ("/companies/microsoft/feed/", "/people/satya-nadella/feed/"):
        feed = parsed(client.get(url))
        entry = next(e for e in feed.entries if "statement" in e.title)
        assert entry.title == "New statement by Satya Nadella"
        assert "Nadella: compute will be in surplus" in entry.summary
        # A paraphrase is never passed off as the speaker's own words.
        assert "as paraphrased by the source" in entry.summary
        assert entry.link == "http://testserver/statements/surplus/"


def test_a_statement_about_a_topic_is_on_the_topics_feed(client):
    said = factories.StatementFactory(slug="on-compute")
    topic = factories.models.Topic.objects.create(slug="compute", name="Compute")
    said.topics.add(topic)

    feed = parsed(client.get("/topics/compute/feed/"))

    assert feed.feed.title == "Partnership tracker: statements on Compute"
    assert any(e.link.endswith("/statements/on-compute/") for e in feed.entries)


def test_a_withdrawal_is_an_entry(client):
    deal = reported_deal()
    deal.publication_status = "draft"
    deal.save()
    deal.publication_status = "published"
    deal.save()

    feed = parsed(client.get("/agreements/the-deal/feed/"))

    assert titles(feed)[:2] == [
        "OpenAI–Microsoft: published again",
        "OpenAI–Microsoft: withdrawn",
    ]
    assert "readers no longer see it" in feed.entries[1].summary


def test_a_companys_feed_has_its_groups_agreements(client):
    owner = factories.CompanyFactory(name="Alphabet", slug="alphabet")
    cloud = factories.CompanyFactory(name="Google Cloud", slug="google", parent=owner)
    deal = factories.AgreementFactory(title="Cloud deal", slug="cloud-deal")
    factories.AgreementPartyFactory(agreement=deal, company=cloud)
    factories.AgreementFactory(title="Someone else's deal")

    text = texts(parsed(client.get("/companies/alphabet/feed/")))

    assert "New agreement: Cloud deal" in text
    assert "Someone else's deal" not in text


def test_a_companys_feed_has_what_its_groups_people_said_and_what_was_said_of_it(
    client,
):
    owner = factories.CompanyFactory(name="Alphabet", slug="alphabet")
    cloud = factories.CompanyFactory(name="Google Cloud", slug="google", parent=owner)
    outsider = factories.CompanyFactory(name="Elsewhere", slug="elsewhere")
    said = {
        "by-its-own": factories.PersonFactory(affiliation=owner),
        "by-an-owned-companys": factories.PersonFactory(affiliation=cloud),
        "by-an-outsider": factories.PersonFactory(affiliation=outsider),
        "about-an-owned-company": factories.PersonFactory(affiliation=outsider),
    }
    for slug, speaker in said.items():
        statement = factories.StatementFactory(slug=slug, speaker=speaker)
    statement.companies.add(cloud)  # said by an outsider, of Google Cloud

    feed = parsed(client.get("/companies/alphabet/feed/"))

    linked = {entry.link.rsplit("/", 2)[1] for entry in feed.entries}
    assert linked & set(said) == {
        "by-its-own",
        "by-an-owned-companys",
        "about-an-owned-company",
    }
