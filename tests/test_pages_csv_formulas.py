"""The site's CSV downloads never hand a spreadsheet a formula (OWASP: CSV
injection): a cell starting with =, +, -, @, a tab or a carriage return starts
with a quote, so the spreadsheet shows it as text."""

import csv
import io

import pytest

from partnerships.spreadsheets import neutralise
from tests import factories


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(
        csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"), newline=""))
    )


@pytest.mark.parametrize(
    "path, make, column, written",
    [
        (
            "/agreements/",
            lambda text: factories.AgreementFactory(title=text),
            "title",
            '=HYPERLINK("https://evil.example","Open")',
        ),
        (
            "/companies/",
            lambda text: factories.CompanyFactory(name=text),
            "name",
            "+1+1",
        ),
        ("/people/", lambda text: factories.PersonFactory(role=text), "role", "-2+3"),
        (
            "/sources/",
            lambda text: factories.SourceFactory(author=text),
            "author",
            "@SUM(1)",
        ),
        (
            "/statements/",
            lambda text: factories.StatementFactory(occasion=text),
            "occasion",
            "\t=1+1",
        ),
    ],
)
def test_a_cell_an_editor_starts_like_a_formula_downloads_as_text(
    client, db, path, make, column, written
):
    make(written)

    [row] = csv_rows(client.get(path, {"format": "csv"}))

    assert row[column] == "'" + written


def test_cells_that_are_not_formulas_download_unchanged(client, db):
    factories.AgreementFactory(title="OpenAI and AWS: cloud compute")

    [row] = csv_rows(client.get("/agreements/", {"format": "csv"}))

    assert row["title"] == "OpenAI and AWS: cloud compute"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    assert neutralise(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize(
    "value, cell",
    [("OpenAI", "OpenAI"), ("", ""), (None, ""), (3, "3"), ("a=b", "a=b")],
)
def test_other_values_are_their_text(value, cell):
    assert neutralise(value) == cell
