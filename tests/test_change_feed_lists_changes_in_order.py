"""`GET /api/v1/changes/?since=<cursor>`: every change readers saw, in order.

A draft's edits never appear; publishing is "created", unpublishing
"withdrawn", an edit of a published record "changed" with the public fields
(and parts) that changed, never `internal_note`. The feed is the change log
(`following.changefeed`), appended to by `changes_record` (the task worker's
job, run by hand here: the test's transaction never commits).
"""

from io import StringIO

import pytest
from django.core.management import call_command

from following.changefeed import changes_record
from partnerships.models import PublicationStatus
from tests import factories
from webhooks.models import PendingChange

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
PUBLISHED = PublicationStatus.PUBLISHED


def read_all(client, page_size: int = 2, since: int = 0) -> list[dict]:
    """Every change after `since`, page by page, following the cursors."""
    read = []
    while True:
        body = client.get(
            "/api/v1/changes/", {"since": since, "page_size": page_size}
        ).json()
        read += body["results"]
        assert body["since"] == since
        since = body["next_since"]
        if not body["has_more"]:
            assert body["next"] is None
            return read
        assert body["next"].endswith(f"since={since}&page_size={page_size}") or (
            f"since={since}" in body["next"]
        )


def summary(changes: list[dict]) -> list[tuple]:
    return [
        (c["record"]["type"], c["record"]["slug"], c["type"], c["changed_fields"])
        for c in changes
    ]


def test_creates_edits_unpublishes_and_publishes_read_back_in_order(client):
    lab = factories.CompanyFactory(name="Lab", slug="lab")
    changes_record()
    lab.name = "Lab Inc."
    lab.save()
    changes_record()
    draft = factories.CompanyFactory(
        name="Secret", slug="secret", publication_status=DRAFT
    )
    draft.name = "Secret, renamed as a draft"
    draft.save()
    changes_record()
    lab.internal_note = "only editors read this"
    lab.save()  # readers saw nothing change
    lab.publication_status = DRAFT
    lab.save()
    changes_record()
    draft.publication_status = PUBLISHED
    draft.save()
    changes_record()

    assert summary(read_all(client)) == [
        ("company", "lab", "created", []),
        ("company", "lab", "changed", ["name"]),
        ("company", "lab", "withdrawn", []),
        ("company", "secret", "created", []),
    ]


def test_cursors_are_increasing_and_each_change_is_read_once(client):
    for number in range(5):
        factories.SourceFactory(slug=f"source-{number}")
    changes_record()

    one_by_one = read_all(client, page_size=1)
    all_at_once = client.get("/api/v1/changes/").json()["results"]

    assert one_by_one == all_at_once
    cursors = [change["cursor"] for change in one_by_one]
    assert cursors == sorted(cursors) and len(set(cursors)) == 5
    after_two = client.get("/api/v1/changes/", {"since": cursors[1]}).json()
    assert [c["cursor"] for c in after_two["results"]] == cursors[2:]


def test_an_edit_of_a_part_is_a_change_of_its_record(client):
    deal = factories.AgreementFactory(slug="deal")
    changes_record()
    factories.AgreementCitationFactory(record=deal)
    changes_record()

    assert summary(read_all(client))[-1] == (
        "agreement",
        "deal",
        "changed",
        ["citations"],
    )


def test_logging_twice_appends_nothing_new(client):
    factories.CompanyFactory(slug="lab")
    first = changes_record()
    second = changes_record()

    assert len(first) == 1 and second == []
    assert len(read_all(client)) == 1


def test_a_change_links_the_record_in_the_api_and_on_the_site(client):
    factories.CompanyFactory(slug="lab")
    changes_record()

    change = client.get("/api/v1/changes/").json()["results"][0]

    assert change["record"]["url"] == "http://testserver/api/v1/companies/lab/"
    assert change["record"]["html_url"] == "http://testserver/companies/lab/"
    assert change["merged_into"] is None
    assert client.get(change["record"]["url"]).status_code == 200


def test_a_withdrawn_record_keeps_the_slug_readers_saw(client):
    lab = factories.CompanyFactory(slug="lab")
    changes_record()
    lab.publication_status = DRAFT
    lab.slug = "lab-renamed-in-secret"
    lab.save()
    changes_record()

    assert summary(read_all(client)) == [
        ("company", "lab", "created", []),
        ("company", "lab", "withdrawn", []),
    ]


def test_deleting_a_published_record_withdraws_it(client):
    source = factories.SourceFactory(slug="gone")
    changes_record()
    source.delete()
    changes_record()

    assert summary(read_all(client))[-1] == ("source", "gone", "withdrawn", [])


def people_and_statements(changes: list[dict]) -> set[tuple]:
    return {
        (c["record"]["slug"], c["type"])
        for c in changes
        if c["record"]["type"] in ("person", "statement")
    }


def test_a_statement_of_a_draft_speaker_appears_once_the_speaker_is_published(
    client,
):
    speaker = factories.PersonFactory(slug="speaker", publication_status=DRAFT)
    factories.StatementFactory(slug="said", speaker=speaker)
    changes_record()
    assert people_and_statements(read_all(client)) == set()

    speaker.publication_status = PUBLISHED
    speaker.save()
    changes_record()

    assert people_and_statements(read_all(client)) == {
        ("speaker", "created"),
        ("said", "created"),
    }


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("since=-1", "since"),
        ("since=abc", "since"),
        ("since=", "since"),
        ("since=99999999999999999999", "since"),
        ("page_size=0", "page_size"),
        ("page_size=501", "page_size"),
        ("cursor=3", "cursor"),
    ],
)
def test_a_bad_query_parameter_is_named(client, query, parameter):
    response = client.get(f"/api/v1/changes/?{query}")

    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_the_feed_is_one_query_whatever_the_page(client, django_assert_num_queries):
    for number in range(30):
        factories.SourceFactory(slug=f"source-{number}")
    changes_record()

    # 1 query: the page of changes and one more (whether there are more)
    with django_assert_num_queries(1):
        response = client.get("/api/v1/changes/?page_size=500")
    assert len(response.json()["results"]) == 30


def test_the_api_root_links_the_feed(client):
    assert client.get("/api/v1/").json()["changes"].endswith("/api/v1/changes/")


def test_the_command_logs_every_existing_record_with_all(client):
    factories.CompanyFactory(slug="lab")
    factories.SourceFactory(slug="paper")
    factories.CompanyFactory(slug="hidden", publication_status=DRAFT)
    PendingChange.objects.all().delete()  # as before the feed was deployed
    call_command("log_changes", stdout=StringIO())
    assert read_all(client) == []

    out = StringIO()
    call_command("log_changes", "--all", stdout=out)

    assert out.getvalue() == "2 change(s) logged.\n"
    assert {(c["record"]["slug"], c["type"]) for c in read_all(client)} == {
        ("lab", "created"),
        ("paper", "created"),
    }
