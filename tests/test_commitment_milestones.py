"""A commitment's milestone ("first systems online", 2026): named with its date,
the date at a precision, in the database as in the admin's validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests import factories
from tests.api_records import full_agreement, token_client


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


def test_the_api_shows_a_milestone_at_its_precision(client, db):
    commitment = full_agreement("the-deal").commitments.get()
    commitment.milestone = "first systems online"
    commitment.milestone_on = datetime.date(2026, 1, 1)
    commitment.milestone_precision = "year"
    commitment.save()

    [commitment] = client.get("/api/v1/agreements/the-deal/").json()["commitments"]

    assert commitment["milestone"] == "first systems online"
    assert commitment["milestone_date"]["value"] == "2026"
    assert commitment["milestone_date"]["precision"] == "year"


def test_an_editor_writes_a_milestone_and_a_dateless_one_is_refused(editor, db):
    reported = full_agreement("the-deal").commitments.get()
    api = token_client(editor)
    commitment = {
        "kind": "gpu",
        "resource": reported.resource,  # the commitment its term report names
        "quantity": "5",
        "quantity_qualifier": "exact",
        "unit": "GPUs",
        "milestone": "first systems online",
    }

    refused = api.patch(
        "/api/v1/agreements/the-deal/", {"commitments": [commitment]}, format="json"
    )
    assert refused.status_code == 400
    assert "milestone_on" in refused.json()["errors"]["commitments"]["0"]

    dated = {**commitment, "milestone_on": "2026-01-01", "milestone_precision": "year"}
    written = api.patch(
        "/api/v1/agreements/the-deal/", {"commitments": [dated]}, format="json"
    )
    assert written.status_code == 200, written.json()
    assert written.json()["commitments"][0]["milestone_date"]["display"] == "2026"
