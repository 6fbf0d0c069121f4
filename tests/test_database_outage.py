"""While the database cannot be reached, pages answer a 503 page and the API a
JSON 503, both with Retry-After; once it is back, both answer again by
themselves. An error the database gives while it answers stays a 500."""

import sqlite3

import pytest
from django.db import OperationalError, close_old_connections, connection, connections

from health.outages import is_outage
from tests import factories
from tests.api_records import token_client
from tests.unreachable import database_unreachable

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/agreements/",
    "/agreements/the-deal/",
    "/companies/cloud/",
    "/search/?q=cloud",
    "/timeline/",
    "/feed/",
]
API = ["/api/v1/agreements/", "/api/v1/agreements/the-deal/", "/api/v1/companies/"]


@pytest.fixture
def records():
    factories.AgreementFactory(slug="the-deal")
    factories.CompanyFactory(slug="cloud")


def assert_outage_page(response) -> None:
    assert response.status_code == 503, response.request["PATH_INFO"]
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    assert "<h1>Back in a moment</h1>" in text
    assert 'class="site-header"' in text  # the site's own page, from base.html


def assert_api_outage(response) -> None:
    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": 503,
        "code": "database_unavailable",
        "detail": "The database cannot be reached right now: try again after "
        "the number of seconds in Retry-After.",
        "errors": {},
    }


def test_every_page_is_a_503_page_with_retry_after(client, records):
    with database_unreachable():
        for path in PAGES:
            assert_outage_page(client.get(path))


def test_the_admin_is_a_503_page_for_a_signed_in_editor(editor_client):
    with database_unreachable():
        response = editor_client.get("/admin/partnerships/agreement/")

    assert_outage_page(response)


def test_every_api_read_is_a_json_503_with_retry_after(client, records):
    with database_unreachable():
        for path in API:
            assert_api_outage(client.get(path))


def test_an_api_write_with_a_token_is_a_json_503(editor, records):
    api = token_client(editor)

    with database_unreachable():
        response = api.patch("/api/v1/companies/cloud/", {"description": "x"})

    assert_api_outage(response)


def test_the_browsable_api_is_a_503_too(client, records):
    with database_unreachable():
        response = client.get("/api/v1/agreements/", HTTP_ACCEPT="text/html")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_pages_and_api_answer_again_once_the_database_is_back(client, records):
    with database_unreachable():
        assert_outage_page(client.get("/agreements/"))
        assert_api_outage(client.get("/api/v1/agreements/"))

    assert client.get("/agreements/").status_code == 200
    assert client.get("/api/v1/agreements/").status_code == 200


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a server that drops connections"
)
def test_a_kept_connection_the_server_dropped_is_replaced_before_it_fails(
    client, records
):
    assert client.get("/agreements/").status_code == 200  # kept for CONN_MAX_AGE
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])  # as a restart does
    other.close()
    close_old_connections()  # what Django does as each request starts

    assert client.get("/agreements/").status_code == 200


def test_an_error_from_a_database_that_answers_is_not_an_outage():
    connection.ensure_connection()  # the query that failed had connected
    refused = OperationalError("Expression tree is too large (maximum depth 1000)")

    assert not is_outage(refused)


def test_sqlite_busy_past_its_timeout_is_an_outage(tmp_path):
    path = tmp_path / "busy.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")
    reader = sqlite3.connect(path, timeout=0)
    try:
        reader.execute("SELECT 1 FROM sqlite_master").fetchall()
    except sqlite3.OperationalError as error:
        busy = OperationalError(*error.args)
        busy.__cause__ = error
    finally:
        writer.close()
        reader.close()

    assert is_outage(busy)


def test_the_schema_documents_the_503_and_its_retry_after_everywhere(client):
    schema = client.get("/api/v1/schema/?format=json").json()

    operations = [
        operation
        for item in schema["paths"].values()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    assert len(operations) >= 35
    for operation in operations:
        outage = operation["responses"]["503"]
        assert outage["headers"]["Retry-After"]["schema"] == {"type": "integer"}
