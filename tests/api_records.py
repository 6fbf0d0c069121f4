"""Records and clients the API tests share (plain functions, not fixtures)."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from partnerships import models
from tests import factories


def token_client(user) -> APIClient:
    """A client that authenticates as a script would: with the user's token."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def plain_user(username: str = "reader"):
    """An account with no staff status and no permissions."""
    return get_user_model().objects.create_user(username=username, password="x")


def full_agreement(slug: str, **fields) -> models.Agreement:
    """A published agreement with two parties, a commitment and a citation."""
    agreement = factories.AgreementFactory(slug=slug, **fields)
    factories.AgreementPartyFactory(
        agreement=agreement,
        company=factories.CompanyFactory(),
        role=models.PartyRole.CUSTOMER,
    )
    factories.AgreementPartyFactory(
        agreement=agreement,
        company=factories.CompanyFactory(),
        role=models.PartyRole.PROVIDER,
    )
    factories.CommitmentFactory(agreement=agreement)
    factories.AgreementCitationFactory(record=agreement)
    report_every_term(agreement)
    return agreement


def report_every_term(agreement: models.Agreement, basis: str = "announced") -> None:
    """Support each term the agreement states with a report from its first citation,
    as publishing requires."""
    citation = agreement.citations.first()
    for term, commitment in agreement.reported_terms():
        factories.TermReportFactory(
            citation=citation,
            term=term,
            commitment=commitment,
            says=commitment.described if commitment else agreement.term_phrase(term),
            basis=basis,
        )


def openai_aws() -> models.Agreement:
    """The article's best-known deal, built from factories."""
    openai = factories.CompanyFactory(name="OpenAI", slug="openai")
    aws = factories.CompanyFactory(
        name="Amazon Web Services", slug="amazon-web-services"
    )
    models.CompanyAlias.objects.create(company=aws, name="AWS")
    agreement = factories.AgreementFactory(
        title="OpenAI–AWS cloud computing agreement",
        slug="openai-aws-cloud-compute",
        summary="Full access to AWS compute.",
        status=models.AgreementStatus.ANNOUNCED,
        announced_on=datetime.date(2025, 11, 3),
        announced_precision="day",
        expires_on=datetime.date(2030, 1, 1),
        expires_precision="year",
        value_amount=Decimal("38000000000"),
        value_currency="USD",
        value_qualifier="exact",
        value_as_reported="380億美元",
    )
    factories.AgreementPartyFactory(
        agreement=agreement, company=openai, role="customer"
    )
    factories.AgreementPartyFactory(agreement=agreement, company=aws, role="provider")
    factories.CommitmentFactory(
        agreement=agreement,
        kind="gpu",
        resource="NVIDIA GPUs",
        quantity=Decimal(100000),
        quantity_qualifier="multiples",
        unit="GPUs",
    )
    factories.AgreementCitationFactory(
        record=agreement,
        source=factories.SourceFactory(title="The article", slug="the-article"),
        locator="paragraph 2",
        excerpt="380億美元",
    )
    report_every_term(agreement)
    return agreement
