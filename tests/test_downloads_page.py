"""/downloads/ lists each full download with its size, generation time and
SHA-256 (or says it is not generated yet), states the licence, how to cite and
what the tracker covers; the files are served as attachments with their type,
length and validators."""

import hashlib
import json

import jsonschema
import pytest

from following.downloads import files
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(settings, tmp_path):
    settings.DOWNLOADS_ROOT = tmp_path
    factories.AgreementPartyFactory(agreement=factories.AgreementFactory(slug="deal"))
    return files.export_dataset()


def test_before_the_first_export_the_page_says_not_generated_yet(client):
    page = client.get("/downloads/").content.decode()

    assert "Not generated yet" in page
    assert 'href="/downloads/partnership-tracker.json"' not in page


@pytest.mark.parametrize("name", [file.filename for file in files.FILES])
def test_before_the_first_export_a_file_is_404(client, name):
    assert client.get(f"/downloads/{name}").status_code == 404


def test_page_lists_each_file_with_its_size_date_and_checksum(
    client, exported, settings
):
    page = client.get("/downloads/").content.decode()

    for file in files.FILES:
        path = settings.DOWNLOADS_ROOT / file.filename
        assert f'href="/downloads/{file.filename}"' in page
        assert hashlib.sha256(path.read_bytes()).hexdigest() in page
        assert f"({path.stat().st_size} bytes)" in page
    assert exported["generated_at"] in page
    assert "Not generated yet" not in page


def test_page_states_licence_citation_and_coverage(client):
    page = client.get("/downloads/").content.decode()

    assert "CC BY 4.0" in page
    assert "Cite it as" in page
    assert "What the tracker covers" in page
    assert "/embed/agreements/SLUG/" in page


def test_page_is_linked_from_every_page(client):
    assert 'href="/downloads/"' in client.get("/").content.decode()


def test_page_query_budget(client, exported, django_assert_num_queries):
    # No query: the page reads the manifest the export wrote.
    with django_assert_num_queries(0):
        client.get("/downloads/")


@pytest.mark.parametrize("file", files.FILES, ids=lambda file: file.key)
def test_file_is_an_attachment_with_type_length_and_validators(
    client, exported, settings, file
):
    response = client.get(f"/downloads/{file.filename}")
    body = response.getvalue()

    assert response.status_code == 200
    assert response["Content-Type"] == file.content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="{file.filename}"'
    )
    assert int(response["Content-Length"]) == len(body)
    assert hashlib.sha256(body).hexdigest() == exported["files"][file.key]["sha256"]
    assert response["ETag"] and response["Last-Modified"]


def test_an_unchanged_file_is_not_sent_again(client, exported):
    first = client.get("/downloads/partnership-tracker.json")

    again = client.get(
        "/downloads/partnership-tracker.json", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304


def test_an_unknown_file_is_404(client, exported):
    assert client.get("/downloads/manifest.json").status_code == 404
    assert client.get("/downloads/..%2Fsettings.py").status_code == 404


def test_the_json_file_follows_its_published_schema(client, exported, settings):
    schema = client.get("/downloads/partnership-tracker.schema.json").json()
    data = json.loads((settings.DOWNLOADS_ROOT / files.JSON_FILE.filename).read_text())

    jsonschema.validate(data, schema)
    assert data["agreements"] and data["agreement_parties"]
