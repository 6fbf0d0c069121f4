"""Every rule holds twice: the database refuses the row, and `full_clean()` names the field."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerships import models
from tests.factories import (
    AgreementCitationFactory,
    AgreementFactory,
    AgreementPartyFactory,
    CommitmentFactory,
    CompanyFactory,
    SourceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

YEAR_2030 = datetime.date(2030, 1, 1)
MARCH_2030 = datetime.date(2030, 3, 1)


def assert_rejected(record, field: str) -> None:
    """The record fails validation on `field`, and the database refuses to store it."""
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    assert field in caught.value.message_dict, caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


AGREEMENT_CASES = {
    "status_outside_choices": ({"status": "cancelled"}, "status"),
    "kind_outside_choices": ({"kind": "merger"}, "kind"),
    "exclusivity_outside_choices": ({"exclusivity": "sort_of"}, "exclusivity"),
    "publication_status_outside_choices": (
        {"publication_status": "hidden"},
        "publication_status",
    ),
    "empty_title": ({"title": ""}, "title"),
    "year_precision_date_not_first_of_january": (
        {"expires_on": MARCH_2030, "expires_precision": "year"},
        "expires_precision",
    ),
    "month_precision_date_not_first_of_month": (
        {"announced_on": datetime.date(2025, 11, 3), "announced_precision": "month"},
        "announced_precision",
    ),
    "date_without_precision": ({"effective_on": YEAR_2030}, "effective_precision"),
    "precision_without_date": ({"expires_precision": "year"}, "expires_on"),
    "expiry_before_effective_date": (
        {
            "effective_on": datetime.date(2030, 6, 1),
            "effective_precision": "day",
            "expires_on": datetime.date(2029, 1, 1),
            "expires_precision": "year",
        },
        "expires_on",
    ),
    "end_before_effective_date": (
        {
            "status": "ended",
            "effective_on": datetime.date(2030, 6, 1),
            "effective_precision": "day",
            "ended_on": datetime.date(2030, 5, 1),
            "ended_precision": "day",
        },
        "ended_on",
    ),
    "end_date_on_an_active_agreement": (
        {"status": "active", "ended_on": YEAR_2030, "ended_precision": "year"},
        "ended_on",
    ),
    "negative_value": (
        {
            "value_amount": Decimal("-1"),
            "value_currency": "USD",
            "value_qualifier": "exact",
        },
        "value_amount",
    ),
    "value_without_currency": (
        {"value_amount": Decimal("38000000000"), "value_qualifier": "exact"},
        "value_currency",
    ),
    "value_without_qualifier": (
        {"value_amount": Decimal("38000000000"), "value_currency": "USD"},
        "value_qualifier",
    ),
    "qualifier_without_amount": ({"value_qualifier": "over"}, "value_qualifier"),
    "currency_without_amount": ({"value_currency": "USD"}, "value_currency"),
}


@pytest.mark.parametrize(
    ("changes", "field"), AGREEMENT_CASES.values(), ids=AGREEMENT_CASES.keys()
)
def test_agreement_with_bad_data_is_refused(changes, field):
    agreement = models.Agreement(
        title="Cloud deal", slug="cloud-deal", kind="cloud_compute", status="active"
    )
    for name, value in changes.items():
        setattr(agreement, name, value)
    assert_rejected(agreement, field)


def test_year_expiry_in_the_year_the_agreement_takes_effect_is_accepted():
    agreement = models.Agreement(
        title="Cloud deal",
        slug="cloud-deal",
        kind="cloud_compute",
        status="active",
        effective_on=datetime.date(2030, 6, 1),
        effective_precision="day",
        expires_on=YEAR_2030,
        expires_precision="year",
    )
    agreement.full_clean()
    agreement.save()
    assert agreement.expires.display == "2030"


def test_successor_only_on_a_superseded_agreement():
    successor = AgreementFactory()
    agreement = AgreementFactory.build(status="active", superseded_by=successor)
    assert_rejected(agreement, "superseded_by")


def test_agreement_cannot_supersede_itself():
    agreement = AgreementFactory(status="superseded")
    agreement.superseded_by = agreement
    assert_rejected(agreement, "superseded_by")


def test_duplicate_agreement_slug_is_refused():
    AgreementFactory(slug="openai-aws")
    assert_rejected(AgreementFactory.build(slug="openai-aws"), "slug")


def test_company_cannot_own_itself():
    company = CompanyFactory()
    company.parent = company
    assert_rejected(company, "parent")


def test_duplicate_company_name_is_refused():
    CompanyFactory(name="OpenAI")
    assert_rejected(CompanyFactory.build(name="OpenAI", slug="openai-2"), "name")


def test_source_kind_outside_choices_is_refused():
    assert_rejected(SourceFactory.build(kind="rumour"), "kind")


def test_source_publication_date_must_match_its_precision():
    source = SourceFactory.build(
        published_on=datetime.date(2025, 11, 3), published_precision="year"
    )
    assert_rejected(source, "published_precision")


def test_party_with_unknown_role_is_refused():
    assert_rejected(
        AgreementPartyFactory.build(
            agreement=AgreementFactory(), company=CompanyFactory(), role="friend"
        ),
        "role",
    )


def test_same_company_twice_in_the_same_role_is_refused():
    party = AgreementPartyFactory()
    duplicate = models.AgreementParty(
        agreement=party.agreement, company=party.company, role=party.role
    )
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "__all__" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


COMMITMENT_CASES = {
    "negative_quantity": (
        {"quantity": Decimal("-5"), "quantity_qualifier": "exact"},
        "quantity",
    ),
    "qualifier_without_quantity": (
        {"quantity_qualifier": "about"},
        "quantity_qualifier",
    ),
    "quantity_without_qualifier": (
        {"quantity": Decimal("100000")},
        "quantity_qualifier",
    ),
    "kind_outside_choices": ({"kind": "tpu_pod"}, "kind"),
}


@pytest.mark.parametrize(
    ("changes", "field"), COMMITMENT_CASES.values(), ids=COMMITMENT_CASES.keys()
)
def test_commitment_with_bad_data_is_refused(changes, field):
    commitment = CommitmentFactory.build(agreement=AgreementFactory())
    for name, value in changes.items():
        setattr(commitment, name, value)
    assert_rejected(commitment, field)


def test_statement_without_text_is_refused():
    statement = StatementFactory.build(
        speaker=StatementFactory().speaker, source=SourceFactory(), text=""
    )
    assert_rejected(statement, "text")


def test_statement_date_must_match_its_precision():
    statement = StatementFactory.build(
        speaker=StatementFactory().speaker,
        source=SourceFactory(),
        said_on=datetime.date(2025, 11, 2),
        said_precision="month",
    )
    assert_rejected(statement, "said_precision")


def test_statement_cannot_answer_itself():
    statement = StatementFactory()
    statement.in_reply_to = statement
    assert_rejected(statement, "in_reply_to")


def test_citation_without_excerpt_is_refused():
    citation = AgreementCitationFactory.build(
        record=AgreementFactory(), source=SourceFactory(), excerpt=""
    )
    assert_rejected(citation, "excerpt")


def test_published_record_without_citation_is_refused_by_full_clean():
    agreement = AgreementFactory(publication_status="draft")
    agreement.publication_status = "published"
    with pytest.raises(ValidationError) as caught:
        agreement.full_clean()
    assert "citation" in caught.value.message_dict["publication_status"][0]
