"""Versions in the API: ETags refuse lost updates, history tells every change,
`as_of` shows a record as it stood."""

import datetime
import json
import urllib.error
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from editorial.review import review_request
from partnerships import models
from partnerships.services import editors_group_ensure
from tests import factories
from tests.api_records import full_agreement, token_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/agreements/{}/"


def second_editor():
    user = get_user_model().objects.create_user(
        username="second", password="x", is_staff=True
    )
    user.groups.add(editors_group_ensure())
    return user


@pytest.fixture
def agreement():
    return full_agreement("the-deal", summary="As first reported")


@pytest.fixture
def first(editor):
    return token_client(editor)


@pytest.fixture
def second():
    return token_client(second_editor())


# -- ETags and conditional requests --------------------------------------------------


def test_every_record_read_carries_an_etag(client, agreement):
    response = client.get(URL.format("the-deal"))
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34


def test_unchanged_record_gets_304_and_changed_record_gets_200(client, agreement):
    tag = client.get(URL.format("the-deal"))["ETag"]

    not_modified = client.get(URL.format("the-deal"), HTTP_IF_NONE_MATCH=tag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == tag

    agreement.summary = "Revised"
    agreement.save()
    modified = client.get(URL.format("the-deal"), HTTP_IF_NONE_MATCH=tag)
    assert modified.status_code == 200
    assert modified["ETag"] != tag
    assert modified.json()["summary"] == "Revised"


def test_a_change_to_a_party_changes_the_etag(client, agreement):
    tag = client.get(URL.format("the-deal"))["ETag"]
    party = agreement.parties.first()
    party.note = "lead customer"
    party.save()
    assert client.get(URL.format("the-deal"))["ETag"] != tag


def test_second_editor_with_a_stale_etag_gets_412_and_the_current_record(
    first, second, agreement
):
    """Two editors read the same version; the first saves; the second is refused."""
    tag_of_first = first.get(URL.format("the-deal"))["ETag"]
    tag_of_second = second.get(URL.format("the-deal"))["ETag"]
    assert tag_of_first == tag_of_second

    saved = first.patch(
        URL.format("the-deal"),
        {"summary": "First editor's summary"},
        HTTP_IF_MATCH=tag_of_first,
    )
    assert saved.status_code == 200
    assert saved["ETag"] != tag_of_first

    refused = second.patch(
        URL.format("the-deal"),
        {"summary": "Second editor's summary"},
        HTTP_IF_MATCH=tag_of_second,
    )
    assert refused.status_code == 412
    body = refused.json()
    assert body["code"] == "precondition_failed"
    assert "changed since" in body["detail"]
    assert body["current"]["summary"] == "First editor's summary"
    assert refused["ETag"] == saved["ETag"]
    agreement.refresh_from_db()
    assert agreement.summary == "First editor's summary"

    # With the current version in hand, the second editor's save goes through.
    retried = second.patch(
        URL.format("the-deal"),
        {"summary": "Second editor's summary"},
        HTTP_IF_MATCH=refused["ETag"],
    )
    assert retried.status_code == 200


def test_stale_delete_is_412_and_deletes_nothing(first, second, agreement):
    stale = second.get(URL.format("the-deal"))["ETag"]
    first.patch(URL.format("the-deal"), {"summary": "Changed"})
    refused = second.delete(URL.format("the-deal"), HTTP_IF_MATCH=stale)
    assert refused.status_code == 412
    assert models.Agreement.objects.filter(slug="the-deal").exists()


def test_put_with_a_weak_or_unknown_tag_is_refused(first, agreement):
    tag = first.get(URL.format("the-deal"))["ETag"]
    for header in (f"W/{tag}", '"not-a-version"'):
        response = first.patch(
            URL.format("the-deal"), {"summary": "x"}, HTTP_IF_MATCH=header
        )
        assert response.status_code == 412, header


def test_if_match_star_and_a_list_holding_the_current_tag_are_accepted(
    first, agreement
):
    tag = first.get(URL.format("the-deal"))["ETag"]
    listed = first.patch(
        URL.format("the-deal"), {"summary": "a"}, HTTP_IF_MATCH=f'"old", {tag}'
    )
    assert listed.status_code == 200
    star = first.patch(URL.format("the-deal"), {"summary": "b"}, HTTP_IF_MATCH="*")
    assert star.status_code == 200


def test_two_editors_over_http_on_a_live_server(live_server, editor, agreement):
    """The same conflict between two real HTTP clients, outside the test client."""
    tokens = [Token.objects.create(user=user).key for user in (editor, second_editor())]
    url = live_server.url + URL.format("the-deal")

    def call(token, method="GET", body=None, **headers):
        request = urllib.request.Request(
            url,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "Authorization": f"Token {token}",
                "Content-Type": "application/json",
                **headers,
            },
        )
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    _, first_headers, _ = call(tokens[0])
    _, second_headers, _ = call(tokens[1])
    status, _, _ = call(
        tokens[0],
        "PATCH",
        {"summary": "Saved first"},
        **{"If-Match": first_headers["ETag"]},
    )
    assert status == 200
    status, headers, body = call(
        tokens[1],
        "PATCH",
        {"summary": "Saved second"},
        **{"If-Match": second_headers["ETag"]},
    )
    assert status == 412
    assert json.loads(body)["current"]["summary"] == "Saved first"
    status, _, body = call(tokens[1], **{"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


# -- history ----------------------------------------------------------------------


def history(client, slug="the-deal", **params):
    response = client.get(URL.format(slug) + "history/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_history_tells_who_changed_what_when_and_why(first, agreement):
    first.patch(
        URL.format("the-deal"),
        {"summary": "Clarified", "change_reason": "the article says more"},
    )
    entries = history(first)
    latest = next(entry for entry in entries if entry["part"] == "agreement")
    assert latest["type"] == "changed"
    assert latest["user"] == "editor"
    assert latest["reason"] == "the article says more"
    assert {"field": "summary", "old": "As first reported", "new": "Clarified"} in (
        latest["changes"]
    )
    assert [entry["at"] for entry in entries] == sorted(
        (entry["at"] for entry in entries), reverse=True
    )


def test_history_includes_changes_to_parties_and_citations(first, agreement):
    company = factories.CompanyFactory(slug="new-party")
    first.patch(
        URL.format("the-deal"),
        {"parties": [{"company": "new-party", "role": "provider"}]},
    )
    entries = history(first)
    party_entries = [entry for entry in entries if entry["part"] == "party"]
    created = [entry for entry in party_entries if entry["type"] == "created"]
    deleted = [entry for entry in party_entries if entry["type"] == "deleted"]
    assert len(deleted) == 2
    assert {"field": "company", "old": None, "new": company.slug} in (
        created[0]["changes"]
    )
    assert any(entry["part"] == "citation" for entry in entries)


def test_readers_see_only_public_versions_and_no_editor_names(
    client, first, editor, second
):
    draft = full_agreement(
        "the-deal",
        summary="Draft wording",
        publication_status=models.PublicationStatus.DRAFT,
    )
    first.patch(URL.format("the-deal"), {"summary": "Published wording"})
    review_request(record=draft, editor=editor)
    second.patch(URL.format("the-deal"), {"publication_status": "published"})
    first.patch(URL.format("the-deal"), {"summary": "Public correction"})
    assert draft.history.count() == 4

    entries = [entry for entry in history(client) if entry["part"] == "agreement"]
    assert len(entries) == 2
    assert all(entry["user"] is None for entry in entries)
    shown = json.dumps(entries)
    assert "Draft wording" not in shown
    assert {
        "field": "summary",
        "old": "Published wording",
        "new": "Public correction",
    } in entries[0]["changes"]


def test_history_of_a_draft_is_404_for_readers(client):
    full_agreement("the-deal", publication_status=models.PublicationStatus.DRAFT)
    assert client.get(URL.format("the-deal") + "history/").status_code == 404


def test_history_pages_are_bounded(client, agreement):
    response = client.get(URL.format("the-deal") + "history/", {"page_size": 2})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 2
    assert response.json()["next"]
    bad = client.get(URL.format("the-deal") + "history/", {"page_size": 0})
    assert bad.status_code == 400
    assert "page_size" in bad.json()["errors"]


@pytest.mark.parametrize(
    "path", ["companies", "people", "sources", "statements"], ids=str
)
def test_every_record_type_has_a_history(client, path):
    record = {
        "companies": factories.CompanyFactory,
        "people": factories.PersonFactory,
        "sources": factories.SourceFactory,
        "statements": factories.StatementFactory,
    }[path]()
    response = client.get(f"/api/v1/{path}/{record.slug}/history/")
    assert response.status_code == 200, response.content
    assert response.json()["results"][0]["type"] == "created"


# -- as_of ------------------------------------------------------------------------


def now() -> str:
    return timezone.now().isoformat()


def test_as_of_shows_the_record_and_its_parts_as_they_were(first, agreement):
    before = now()
    old_parties = sorted(p.company.slug for p in agreement.parties.all())
    factories.CompanyFactory(slug="new-party")
    first.patch(
        URL.format("the-deal"),
        {
            "summary": "Rewritten",
            "parties": [{"company": "new-party", "role": "provider"}],
        },
    )

    then = first.get(URL.format("the-deal"), {"as_of": before})
    assert then.status_code == 200, then.content
    assert then.json()["summary"] == "As first reported"
    assert sorted(p["company"]["slug"] for p in then.json()["parties"]) == old_parties
    assert len(then.json()["citations"]) == 1

    current = first.get(URL.format("the-deal")).json()
    assert current["summary"] == "Rewritten"
    assert [p["company"]["slug"] for p in current["parties"]] == ["new-party"]


def test_as_of_before_the_record_existed_is_404_naming_as_of(client, agreement):
    response = client.get(URL.format("the-deal"), {"as_of": "2001-01-01T00:00:00Z"})
    assert response.status_code == 404
    assert "did not exist" in response.json()["errors"]["as_of"][0]


def test_as_of_a_draft_version_is_404_for_readers_not_for_editors(
    client, first, editor, second
):
    draft = full_agreement(
        "the-deal", publication_status=models.PublicationStatus.DRAFT
    )
    while_draft = now()
    review_request(record=draft, editor=editor)
    published = second.patch(
        URL.format("the-deal"), {"publication_status": "published"}
    )
    assert published.status_code == 200, published.content

    refused = client.get(URL.format("the-deal"), {"as_of": while_draft})
    assert refused.status_code == 404
    assert "not published" in refused.json()["errors"]["as_of"][0]
    shown = first.get(URL.format("the-deal"), {"as_of": while_draft})
    assert shown.status_code == 200
    assert shown.json()["publication_status"] == "draft"


def test_as_of_statement_keeps_what_it_was_about(first):
    statement = factories.StatementFactory()
    company = factories.CompanyFactory()
    statement.companies.add(company)
    before = now()
    statement.companies.clear()
    statement.save()

    then = first.get(f"/api/v1/statements/{statement.slug}/", {"as_of": before})
    assert then.status_code == 200, then.content
    assert [c["slug"] for c in then.json()["companies"]] == [company.slug]


@pytest.mark.parametrize("value", ["tomorrowish", "2025-13-01", "0"])
def test_malformed_as_of_is_400_naming_it(client, agreement, value):
    response = client.get(URL.format("the-deal"), {"as_of": value})
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]


def test_as_of_accepts_a_date_and_a_time_without_offset(client, agreement):
    today = datetime.date.today().isoformat()
    assert client.get(URL.format("the-deal"), {"as_of": today}).status_code == 200
    later = (
        datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
        + datetime.timedelta(hours=1)
    ).isoformat()
    assert client.get(URL.format("the-deal"), {"as_of": later}).status_code == 200


def history_queries(client, slug: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL.format(slug) + "history/", {"page_size": 100})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("reader", ["anonymous", "editor"])
def test_history_runs_the_same_queries_for_2_or_20_changes(client, first, reader):
    reader_client = client if reader == "anonymous" else first
    counts = []
    for slug, edits in (("few-changes", 1), ("many-changes", 10)):
        full_agreement(slug)
        for number in range(edits):
            factories.AgreementPartyFactory(
                agreement=models.Agreement.objects.get(slug=slug)
            )
            first.patch(URL.format(slug), {"summary": f"Edit {number}"})
        counts.append(history_queries(reader_client, slug))
    assert counts[0] == counts[1]


def test_statement_history_queries_do_not_grow_with_versions(client):
    counts = []
    for edits in (1, 10):
        statement = factories.StatementFactory()
        for _ in range(edits):
            statement.companies.add(factories.CompanyFactory())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/statements/{statement.slug}/history/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_delete_gives_its_reason_to_the_history(first, agreement):
    response = first.delete(URL.format("the-deal"), HTTP_X_CHANGE_REASON="duplicate")
    assert response.status_code == 204
    assert agreement.history.first().history_change_reason == "duplicate"


def test_an_overlong_delete_reason_is_refused_not_cut(first, agreement):
    response = first.delete(URL.format("the-deal"), HTTP_X_CHANGE_REASON="x" * 101)
    assert response.status_code == 400
    assert "X-Change-Reason" in response.json()["errors"]
    assert models.Agreement.objects.filter(slug="the-deal").exists()
