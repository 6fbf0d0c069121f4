"""Conditional requests follow RFC 9110: `If-Match` compares strongly (a weak or
empty tag never matches), `If-None-Match` weakly; on GET as on writes. A write
is validated before its preconditions: an invalid body is a 400 even with a
stale tag, and a refused write leaves no trace."""

import pytest

from partnerships import models
from tests.api_records import full_agreement, token_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/agreements/the-deal/"


@pytest.fixture
def agreement():
    return full_agreement("the-deal", summary="As first reported")


@pytest.fixture
def api(editor):
    return token_client(editor)


@pytest.fixture
def stale(api, agreement):
    """A tag the editor read before someone else changed the record."""
    tag = api.get(URL)["ETag"]
    agreement.summary = "Changed meanwhile"
    agreement.save()
    return tag


def versions_of(agreement) -> int:
    return agreement.history.count()


def test_an_invalid_field_with_a_stale_tag_is_400_naming_the_field(
    api, agreement, stale
):
    before = versions_of(agreement)
    response = api.patch(URL, {"announced_on": "not a date"}, HTTP_IF_MATCH=stale)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["announced_on"]
    assert versions_of(agreement) == before


def test_a_put_missing_required_fields_with_a_stale_tag_is_400(api, stale):
    response = api.put(URL, {"summary": "Only this"}, HTTP_IF_MATCH=stale)
    assert response.status_code == 400
    assert "title" in response.json()["errors"]


def test_a_rule_between_fields_with_a_stale_tag_is_400(api, agreement, stale):
    """Checked by the model as the record is written: still before the tag."""
    before = versions_of(agreement)
    response = api.patch(
        URL,
        {
            "effective_on": "2030-01-01",
            "effective_precision": "day",
            "expires_on": "2020-01-01",
            "expires_precision": "day",
        },
        HTTP_IF_MATCH=stale,
    )
    assert response.status_code == 400, response.json()
    assert "expires_on" in response.json()["errors"]
    assert versions_of(agreement) == before


def test_a_body_that_is_not_json_with_a_stale_tag_is_400_naming_body(api, stale):
    response = api.generic(
        "PATCH", URL, "{not json", "application/json", HTTP_IF_MATCH=stale
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["body"]


def test_a_valid_body_with_a_stale_tag_is_412_and_writes_nothing(api, agreement, stale):
    before = versions_of(agreement)
    response = api.patch(URL, {"summary": "Mine"}, HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert response.json()["current"]["summary"] == "Changed meanwhile"
    agreement.refresh_from_db()
    assert agreement.summary == "Changed meanwhile"
    assert versions_of(agreement) == before


@pytest.mark.parametrize("header", ["", "W/{tag}", '"not-a-version"', "{tag}x"])
@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_an_empty_weak_or_unknown_if_match_is_412(api, agreement, method, header):
    tag = api.get(URL)["ETag"]
    response = getattr(api, method)(
        URL, {} if method == "patch" else None, HTTP_IF_MATCH=header.format(tag=tag)
    )
    assert response.status_code == 412, response.content
    assert response.json()["code"] == "precondition_failed"
    assert response["ETag"] == tag
    assert models.Agreement.objects.filter(slug="the-deal").exists()


def test_a_get_with_a_stale_if_match_is_412_with_the_current_record(
    client, agreement, stale
):
    response = client.get(URL, HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert response.json()["current"]["summary"] == "Changed meanwhile"


def test_a_get_with_the_current_if_match_or_star_is_200(client, agreement):
    tag = client.get(URL)["ETag"]
    for header in (tag, "*", f'"old", {tag}'):
        response = client.get(URL, HTTP_IF_MATCH=header)
        assert response.status_code == 200, header
        assert response.json()["summary"] == "As first reported"


def test_a_weak_if_none_match_on_get_still_gives_304(client, agreement):
    tag = client.get(URL)["ETag"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=f"W/{tag}").status_code == 304


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_a_write_whose_if_none_match_names_the_record_is_412(api, agreement, method):
    tag = api.get(URL)["ETag"]
    for header in ("*", tag):
        response = getattr(api, method)(
            URL, {} if method == "patch" else None, HTTP_IF_NONE_MATCH=header
        )
        assert response.status_code == 412, header
        assert "If-None-Match" in response.json()["detail"]
    assert models.Agreement.objects.filter(slug="the-deal").exists()


def test_a_write_whose_if_none_match_names_another_version_goes_through(api, agreement):
    response = api.patch(URL, {"summary": "New"}, HTTP_IF_NONE_MATCH='"old"')
    assert response.status_code == 200
