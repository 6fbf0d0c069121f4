"""An agreements file gives each date and the value as the source does
("2030年6月", "about $5bn" in a `value` column), read by the editors' parser;
files with value_amount, value_currency and value_qualifier still import."""

import csv
import io
import json

import pytest

from partnerships.imports import records_import
from partnerships.models import Agreement
from tests.entry_table import (
    AMOUNTS_ACCEPTED,
    AMOUNTS_REFUSED,
    DATES_ACCEPTED,
    DATES_REFUSED,
)
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

HEADER = ["slug", "title", "kind", "status", "parties", "expires", "value"]


@pytest.fixture(autouse=True)
def parties():
    CompanyFactory(slug="microsoft", name="Microsoft", publication_status="draft")
    CompanyFactory(slug="coreweave", name="CoreWeave", publication_status="draft")


def agreements_file(header: list[str], *rows: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([header, *rows])
    return out.getvalue().encode()


def row(expires: str = "", value: str = "") -> list[str]:
    return [
        "microsoft-coreweave",
        "Microsoft–CoreWeave compute deal",
        "cloud_compute",
        "active",
        "microsoft:customer|coreweave:provider",
        expires,
        value,
    ]


def run(content: bytes, filename: str = "file.csv"):
    return records_import(
        record_type="agreements", content=content, filename=filename, commit=True
    )


@pytest.mark.parametrize(("text", "amount", "currency", "qualifier"), AMOUNTS_ACCEPTED)
def test_a_value_cell_fills_amount_currency_and_qualifier(
    text, amount, currency, qualifier
):
    report = run(agreements_file(HEADER, row(value=text)))
    assert report.committed, report.lines()
    stored = Agreement.objects.get(slug="microsoft-coreweave")
    assert (stored.value_amount, stored.value_currency, stored.value_qualifier) == (
        amount,
        currency,
        qualifier,
    )


@pytest.mark.parametrize(("text", "problem"), AMOUNTS_REFUSED)
def test_an_unreadable_value_cell_rejects_the_row_naming_the_column(text, problem):
    report = run(agreements_file(HEADER, row(value=text)))
    lines = "\n".join(report.lines())
    assert not report.committed
    assert f"row 2, column value: “{text}”" in lines
    assert problem in lines
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(("text", "value", "precision"), DATES_ACCEPTED)
def test_a_date_cell_is_read_with_its_precision(text, value, precision):
    report = run(agreements_file(HEADER, row(expires=text)))
    assert report.committed, report.lines()
    stored = Agreement.objects.get(slug="microsoft-coreweave")
    assert (stored.expires_on, stored.expires_precision) == (value, precision)


@pytest.mark.parametrize(("text", "problem"), DATES_REFUSED)
def test_an_unreadable_date_cell_rejects_the_row_naming_the_column(text, problem):
    report = run(agreements_file(HEADER, row(expires=text)))
    lines = "\n".join(report.lines())
    assert f"row 2, column expires: “{text.strip()}”" in lines
    assert problem in lines
    assert not Agreement.objects.exists()


def test_the_coreweave_deal_imports_through_2030_about_5bn():
    report = run(agreements_file(HEADER, row("through 2030", "about $5bn")))
    assert report.committed, report.lines()
    stored = Agreement.objects.get(slug="microsoft-coreweave")
    assert stored.expires.iso == "2030" and stored.expires_precision == "year"
    assert stored.value_display == "about USD 5 billion"


def test_a_json_file_gives_the_value_as_text():
    content = json.dumps(
        [dict(zip(HEADER, row("2030年", "380億美元"), strict=True))]
    ).encode()
    report = run(content, "file.json")
    assert report.committed, report.lines()
    stored = Agreement.objects.get(slug="microsoft-coreweave")
    assert (stored.expires.iso, stored.value_display) == ("2030", "USD 38 billion")


def test_a_file_giving_value_and_value_amount_is_refused_naming_both():
    header = [*HEADER, "value_amount"]
    report = run(agreements_file(header, [*row(value="USD 5bn"), "5000000000"]))
    lines = "\n".join(report.lines())
    assert not report.committed
    assert "give either “value” or value_amount, value_currency, value_qualifier" in (
        lines
    )
    assert not Agreement.objects.exists()


def test_re_importing_the_same_value_changes_nothing():
    content = agreements_file(HEADER, row("2030", "about $5bn"))
    run(content)
    report = run(content)
    assert report.counts["unchanged"] == 1, report.lines()
