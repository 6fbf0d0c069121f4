"""An export reads and writes its rows a chunk at a time
(`partnerships.spreadsheets.CHUNK_SIZE`, 500; 100 in the memory test, to keep
it cheap under tracemalloc): past one chunk its memory stays flat as the
dataset grows (the peak for 2,000 agreements stays under twice the peak for
200, two chunks; written as one chunk, ten times the rows took 4.3 times the
memory), and its queries are one set per table's chunk, never one per row."""

import tracemalloc

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from following.downloads import files
from partnerships import models, spreadsheets
from tests import factories
from tests.boundary_world import build_boundary_world
from tests.downloads import json_data

pytestmark = pytest.mark.django_db

MANY, FEW = 2_000, 200


def add_agreements(count: int, company) -> None:
    """`count` published agreements with a party each, saved in bulk (a plain
    QuerySet skips the audit guard: test data needs no history)."""
    built = factories.AgreementFactory.build_batch(
        count, value_amount=38 * 10**9, value_currency="USD", value_qualifier="about"
    )
    saved = QuerySet(models.Agreement).bulk_create(built, batch_size=1000)
    QuerySet(models.AgreementParty).bulk_create(
        [
            models.AgreementParty(agreement=a, company=company, role="customer")
            for a in saved
        ],
        batch_size=1000,
    )


def export_peak(directory) -> int:
    tracemalloc.start()
    try:
        files.export_dataset(directory)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def test_an_export_of_ten_times_the_rows_takes_about_the_same_memory(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(spreadsheets, "CHUNK_SIZE", 100)
    company = factories.CompanyFactory(name="华为", slug="huawei")
    add_agreements(FEW, company)
    files.export_dataset(tmp_path / "warm")  # what a process builds once
    few_peak = export_peak(tmp_path / "few")
    add_agreements(MANY - FEW, company)
    many_peak = export_peak(tmp_path / "many")

    assert len(json_data(tmp_path / "many")["agreements"]) == MANY
    print(f"export: peak {few_peak:,} B for {FEW:,} rows, {many_peak:,} B for {MANY:,}")
    assert many_peak < 2 * few_peak


def test_an_exports_queries_do_not_grow_with_its_rows(tmp_path):
    build_boundary_world()
    with CaptureQueriesContext(connection) as small:
        files.export_dataset(tmp_path / "small")
    build_more_of_everything()
    with CaptureQueriesContext(connection) as larger:
        files.export_dataset(tmp_path / "larger")

    grown = json_data(tmp_path / "larger")
    assert len(grown["agreements"]) > len(json_data(tmp_path / "small")["agreements"])
    assert len(larger.captured_queries) == len(small.captured_queries)


def build_more_of_everything() -> None:
    """More published records of every kind, each with what the export reads
    of its relations (parties, owners, speakers, sources, replies)."""
    source = factories.SourceFactory(slug="more-source")
    owner = models.Company.objects.get(slug="public-lab")
    for number in range(3):
        company = factories.CompanyFactory(slug=f"more-{number}", parent=owner)
        deal = factories.AgreementFactory(slug=f"more-deal-{number}")
        factories.AgreementPartyFactory(agreement=deal, company=company)
        citation = factories.AgreementCitationFactory(record=deal, source=source)
        factories.TermReportFactory(citation=citation, term="status")
        person = factories.PersonFactory(
            slug=f"more-person-{number}", affiliation=company
        )
        said = factories.StatementFactory(
            slug=f"more-said-{number}", speaker=person, source=source
        )
        said.companies.add(company)
