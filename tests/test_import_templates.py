"""Each record type has a template to download: its header and an example row
the importer accepts, so a dry run of the template as downloaded creates one
record and rejects none."""

import csv
import io

import pytest

from partnerships.imports import IMPORTERS, records_import
from partnerships.imports.examples import template_columns
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    PersonFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    """What the examples name: two companies, a person, a source, a draft deal."""
    CompanyFactory(slug="openai", name="OpenAI")
    CompanyFactory(slug="amazon-web-services", name="Amazon Web Services")
    PersonFactory(slug="sam-altman")
    SourceFactory(slug="the-announcement")
    AgreementFactory(slug="openai-aws", publication_status="draft")


def download(editor_client, record_type: str):
    return editor_client.get(f"/admin/import/{record_type}/template.csv")


@pytest.mark.parametrize("record_type", list(IMPORTERS))
def test_each_types_template_is_a_csv_with_every_column_and_an_example(
    editor_client, world, record_type
):
    response = download(editor_client, record_type)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{record_type}-template.csv"' in response["Content-Disposition"]
    header, example = csv.reader(io.StringIO(response.content.decode()))
    assert header == template_columns(record_type)
    required = IMPORTERS[record_type].columns.required
    assert all(example[header.index(name)] for name in required)


@pytest.mark.parametrize("record_type", list(IMPORTERS))
def test_each_types_template_imports_in_a_dry_run(editor_client, world, record_type):
    content = download(editor_client, record_type).content

    report = records_import(
        record_type=record_type, content=content, filename="template.csv"
    )

    assert report.refused == []
    assert [row.errors for row in report.rows] == [[]]
    assert report.counts["created"] == 1
    assert not report.committed


def test_the_agreements_template_gives_the_value_in_words_not_in_three_columns(
    editor_client, world
):
    header = download(editor_client, "agreements").content.decode().splitlines()[0]

    assert "value" in header.split(",")
    assert "value_amount" not in header  # a file gives one form or the other


def test_the_import_page_links_each_template(editor_client):
    page = editor_client.get("/admin/import/").content.decode()

    for record_type in IMPORTERS:
        assert f'href="/admin/import/{record_type}/template.csv"' in page


def test_an_unknown_type_has_no_template(editor_client):
    assert download(editor_client, "planets").status_code == 404


def test_a_template_needs_a_staff_login(client):
    response = client.get("/admin/import/companies/template.csv")

    assert response.status_code == 302
    assert "/admin/login/" in response.url
