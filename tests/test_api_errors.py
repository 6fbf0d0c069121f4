"""Every API error is JSON in one shape, and says what is wrong."""

import pytest
from rest_framework.test import APIClient

from tests import factories
from tests.api_records import token_client

LIST = "/api/v1/agreements/"


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"status", "code", "detail", "errors"}
    assert body["status"] == status
    return body


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/agreements/?expires_before=tomorrowish", "expires_before"),
        ("/api/v1/agreements/?expires_after=2030-02-30", "expires_after"),
        ("/api/v1/agreements/?in_force_on=soon", "in_force_on"),
        ("/api/v1/agreements/?value_min=abc", "value_min"),
        ("/api/v1/agreements/?value_max=-5", "value_max"),
        ("/api/v1/agreements/?currency=dollars", "currency"),
        ("/api/v1/agreements/?kind=merger", "kind"),
        ("/api/v1/agreements/?party_role=boss", "party_role"),
        ("/api/v1/agreements/?announced_after=", "announced_after"),
        ("/api/v1/agreements/?page_size=-3", "page_size"),
        ("/api/v1/agreements/?page_size=abc", "page_size"),
        ("/api/v1/agreements/?page_size=101", "page_size"),
        ("/api/v1/agreements/?page=0", "page"),
        ("/api/v1/agreements/?page=two", "page"),
        ("/api/v1/agreements/?ordering=-secret", "ordering"),
        ("/api/v1/agreements/?partie=openai", "partie"),
        ("/api/v1/statements/?said_after=yesterday", "said_after"),
        ("/api/v1/sources/?kind=blog", "kind"),
        ("/api/v1/companies/?page_size=0", "page_size"),
        ("/api/v1/people/?format=", "format"),
        ("/api/v1/agreements/x/?page=1", "page"),
    ],
)
def test_malformed_parameter_is_a_400_naming_it(client, db, url, parameter):
    factories.AgreementFactory(slug="x")

    body = error(client.get(url), 400)

    assert body["code"] == "invalid"
    assert list(body["errors"]) == [parameter]
    assert parameter in body["detail"]


def test_bad_filter_with_csv_answers_in_json(client, db):
    body = error(client.get(LIST, {"format": "csv", "value_min": "lots"}), 400)

    assert "value_min" in body["errors"]


def test_page_past_the_last_is_a_404_naming_page(client, db):
    body = error(client.get(LIST, {"page": 999}), 404)

    assert body["errors"] == {"page": ["Page 999 does not exist: the last page is 1."]}


def test_unknown_record_is_404(client, db):
    body = error(client.get(f"{LIST}no-such-deal/"), 404)

    assert body["code"] == "not_found"


def test_unknown_address_under_api_is_a_json_404(client, db):
    body = error(client.get("/api/v1/mergers/"), 404)

    assert "/api/v1/" in body["detail"]


def test_unsupported_method_is_405_with_allow(client, db):
    response = client.put(LIST, {}, content_type="application/json")

    body = error(response, 405)
    assert body["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"


def test_unknown_format_is_406(client, db):
    body = error(client.get(LIST, {"format": "xml"}), 406)

    assert "csv" in body["detail"] and "json" in body["detail"]


def test_unacceptable_accept_header_is_406(client, db):
    error(client.get(LIST, HTTP_ACCEPT="application/xml"), 406)


def test_wrong_content_type_is_415(editor, db):
    response = token_client(editor).generic(
        "POST", LIST, "title=x", content_type="text/plain"
    )

    assert error(response, 415)["code"] == "unsupported_media_type"


def test_malformed_json_is_a_400(editor, db):
    response = token_client(editor).generic(
        "POST", LIST, "{not json", content_type="application/json"
    )

    assert error(response, 400)["code"] == "parse_error"


def test_invalid_token_is_401(db):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")

    body = error(api.get(LIST), 401)

    assert body["code"] == "authentication_failed"


def test_nul_character_in_a_parameter_is_a_400(client, db):
    body = error(client.get(LIST, {"search": "a\x00b"}), 400)

    assert list(body["errors"]) == ["search"]


def test_a_reference_that_cannot_be_a_slug_is_named(editor, db):
    response = token_client(editor).post(
        LIST,
        {
            "title": "t",
            "slug": "t",
            "kind": "other",
            "status": "active",
            "superseded_by": "\x00r",
        },
        format="json",
    )

    body = error(response, 400)
    assert body["errors"]["superseded_by"] == [
        "'\\x00r' is not a slug: letters, digits, - and _ only."
    ]


def test_detail_address_that_cannot_be_a_slug_is_a_json_404(client, db):
    error(client.get("/api/v1/agreements/%23.%C3%8D%0A/"), 404)
