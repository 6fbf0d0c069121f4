"""The API describes itself: a root listing endpoints, an OpenAPI schema, docs."""

import re

from django.test import Client

from tests.api_records import token_client


def test_root_lists_every_endpoint_and_the_docs(client, db):
    body = client.get("/api/v1/").json()

    assert set(body) == {
        "companies",
        "people",
        "sources",
        "agreements",
        "statements",
        "schema",
        "docs",
        "changes",
    }
    assert body["agreements"] == "http://testserver/api/v1/agreements/"


def test_api_prefix_redirects_to_version_1(client, db):
    response = client.get("/api/")

    assert response.status_code == 302
    assert response["Location"] == "/api/v1/"


def test_schema_is_openapi_3_json_documenting_filters_and_errors(client, db):
    response = client.get("/api/v1/schema/?format=json")

    schema = response.json()
    assert schema["openapi"].startswith("3.")
    operation = schema["paths"]["/api/v1/agreements/"]["get"]
    parameters = {p["name"] for p in operation["parameters"]}
    assert {
        "party",
        "party_role",
        "kind",
        "exclusivity",
        "status",
        "in_force_on",
        "include_undated",
        "expires_before",
        "expires_after",
        "value_min",
        "value_max",
        "currency",
        "announced_after",
        "announced_before",
        "search",
        "ordering",
        "page",
        "page_size",
        "format",
    } <= parameters
    assert {"200", "400", "401", "404", "406"} <= set(operation["responses"])
    error = operation["responses"]["400"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {
        "status",
        "code",
        "detail",
        "errors",
        "current",
    }
    post = schema["paths"]["/api/v1/agreements/"]["post"]
    assert {"201", "400", "401", "403", "415"} <= set(post["responses"])
    delete = schema["paths"]["/api/v1/agreements/{slug}/"]["delete"]
    assert {"204", "401", "403", "404", "409"} <= set(delete["responses"])


def test_schema_lists_every_operation(client, db):
    paths = client.get("/api/v1/schema/?format=json").json()["paths"]

    for resource in ("companies", "people", "sources", "agreements", "statements"):
        assert set(paths[f"/api/v1/{resource}/"]) == {"get", "post"}
        assert set(paths[f"/api/v1/{resource}/{{slug}}/"]) == {
            "get",
            "put",
            "patch",
            "delete",
        }


def test_docs_load_only_from_the_projects_static_files(client, db):
    html = client.get("/api/v1/docs/").content.decode()

    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the page loads Swagger UI"
    assert all(asset.startswith("/static/") for asset in assets), assets
    assert "cdn" not in html.lower()
    assert "/api/v1/schema/" in html


def test_docs_assets_are_served(db):
    response = Client().get(
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
    )

    assert response.status_code == 200


def test_browsable_api_renders_for_readers_and_editors(client, editor_client, db):
    for visitor in (client, editor_client):
        for url in ("/api/v1/", "/api/v1/agreements/", "/api/v1/statements/"):
            response = visitor.get(url, HTTP_ACCEPT="text/html")
            assert response.status_code == 200, url
            assert response["Content-Type"].startswith("text/html")
    page = editor_client.get("/api/v1/", HTTP_ACCEPT="text/html").content.decode()
    assert "are always JSON in one shape" in page  # the root documents errors


def test_options_describes_what_an_editor_may_post(editor, db):
    body = token_client(editor).options("/api/v1/agreements/").json()

    post = body["actions"]["POST"]
    assert set(post["parties"]["child"]["children"]) == {"company", "role", "note"}
    assert "url" not in post  # the read-only links are not part of a write
