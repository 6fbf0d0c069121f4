"""Records for the page tests: a world of `size` agreements with everything a page
shows around them (parties, commitments, citations, statements, owners), plus a
draft of each kind that must never appear."""

import datetime
import re
from dataclasses import dataclass, field

from partnerships.models import (
    Agreement,
    AgreementStatus,
    Company,
    CompanyAlias,
    CompanyCitation,
    CompanyKind,
    Person,
    PersonCitation,
    PublicationStatus,
    Source,
    Statement,
    StatementCitation,
    Topic,
)
from tests import factories

DRAFT = PublicationStatus.DRAFT


@dataclass
class World:
    agreements: list[Agreement] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    drafts: dict = field(default_factory=dict)


def build_world(size: int) -> World:
    """`size` published agreements between published companies, each with two
    parties, a commitment, a citation and a statement about it; plus one draft
    of every kind linked to the published records. Every other agreement is
    partly exclusive and runs through 2030; excerpts, reports, the source's
    title and the value as reported carry the editors' English, statements a
    headline."""
    world = World()
    kind, _ = CompanyKind.objects.get_or_create(
        slug="cloud-provider", defaults={"name": "Cloud provider"}
    )
    topic, _ = Topic.objects.get_or_create(
        slug="compute-test", defaults={"name": "Compute test"}
    )
    owner = factories.CompanyFactory(name="Owner Holdings", slug="owner-holdings")
    source = factories.SourceFactory(
        title="The Article",
        slug="the-article",
        language="zh-Hant",
        title_en="The article, in English",
    )
    world.sources.append(source)
    world.companies.append(owner)
    for n in range(size):
        customer = factories.CompanyFactory(name=f"Lab {n:02d}", slug=f"lab-{n:02d}")
        provider = factories.CompanyFactory(
            name=f"Cloud {n:02d}", slug=f"cloud-{n:02d}", parent=owner
        )
        provider.kinds.add(kind)
        CompanyAlias.objects.create(company=provider, name=f"C{n:02d}")
        CompanyCitation.objects.create(record=provider, source=source, excerpt="x")
        agreement = factories.AgreementFactory(
            title=f"Deal {n:02d}",
            slug=f"deal-{n:02d}",
            announced_on=datetime.date(2020 + n % 5, 1, 1),
            announced_precision="year",
            expires_on=datetime.date(2030, 1, 1) if n % 2 else None,
            expires_precision="year" if n % 2 else "",
            value_amount=10**9 * (n + 1),
            value_currency="USD",
            value_qualifier="exact",
            value_as_reported=f"{n + 1}0億美元",
            value_as_reported_en=f"USD {n + 1} billion",
            exclusivity="partly_exclusive" if n % 2 else "unknown",
            exclusivity_scope="stateless APIs" if n % 2 else "",
        )
        factories.AgreementPartyFactory(agreement=agreement, company=customer)
        factories.AgreementPartyFactory(
            agreement=agreement, company=provider, role="provider"
        )
        commitment = factories.CommitmentFactory(agreement=agreement)
        citation = factories.AgreementCitationFactory(
            record=agreement, source=source, excerpt_en="The excerpt, in English"
        )
        terms = [("status", None), ("announced", None), ("value", None)]
        terms += [("exclusivity", None), ("expires", None)] if n % 2 else []
        for term, commitment_reported in (*terms, ("commitment", commitment)):
            factories.TermReportFactory(
                citation=citation,
                term=term,
                commitment=commitment_reported,
                says_en="What it says, in English",
            )
        factories.TermReportFactory(
            citation=citation, says="an earlier figure", is_current=False
        )
        person = factories.PersonFactory(
            name=f"Chief {n:02d}", slug=f"chief-{n:02d}", affiliation=customer
        )
        PersonCitation.objects.create(record=person, source=source, excerpt="x")
        statement = factories.StatementFactory(
            slug=f"said-{n:02d}",
            headline=f"Chief {n:02d} says it is not so",
            speaker=person,
            source=source,
            said_on=datetime.date(2025, 1, 1 + n),
            said_precision="day",
        )
        statement.agreements.add(agreement)
        statement.companies.add(customer, provider)
        statement.topics.add(topic)
        StatementCitation.objects.create(record=statement, source=source, excerpt="x")
        world.agreements.append(agreement)
        world.companies += [customer, provider]
        world.people.append(person)
        world.statements.append(statement)
    add_drafts(world)
    return world


def add_drafts(world: World) -> None:
    """One draft of every kind, tied to the published records it could leak into."""
    first = world.agreements[0] if world.agreements else None
    company = world.companies[0]
    draft_company = factories.CompanyFactory(
        name="Secret Draftco",
        slug="secret-draftco",
        publication_status=DRAFT,
        parent=company,
    )
    draft_source = factories.SourceFactory(
        title="Secret Draft Source",
        slug="secret-draft-source",
        publication_status=DRAFT,
    )
    draft_person = factories.PersonFactory(
        name="Secret Draft Person",
        slug="secret-draft-person",
        publication_status=DRAFT,
        affiliation=company,
    )
    draft_agreement = factories.AgreementFactory(
        title="Secret Draft Deal",
        slug="secret-draft-deal",
        publication_status=DRAFT,
        status=AgreementStatus.ANNOUNCED,
        announced_on=datetime.date(2024, 1, 1),
        announced_precision="year",
        value_amount=10**12,
        value_currency="USD",
        value_qualifier="exact",
        expires_on=datetime.date(2027, 1, 1),
        expires_precision="year",
    )
    factories.AgreementPartyFactory(agreement=draft_agreement, company=company)
    factories.AgreementPartyFactory(agreement=draft_agreement, company=draft_company)
    draft_statement = factories.StatementFactory(
        slug="secret-draft-statement",
        text="Secret draft words",
        text_en="Secret draft words",
        speaker=world.people[0] if world.people else draft_person,
        source=world.sources[0],
        publication_status=DRAFT,
    )
    draft_statement.companies.add(company)
    if first is not None:
        factories.AgreementPartyFactory(
            agreement=first, company=draft_company, role="investor"
        )
        draft_statement.agreements.add(first)
        secret = factories.AgreementCitationFactory(
            record=first, source=draft_source, excerpt="Secret draft excerpt"
        )
        factories.TermReportFactory(
            citation=secret, says="Secret draft report", is_current=False
        )
    world.drafts = {
        "company": draft_company,
        "source": draft_source,
        "person": draft_person,
        "agreement": draft_agreement,
        "statement": draft_statement,
    }


SECRETS = ("Secret Draft", "Secret draft", "secret-draft", "Secret Draftco")


CSP_NONCE = re.compile(r'nonce="[^"]*"')


def without_nonce(page: str) -> str:
    """A page with its CSP nonce, new on every response, blanked out: two answers
    that must be the same compare equal."""
    return CSP_NONCE.sub('nonce="«nonce»"', page)


def assert_no_drafts(content: bytes | str) -> None:
    text = content.decode() if isinstance(content, bytes) else content
    for secret in SECRETS:
        assert secret not in text, f"a draft leaked: {secret!r}"
