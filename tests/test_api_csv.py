"""?format=csv on every list: the same records and filters, one row per record."""

import csv
import io

import pytest

from tests import factories
from tests.api_records import openai_aws, token_client


@pytest.fixture(autouse=True)
def site_url(settings):
    """Canonical URLs are built on SITE_URL, whatever host the API was asked on."""
    settings.SITE_URL = "https://tracker.example"


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


@pytest.fixture
def deal(db):
    return openai_aws()


def test_agreement_csv_flattens_nested_fields(client, deal):
    response = client.get("/api/v1/agreements/", {"format": "csv"})

    [row] = rows(response)
    assert response["Content-Disposition"] == 'attachment; filename="agreements.csv"'
    assert row["slug"] == "openai-aws-cloud-compute"
    assert (
        row["url"]
        == "https://tracker.example/api/v1/agreements/openai-aws-cloud-compute/"
    )
    assert row["parties"] == "OpenAI (customer); Amazon Web Services (provider)"
    assert row["expires.value"] == "2030"
    assert row["expires.precision"] == "year"
    assert row["value.display"] == "USD 38 billion (announced)"
    assert row["certainty.value.label"] == "announced"
    assert row["value.amount"] == "38000000000.00"
    assert row["commitments"] == "hundreds of thousands of GPUs"
    assert row["citations"] == "The article (paragraph 2)"
    assert row["effective.value"] == ""


def test_csv_honours_filters_and_search(client, deal):
    factories.AgreementFactory(slug="other", kind="chip_supply")

    everything = rows(client.get("/api/v1/agreements/?format=csv"))
    assert [r["slug"] for r in everything] == ["other", "openai-aws-cloud-compute"]
    assert [
        r["slug"]
        for r in rows(client.get("/api/v1/agreements/?format=csv&kind=chip_supply"))
    ] == ["other"]
    assert [
        r["slug"] for r in rows(client.get("/api/v1/agreements/?format=csv&search=AWS"))
    ] == ["openai-aws-cloud-compute"]


def test_csv_gives_every_row_unless_a_page_is_asked_for(client, db):
    for number in range(25):
        factories.CompanyFactory(slug=f"co-{number:02d}")

    assert len(rows(client.get("/api/v1/companies/?format=csv"))) == 25
    assert len(rows(client.get("/api/v1/companies/?format=csv&page_size=10"))) == 10


def test_csv_leaves_drafts_out_for_readers_only(client, editor, db):
    factories.PersonFactory(slug="public")
    factories.PersonFactory(slug="draft", publication_status="draft")

    public = rows(client.get("/api/v1/people/?format=csv"))
    edited = rows(token_client(editor).get("/api/v1/people/?format=csv"))

    assert [r["slug"] for r in public] == ["public"]
    assert sorted(r["slug"] for r in edited) == ["draft", "public"]


@pytest.mark.parametrize(
    "url", ["/api/v1/companies/", "/api/v1/sources/", "/api/v1/statements/"]
)
def test_every_list_has_a_csv_with_a_header(client, db, url):
    response = client.get(url, {"format": "csv"})

    header = response.getvalue().decode("utf-8-sig").splitlines()[0].split(",")
    assert "url" in header and "site_url" in header and "slug" in header


def test_csv_neutralises_spreadsheet_formulas(client, db):
    factories.AgreementFactory(slug="evil", title="=HYPERLINK(1)")

    [row] = rows(client.get("/api/v1/agreements/?format=csv"))

    assert row["title"] == "'=HYPERLINK(1)"


def test_statement_csv_spreads_the_speaker_into_columns(client, db):
    factories.StatementFactory(slug="said", speaker__name="Sam Altman")

    [row] = rows(client.get("/api/v1/statements/?format=csv"))

    assert row["speaker.name"] == "Sam Altman"
    assert row["text_en_is_translation"] == "true"


def paths(record: dict, prefix: str = "") -> set[str]:
    """Where each value of a JSON record sits: objects spread, lists whole."""
    found = set()
    for key, value in record.items():
        if isinstance(value, dict):
            found |= paths(value, f"{prefix}{key}.")
        else:
            found.add(f"{prefix}{key}")
    return found


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/agreements/",
        "/api/v1/companies/",
        "/api/v1/people/",
        "/api/v1/sources/",
        "/api/v1/statements/",
    ],
)
def test_every_field_of_the_json_is_a_column_of_the_csv(article, editor, url):
    reader = token_client(editor)
    records = reader.get(url, {"page_size": 100}).json()["results"]
    in_json = set().union(*(paths(record) for record in records))

    header = next(
        csv.reader(
            io.StringIO(
                reader.get(url, {"format": "csv"}).getvalue().decode("utf-8-sig")
            )
        )
    )

    # An object that is null in every record is one JSON path and its columns.
    def within(inner: str, outer: str) -> bool:
        return inner == outer or inner.startswith(outer + ".")

    assert [
        path
        for path in sorted(in_json)
        if not any(within(column, path) for column in header)
    ] == []
    assert [
        column for column in header if not any(within(column, path) for path in in_json)
    ] == []


def test_the_value_certainty_spreads_into_columns_like_every_certainty(client, deal):
    [row] = rows(client.get("/api/v1/agreements/", {"format": "csv"}))

    assert row["value.certainty.label"] == "announced"
    assert row["value.certainty.basis"] == "announced"
    assert row["value.certainty.modality"] == "fact"
    assert "value.certainty" not in row


def test_the_csv_lists_parties_and_aliases_one_cell_each(client, deal):
    [agreement] = rows(client.get("/api/v1/agreements/", {"format": "csv"}))
    companies = rows(client.get("/api/v1/companies/", {"format": "csv"}))

    assert agreement["parties"] == "OpenAI (customer); Amazon Web Services (provider)"
    assert {company["name"]: company["aliases"] for company in companies} == {
        "Amazon Web Services": "AWS",
        "OpenAI": "",
    }


def test_a_list_cell_starting_like_a_formula_is_neutralised(client, db):
    factories.AgreementPartyFactory(
        agreement=factories.AgreementFactory(slug="evil"),
        company=factories.CompanyFactory(name="=HYPERLINK(1)"),
    )

    [row] = rows(client.get("/api/v1/agreements/", {"format": "csv"}))

    assert row["parties"] == "'=HYPERLINK(1) (customer)"
