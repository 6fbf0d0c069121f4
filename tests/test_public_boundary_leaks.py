"""Each way a draft once reached readers, closed: history, reasons, filters,
staff accounts, `as_of`. The crawler in test_public_boundary_crawler.py checks
every channel at once; these name each leak that was found."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerships import models
from tests import factories
from tests.api_records import full_agreement, plain_user, token_client

pytestmark = pytest.mark.django_db

DEAL = "/api/v1/agreements/the-deal/"


def history_text(client, url: str = DEAL) -> str:
    response = client.get(url + "history/", {"page_size": 100})
    assert response.status_code == 200, response.content
    return response.content.decode()


def staff_without_editors_group():
    return get_user_model().objects.create_user(
        username="staff", password="x", is_staff=True
    )


# -- history --------------------------------------------------------------------


def test_history_leaves_out_a_citation_whose_source_is_a_draft(client, editor):
    agreement = full_agreement("the-deal")
    factories.AgreementCitationFactory(
        record=agreement,
        source=factories.SourceFactory(publication_status="draft"),
        excerpt="an excerpt of a draft source",
    )

    assert "an excerpt of a draft source" not in history_text(client)
    assert "an excerpt of a draft source" in history_text(token_client(editor))


def test_history_leaves_out_a_party_whose_company_is_a_draft(client, editor):
    agreement = full_agreement("the-deal")
    factories.AgreementPartyFactory(
        agreement=agreement,
        company=factories.CompanyFactory(slug="oracle", publication_status="draft"),
        note="a note on a draft party",
    )

    assert "a note on a draft party" not in history_text(client)
    assert "oracle" not in history_text(client)
    assert "a note on a draft party" in history_text(token_client(editor))


def test_parts_that_only_existed_while_a_draft_are_absent_not_deleted(client):
    agreement = full_agreement("the-deal")
    oracle = factories.CompanyFactory(name="Oracle", slug="oracle")
    agreement.publication_status = models.PublicationStatus.DRAFT
    agreement.save()
    party = factories.AgreementPartyFactory(
        agreement=agreement, company=oracle, role="provider"
    )
    commitment = factories.CommitmentFactory(
        agreement=agreement, resource="5 GPUs while a draft"
    )
    party.delete()
    commitment.delete()
    kept = factories.CommitmentFactory(agreement=agreement, resource="kept GPUs")
    agreement.publication_status = models.PublicationStatus.PUBLISHED
    agreement.save()

    entries = client.get(DEAL + "history/", {"page_size": 100}).json()["results"]
    shown = json.dumps(entries)
    assert "Oracle" not in shown and "oracle" not in shown
    assert "5 GPUs while a draft" not in shown
    assert [e["type"] for e in entries if e["part"] == "agreement"][:2] == [
        "published",
        "withdrawn",
    ]
    republished = entries[0]["at"]
    added = [
        e for e in entries if e["part"] == "commitment" and e["part_id"] == kept.pk
    ]
    assert [(e["type"], e["at"]) for e in added] == [("created", republished)]
    assert not any(e["type"] == "deleted" for e in entries)


def test_draft_wording_between_two_public_versions_is_not_shown(client):
    agreement = full_agreement("the-deal", summary="First public wording")
    agreement.publication_status = models.PublicationStatus.DRAFT
    agreement.summary = "Wording only a draft ever had"
    agreement.save()
    agreement.summary = "Second public wording"
    agreement.publication_status = models.PublicationStatus.PUBLISHED
    agreement.save()

    entries = client.get(DEAL + "history/").json()["results"]
    assert "Wording only a draft ever had" not in json.dumps(entries)
    assert {
        "field": "summary",
        "old": "First public wording",
        "new": "Second public wording",
    } in entries[0]["changes"]


def test_change_reasons_and_editor_names_are_for_editors_only(client, editor):
    full_agreement("the-deal")
    api = token_client(editor)
    api.patch(DEAL, {"summary": "Fixed", "change_reason": "a reason for editors"})

    public = client.get(DEAL + "history/").json()["results"]
    assert "a reason for editors" not in json.dumps(public)
    assert {(entry["user"], entry["reason"]) for entry in public} == {(None, None)}
    for_editors = api.get(DEAL + "history/").json()["results"]
    assert for_editors[0]["reason"] == "a reason for editors"
    assert for_editors[0]["user"] == "editor"


# -- internal notes -------------------------------------------------------------


def test_internal_note_is_for_editors_only(client, editor):
    full_agreement("the-deal", internal_note="check the second source")
    api = token_client(editor)

    for response in (
        client.get(DEAL),
        client.get("/api/v1/agreements/"),
        client.get("/api/v1/agreements/", {"format": "csv"}),
        client.get(DEAL + "history/"),
        client.get("/agreements/the-deal/"),
        client.get("/agreements/", {"format": "csv"}),
    ):
        assert response.status_code == 200
        body = response.getvalue()  # a CSV is streamed: read it once
        assert b"check the second source" not in body
        assert b"internal_note" not in body
    assert api.get(DEAL).json()["internal_note"] == "check the second source"
    assert "check the second source" in history_text(api)


# -- filters that name a draft ----------------------------------------------------


def _draft_party():
    agreement = full_agreement("the-deal")
    company = factories.CompanyFactory(slug="draft-co", publication_status="draft")
    factories.AgreementPartyFactory(agreement=agreement, company=company)
    return "draft-co"


def _draft_parent():
    owner = factories.CompanyFactory(slug="draft-co", publication_status="draft")
    factories.CompanyFactory(parent=owner)
    return "draft-co"


def _draft_speaker():
    person = factories.PersonFactory(
        name="Hidden Speaker", slug="draft-person", publication_status="draft"
    )
    factories.StatementFactory(speaker=person)
    return "draft-person"


def _draft_affiliation():
    company = factories.CompanyFactory(slug="draft-co", publication_status="draft")
    factories.StatementFactory(speaker=factories.PersonFactory(affiliation=company))
    return "draft-co"


def _draft_agreement():
    agreement = factories.AgreementFactory(
        slug="draft-deal", publication_status="draft"
    )
    factories.StatementFactory().agreements.add(agreement)
    return "draft-deal"


@pytest.mark.parametrize(
    "path, parameter, make_draft, unknown",
    [
        ("agreements", "party", _draft_party, "no-such-co"),
        ("companies", "parent", _draft_parent, "no-such-co"),
        ("statements", "speaker", _draft_speaker, "no-such-person"),
        ("statements", "search", _draft_speaker, "Nobody Speaker"),
        ("statements", "speaker_company", _draft_affiliation, "no-such-co"),
        ("statements", "agreement", _draft_agreement, "no-such-deal"),
        ("people", "company", _draft_affiliation, "no-such-co"),
    ],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_a_filter_naming_a_draft_answers_as_for_nothing(
    client, path, parameter, make_draft, unknown
):
    draft = make_draft()
    if parameter == "search":
        draft = "Hidden Speaker"
    url = f"/api/v1/{path}/"

    named = client.get(url, {parameter: draft})
    nothing = client.get(url, {parameter: unknown})

    assert named.status_code == nothing.status_code == 200
    assert named.content == nothing.content
    assert named.json()["count"] == 0


# -- who is an editor ---------------------------------------------------------------


def test_staff_without_the_editors_group_reads_as_the_public(editor):
    full_agreement("the-deal", internal_note="for editors")
    factories.AgreementFactory(slug="draft-deal", publication_status="draft")
    token_client(editor).patch(DEAL, {"summary": "x", "change_reason": "why"})
    staff = token_client(staff_without_editors_group())

    assert staff.get("/api/v1/agreements/draft-deal/").status_code == 404
    assert [a["slug"] for a in staff.get("/api/v1/agreements/").json()["results"]] == [
        "the-deal"
    ]
    entries = staff.get(DEAL + "history/").json()["results"]
    assert {(entry["user"], entry["reason"]) for entry in entries} == {(None, None)}
    assert "internal_note" not in staff.get(DEAL).json()


def test_staff_without_the_editors_group_is_refused_by_the_admin_too(client):
    client.force_login(staff_without_editors_group())
    assert client.get("/admin/partnerships/agreement/").status_code == 403


def test_the_permission_not_the_group_makes_an_editor():
    factories.AgreementFactory(slug="draft-deal", publication_status="draft")
    user = plain_user()
    reader = token_client(user)
    assert reader.get("/api/v1/agreements/draft-deal/").status_code == 404

    user.user_permissions.add(Permission.objects.get(codename="view_drafts"))
    assert reader.get("/api/v1/agreements/draft-deal/").status_code == 200


# -- as_of ----------------------------------------------------------------------------


def test_as_of_a_statement_is_200(client):
    statement = factories.StatementFactory(slug="said")
    statement.topics.add(models.Topic.objects.create(slug="compute", name="Compute"))

    response = client.get(
        "/api/v1/statements/said/", {"as_of": timezone.now().isoformat()}
    )

    assert response.status_code == 200, response.content
    assert response.json()["topics"] == [{"slug": "compute", "name": "Compute"}]


@pytest.mark.parametrize(
    "value",
    ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"],
)
def test_as_of_beyond_the_calendar_is_400_naming_as_of(client, value):
    full_agreement("the-deal")
    response = client.get(DEAL, {"as_of": value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["as_of"]


FACTORIES = {
    "agreements": factories.AgreementFactory,
    "companies": factories.CompanyFactory,
    "people": factories.PersonFactory,
    "sources": factories.SourceFactory,
    "statements": factories.StatementFactory,
}


@pytest.mark.parametrize("path", FACTORIES)
def test_as_of_is_200_while_public_and_404_naming_as_of_otherwise(client, path):
    record = FACTORIES[path]()
    public = timezone.now().isoformat()
    record.publication_status = models.PublicationStatus.DRAFT
    record.save()
    withdrawn = timezone.now().isoformat()
    record.publication_status = models.PublicationStatus.PUBLISHED
    record.save()
    url = f"/api/v1/{path}/{record.slug}/"

    assert client.get(url, {"as_of": public}).status_code == 200
    for moment in ("2001-01-01", withdrawn):
        response = client.get(url, {"as_of": moment})
        assert response.status_code == 404
        assert list(response.json()["errors"]) == ["as_of"]


# 150 requests as one client: no rate limit may answer in their place.
@pytest.mark.usefixtures("generous_rate_limits")
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    value=st.one_of(
        st.datetimes(
            min_value=datetime.datetime(1, 1, 1),
            max_value=datetime.datetime(9999, 12, 31, 23, 59, 59),
            timezones=st.timezones() | st.just(datetime.UTC) | st.none(),
            allow_imaginary=True,
        ).map(lambda moment: moment.isoformat()),
        st.dates().map(datetime.date.isoformat),
        st.text(max_size=40).filter(lambda text: "\x00" not in text),
    )
)
def test_no_as_of_value_is_a_500(client, value):
    statement = factories.StatementFactory(slug="said")
    statement.topics.add(
        models.Topic.objects.get_or_create(slug="compute", name="Compute")[0]
    )
    response = client.get("/api/v1/statements/said/", {"as_of": value})
    assert response.status_code in (200, 400, 404), (value, response.content)
    if response.status_code != 200:
        assert list(response.json()["errors"]) == ["as_of"]
