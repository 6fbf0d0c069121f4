"""A commitment's milestone ("first systems online", 2026): named with its date,
the date at a precision, in the database as in the admin's validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests import factories


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"milestone": "first systems online"}, "milestone_on"),
        (
            {"milestone_on": datetime.date(2026, 1, 1), "milestone_precision": "year"},
            "milestone",
        ),
        (
            {
                "milestone": "first systems online",
                "milestone_on": datetime.date(2026, 3, 1),
                "milestone_precision": "year",
            },
            "milestone_precision",
        ),
    ],
)
def test_an_incoherent_milestone_is_refused_naming_the_field(db, fields, field):
    commitment = factories.CommitmentFactory.build(
        agreement=factories.AgreementFactory(), **fields
    )
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert field in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        commitment.save()


def test_a_milestone_with_its_year_is_kept(db):
    commitment = factories.CommitmentFactory(
        milestone="first systems online",
        milestone_on=datetime.date(2026, 1, 1),
        milestone_precision="year",
    )
    commitment.full_clean()
    assert commitment.milestone_date.display == "2026"
