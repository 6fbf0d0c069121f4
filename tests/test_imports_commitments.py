"""Commitments import from a file: what an agreement commits ("up to 10 GW"),
known by its agreement, kind and resource. Errors name the row and the column."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from partnerships.imports import IMPORTERS, records_import
from partnerships.models import Commitment
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "agreement,kind,resource,quantity,quantity_qualifier,unit,milestone,milestone_date"
)


@pytest.fixture
def draft(db):
    return AgreementFactory(slug="openai-nvidia", publication_status="draft")


def run(content: str, commit: bool = True):
    return records_import(
        record_type="commitments",
        content=content.encode(),
        filename="commitments.csv",
        commit=commit,
    )


def test_a_row_adds_a_commitment_with_its_hedge_and_dated_milestone(draft):
    report = run(
        f"{HEADER}\n"
        "openai-nvidia,power_capacity,NVIDIA systems,10,up_to,GW,first gigawatt,2026\n"
    )

    assert report.committed and report.counts["created"] == 1
    commitment = Commitment.objects.get()
    assert commitment.agreement == draft
    assert (commitment.quantity, commitment.quantity_qualifier) == (
        Decimal(10),
        "up_to",
    )
    assert commitment.display == "up to 10 GW"
    assert (commitment.milestone_on, commitment.milestone_precision) == (
        datetime.date(2026, 1, 1),
        "year",
    )
    assert commitment.history.get().history_change_reason == "import commitments.csv"


def test_the_same_agreement_kind_and_resource_changes_the_commitment(draft):
    run(f"{HEADER}\nopenai-nvidia,gpu,NVIDIA GPUs,100000,at_least,GPUs,,\n")

    again = run(f"{HEADER}\nopenai-nvidia,gpu,NVIDIA GPUs,200000,at_least,GPUs,,\n")
    same = run(f"{HEADER}\nopenai-nvidia,gpu,NVIDIA GPUs,200000,at_least,GPUs,,\n")

    assert again.counts["changed"] == 1
    assert [str(change) for change in again.rows[0].changes] == [
        "quantity: “100000” → “200000”"
    ]
    assert same.counts["unchanged"] == 1
    assert Commitment.objects.get().quantity == 200000


def test_errors_name_the_row_and_the_column(draft):
    report = run(
        f"{HEADER}\n"
        "openai-nvidia,gpu,NVIDIA GPUs,lots,,GPUs,,\n"
        "no-such-deal,gpu,NVIDIA GPUs,1,exact,GPUs,,\n"
        "openai-nvidia,rockets,Boosters,1,exact,,,\n"
        "openai-nvidia,gpu,,1,exact,GPUs,,\n"
        "openai-nvidia,chip,Trainium,5,,chips,,\n"
        "openai-nvidia,chip,TPUs,5,exact,chips,first racks,\n",
        commit=False,
    )

    details = [detail for row in report.rows for detail in row.details]
    assert details[0].startswith("row 2, column quantity: “lots” is not a number")
    assert details[1] == (
        "row 3, column agreement: no agreement has the slug “no-such-deal”"
    )
    assert details[2].startswith("row 4, column kind: “rockets” is not one of: gpu")
    assert details[3] == "row 5, column resource: every row needs one"
    assert details[4].startswith("row 6, column quantity_qualifier:")
    assert details[5].startswith("row 7, column milestone_date:")
    assert report.counts["rejected"] == 6
    assert not Commitment.objects.exists()


def test_a_file_without_a_required_column_is_refused(draft):
    report = run("agreement,kind\nopenai-nvidia,gpu\n")

    assert report.refused == [
        "row 1 (the header): missing required column(s): resource."
    ]


def test_a_new_commitment_on_a_published_agreement_is_refused(db):
    AgreementFactory(slug="published-deal", publication_status="published")

    report = run(f"{HEADER}\npublished-deal,gpu,NVIDIA GPUs,1,exact,GPUs,,\n")

    assert not report.committed
    (error,) = report.rows[0].errors
    assert error.column == "agreement"
    assert "is published" in error.message and "in the admin" in error.message
    assert not Commitment.objects.exists()


def test_the_same_commitment_twice_in_a_file_is_refused(draft):
    report = run(
        f"{HEADER}\n"
        "openai-nvidia,gpu,NVIDIA GPUs,1,exact,GPUs,,\n"
        "openai-nvidia,gpu,NVIDIA GPUs,2,exact,GPUs,,\n"
    )

    assert report.rows[1].details == [
        "row 3, column resource: the same commitment as row 2"
    ]
    assert not Commitment.objects.exists()


def test_the_columns_are_documented_in_the_readme():
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for column in IMPORTERS["commitments"].columns:
        assert f"`{column.name}`" in readme
