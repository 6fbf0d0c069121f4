"""A body too large, nested too deep or not UTF-8 is refused in the API's JSON
error shape, naming `body`; an oversized admin form is a 400. Never a 500."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from partnerships.models import PublicationStatus
from tests import factories
from tests.api_records import token_client

URL = "/api/v1/companies/cloud/"
CAP = 1024 * 1024


@pytest.fixture
def api(editor):
    factories.CompanyFactory(
        slug="cloud", name="Cloud", publication_status=PublicationStatus.DRAFT
    )
    return token_client(editor)


def send(api, body: bytes, method: str = "PATCH", url: str = URL, **headers):
    return api.generic(method, url, body, content_type="application/json", **headers)


def body_error(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == status
    assert list(body["errors"]) == ["body"]
    assert body["detail"] == body["errors"]["body"][0]
    return body["detail"]


def padded(size: int) -> bytes:
    """A JSON object of exactly `size` bytes."""
    head, tail = b'{"description": "', b'"}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


def nested(depth: int) -> bytes:
    return b'{"description": ' + b"[" * depth + b"]" * depth + b"}"


def test_the_body_cap_is_one_mebibyte():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == CAP


@pytest.mark.parametrize(
    ("method", "url"), [("PATCH", URL), ("POST", "/api/v1/companies/")]
)
def test_a_20_mb_body_is_a_413_naming_the_body(api, method, url):
    detail = body_error(send(api, padded(20 * CAP), method, url), 413)

    assert detail == (
        "The body is larger than 1,048,576 bytes, the most the API reads: "
        "send a smaller one."
    )


def test_a_body_over_the_cap_is_a_413_also_for_the_browsable_api(api):
    response = send(api, padded(CAP + 1), HTTP_ACCEPT="text/html")

    assert response.status_code == 413


def test_a_body_at_the_cap_is_read(api):
    response = send(api, padded(CAP))

    assert response.status_code == 200, response.content
    assert len(response.json()["description"]) > CAP - 100


def test_json_nested_10000_deep_is_a_400_naming_the_body(api):
    detail = body_error(send(api, nested(10_000)), 400)

    assert detail == (
        "The body's JSON nests arrays and objects more than 50 levels deep; "
        "no record needs more than a few."
    )


def test_json_nested_51_levels_deep_is_refused_and_50_levels_deep_is_read(api):
    assert body_error(send(api, nested(50)), 400)

    response = send(api, nested(49))

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["description"]


def test_brackets_inside_strings_are_not_nesting(api):
    text = '[{"[\\"' * 100

    response = send(api, json.dumps({"description": text}).encode())

    assert response.status_code == 200, response.content
    assert response.json()["description"] == text


def test_a_body_not_in_utf8_is_a_400_naming_the_body(api):
    body = '{"description": "Café"}'.encode("latin-1")

    detail = body_error(send(api, body), 400)

    assert detail == (
        "The body is not UTF-8 text: byte 0xe9 at position 20 is not valid "
        "there. Send JSON in UTF-8."
    )


def test_malformed_json_is_a_400_naming_the_body(api):
    detail = body_error(send(api, b'{"description": '), 400)

    assert detail == (
        "The body is not valid JSON: Expecting value: line 1 column 17 (char 16)."
    )


def test_an_oversized_admin_form_is_a_400_not_a_500(editor_client):
    url = reverse("admin:partnerships_company_add")

    response = editor_client.post(url, {"name": "x" * (2 * CAP), "slug": "big"})

    assert response.status_code == 400


def test_an_admin_form_with_too_many_fields_is_a_400_not_a_500(editor_client):
    url = reverse("admin:partnerships_company_add")

    response = editor_client.post(url, {f"field{n}": "1" for n in range(2000)})

    assert response.status_code == 400


def test_the_schema_documents_the_413_on_every_write(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()

    writes = [
        operation
        for item in schema["paths"].values()
        for method, operation in item.items()
        if method in ("post", "put", "patch")
    ]
    assert len(writes) == 15
    assert all("413" in operation["responses"] for operation in writes)
