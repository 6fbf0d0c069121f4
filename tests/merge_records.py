"""A company entered twice ("Core Weave" and "CoreWeave"), each with relations."""

from dataclasses import dataclass

from partnerships import models
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CompanyFactory,
    PersonFactory,
    SourceFactory,
    StatementFactory,
)


@dataclass
class TwoCoreWeaves:
    kept: models.Company  # "CoreWeave", the one that survives
    duplicate: models.Company  # "Core Weave", merged into it
    party: models.AgreementParty
    alias: models.CompanyAlias
    citation: models.CompanyCitation
    statement: models.Statement
    subsidiary: models.Company
    person: models.Person


def two_coreweaves() -> TwoCoreWeaves:
    kept = CompanyFactory(name="CoreWeave", slug="coreweave")
    duplicate = CompanyFactory(name="Core Weave", slug="core-weave")
    source = SourceFactory()
    for company in (kept, duplicate):
        models.CompanyCitation.objects.create(
            record=company,
            source=source,
            locator=company.slug,
            excerpt="It rents GPUs.",
        )
    agreement = AgreementFactory(title="Microsoft–Core Weave compute deal")
    party = AgreementPartyFactory(
        agreement=agreement, company=duplicate, role=models.PartyRole.PROVIDER
    )
    alias = models.CompanyAlias.objects.create(company=duplicate, name="CW")
    statement = StatementFactory()
    statement.companies.add(duplicate)
    subsidiary = CompanyFactory(name="Core Scientific Cloud", parent=duplicate)
    person = PersonFactory(name="Michael Intrator", affiliation=duplicate)
    return TwoCoreWeaves(
        kept=kept,
        duplicate=duplicate,
        party=party,
        alias=alias,
        citation=duplicate.citations.get(),
        statement=statement,
        subsidiary=subsidiary,
        person=person,
    )
