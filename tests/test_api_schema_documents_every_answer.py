"""The OpenAPI schema documents every status and header the API answers with:
conditional headers and their 304 and 412, the ETag, Retry-After on 429 and
503, 400 for any parameter (NUL characters included), 413, the server's 414,
the Link header of list pages, and URIs as RFC 3986 ones. Each documented
answer is then produced for real."""

import pytest

from tests.api_records import full_agreement, token_client

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/agreements/{slug}/"


@pytest.fixture
def schema(client):
    return client.get("/api/v1/schema/?format=json").json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation


def headers_of(operation) -> set[str]:
    return {p["name"] for p in operation["parameters"] if p["in"] == "header"}


def test_every_operation_documents_400_401_406_414_429_and_503(schema):
    for path, method, operation in operations(schema):
        assert {"400", "401", "406", "414", "429", "503"} <= set(
            operation["responses"]
        ), (method, path)


def test_429_and_503_document_retry_after(schema):
    for path, method, operation in operations(schema):
        for code in ("429", "503"):
            headers = operation["responses"][code]["headers"]
            assert headers["Retry-After"]["schema"]["type"] == "integer", (method, path)


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_detail_operations_document_conditional_headers_and_412(schema, method):
    for path in schema["paths"]:
        if not path.endswith("/{slug}/"):
            continue
        operation = schema["paths"][path][method.lower()]
        assert {"If-Match", "If-None-Match"} <= headers_of(operation), path
        responses = operation["responses"]
        assert "412" in responses, path
        assert "ETag" in responses["412"]["headers"], path
        body = responses["412"]["content"]["application/json"]["schema"]
        assert body["$ref"] == "#/components/schemas/Error"
        assert "weak tag" in responses["412"]["description"]


def test_a_record_read_documents_its_etag_and_304(schema):
    operation = schema["paths"][DETAIL]["get"]
    assert "ETag" in operation["responses"]["200"]["headers"]
    assert "ETag" in operation["responses"]["304"]["headers"]
    assert "content" not in operation["responses"]["304"]


def test_list_pages_document_the_link_header_they_send(schema, client):
    full_agreement("one")
    full_agreement("two")
    for kind in ("agreements", "companies", "people", "sources", "statements"):
        operation = schema["paths"][f"/api/v1/{kind}/"]["get"]
        assert "Link" in operation["responses"]["200"]["headers"], kind
    sent = client.get("/api/v1/agreements/?page_size=1")
    assert 'rel="next"' in sent["Link"]


def test_writes_document_413_and_415_and_deletes_the_reason_length(schema):
    for _path, method, operation in operations(schema):
        if method in {"POST", "PUT", "PATCH"}:
            assert {"403", "409", "413", "415"} <= set(operation["responses"])
        if method == "DELETE":
            reason = next(
                p for p in operation["parameters"] if p["name"] == "X-Change-Reason"
            )
            assert reason["schema"]["maxLength"] == 100


def test_every_free_text_parameter_and_field_refuses_nul(schema):
    for path, _method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            value = parameter["schema"]
            if parameter["in"] == "query" and value.get("type") == "string":
                assert {"pattern", "enum", "format"} & set(value), (path, parameter)
    name = schema["components"]["schemas"]["CompanyWriteRequest"]["properties"]["name"]
    assert name["pattern"] == "^[^\\x00]*$"


def test_slugs_in_request_bodies_have_the_slug_pattern(schema):
    fields = schema["components"]["schemas"]["CompanyWriteRequest"]["properties"]
    assert fields["parent"]["pattern"] == "^[-a-zA-Z0-9_]+$"
    assert fields["kinds"]["items"]["pattern"] == "^[-a-zA-Z0-9_]+$"


def test_url_fields_are_documented_as_uris(schema):
    fields = schema["components"]["schemas"]["CompanyWriteRequest"]["properties"]
    assert {"type": "string", "format": "uri", "maxLength": 200} in fields["website"][
        "oneOf"
    ]


# -- and the API gives those answers ------------------------------------------------


def test_an_unknown_parameter_on_a_record_is_400_naming_it(client):
    full_agreement("the-deal")
    response = client.get(DETAIL.format(slug="the-deal"), {"colour": "red"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["colour"]


def test_a_nul_character_in_a_search_is_400_naming_it(client):
    response = client.get("/api/v1/companies/", {"search": "open\x00ai"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["search"]


def test_a_nul_character_in_a_body_field_is_400_naming_it(editor):
    response = token_client(editor).post(
        "/api/v1/companies/", {"name": "Open\x00AI", "slug": "openai"}
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["name"]
