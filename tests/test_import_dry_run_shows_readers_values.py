"""A dry run shows each new row as readers will see it once published, worded by
the site's own display functions: hedges survive ("about USD 5 billion"), dates
keep their precision ("2030"), and a term without a certainty says so."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.imports import ImportReport, records_import
from tests.factories import AgreementFactory, CompanyFactory, SourceFactory

pytestmark = pytest.mark.django_db

HEADER = "slug,title,kind,status,parties,expires,value"
ROW = (
    "coreweave-deal,Microsoft–CoreWeave deal,cloud_compute,announced,"
    "microsoft:customer|coreweave:provider,through 2030,about $5bn"
)


@pytest.fixture
def companies(db):
    CompanyFactory(slug="microsoft", name="Microsoft")
    CompanyFactory(slug="coreweave", name="CoreWeave")


def dry_run(record_type: str, content: str) -> ImportReport:
    return records_import(
        record_type=record_type, content=content.encode(), filename="f.csv"
    )


def test_a_new_agreement_shows_its_terms_as_readers_will_see_them(companies):
    (row,) = dry_run("agreements", f"{HEADER}\n{ROW}\n").rows

    shown = dict(row.shown)
    assert row.outcome == "created"
    assert shown["Value"] == "about USD 5 billion (certainty not recorded)"
    assert shown["Runs through"] == "2030 (certainty not recorded)"
    assert shown["Parties"] == "Microsoft (customer), CoreWeave (provider)"
    assert shown["Kind"] == "Cloud compute"


def test_the_certainty_a_row_gives_is_shown_with_its_hedge(companies):
    SourceFactory(slug="the-report")
    header = f"{HEADER},citation_source,citation_excerpt,basis,modality"
    row = f"{ROW},the-report,“a deal worth about $5bn”,unnamed_sources,possible"

    (result,) = dry_run("agreements", f"{header}\n{row}\n").rows

    assert dict(result.shown)["Value"] == (
        "possibly about USD 5 billion (reported, unnamed sources)"
    )


def test_a_new_commitment_shows_its_hedged_quantity(db):
    AgreementFactory(slug="openai-nvidia", publication_status="draft")

    (row,) = dry_run(
        "commitments",
        "agreement,kind,resource,quantity,quantity_qualifier,unit,milestone,"
        "milestone_date\n"
        "openai-nvidia,power_capacity,NVIDIA systems,10,up_to,GW,first gigawatt,"
        "2026-06\n",
    ).rows

    shown = dict(row.shown)
    assert shown["Commitment"] == (
        "up to 10 GW (NVIDIA systems) (certainty not recorded)"
    )
    assert shown["Milestone"] == "first gigawatt, June 2026"


def test_a_changed_row_shows_its_changes_not_readers_values(companies):
    records_import(
        record_type="agreements",
        content=f"{HEADER}\n{ROW}\n".encode(),
        filename="f.csv",
        commit=True,
    )

    (row,) = dry_run("agreements", f"{HEADER}\n{ROW.replace('5bn', '6bn')}\n").rows

    assert row.outcome == "changed" and row.shown == []


def test_the_admins_dry_run_report_shows_readers_values(editor_client, companies):
    file = SimpleUploadedFile("deals.csv", f"{HEADER}\n{ROW}\n".encode())

    page = editor_client.post(
        "/admin/import/", {"record_type": "agreements", "file": file}, follow=True
    ).content.decode()

    assert "Readers will see, once published:" in page
    assert "<dt>Value</dt><dd>about USD 5 billion (certainty not recorded)</dd>" in page
    assert "<dt>Runs through</dt><dd>2030 (certainty not recorded)</dd>" in page
