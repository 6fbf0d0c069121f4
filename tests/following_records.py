"""Records with a public history for the feed tests: an agreement reported at
one value, then another; a person's statement; a withdrawal."""

import feedparser

from tests import factories


def parsed(response):
    """The Atom feed of `response`, parsed by feedparser, which must find it
    well-formed Atom 1.0."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


def texts(feed) -> str:
    return "\n".join(f"{entry.title}\n{entry.summary}" for entry in feed.entries)


def reported_deal(slug="the-deal", **fields):
    """A published agreement between Microsoft and OpenAI valued at "about USD
    5 billion", as the press reports from named sources."""
    microsoft = factories.CompanyFactory(name="Microsoft", slug="microsoft")
    openai = factories.CompanyFactory(name="OpenAI", slug="openai")
    deal = factories.AgreementFactory(
        title="OpenAI–Microsoft",
        slug=slug,
        value_amount=5 * 10**9,
        value_currency="USD",
        value_qualifier="about",
        **fields,
    )
    factories.AgreementPartyFactory(agreement=deal, company=openai)
    factories.AgreementPartyFactory(agreement=deal, company=microsoft, role="provider")
    factories.TermReportFactory(
        citation=factories.AgreementCitationFactory(record=deal),
        term="value",
        basis="reported",
        modality="fact",
    )
    return deal
