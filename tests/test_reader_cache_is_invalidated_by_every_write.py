"""Every write an editor makes shows to readers on their next request: a
publish, an edit, an unpublish, a delete, a merge. A reader never sees from
the cache a record that was withdrawn."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from merges.services import company_merge
from tests.factories import AgreementFactory, AgreementPartyFactory, CompanyFactory
from webhooks.models import PendingChange


@pytest.fixture(autouse=True)
def reader_cache_on(settings):
    settings.READER_CACHE_SECONDS = 60


@pytest.fixture
def deal(db):
    party = AgreementPartyFactory(
        agreement=AgreementFactory(title="Cloud deal", slug="cloud-deal"),
        company=CompanyFactory(name="Acme Cloud", slug="acme-cloud"),
    )
    return party.agreement


def cached(client, path: str):
    """`path` read twice, so that the second answer comes from the cache."""
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert len(queries) == 0, "the second read was not answered from the cache"
    return response


def test_publishing_shows_the_record_on_the_next_request(client, deal):
    draft = AgreementFactory(title="Secret deal", slug="secret-deal")
    draft.publication_status = "draft"
    draft.save()
    assert b"Secret deal" not in cached(client, "/agreements/").content
    assert cached(client, "/api/v1/agreements/").json()["count"] == 1

    draft.publication_status = "published"
    draft.save()

    assert b"Secret deal" in client.get("/agreements/").content
    assert client.get("/api/v1/agreements/").json()["count"] == 2
    assert client.get("/agreements/secret-deal/").status_code == 200


def test_an_edit_shows_on_the_next_request(client, deal):
    assert b"Cloud deal" in cached(client, "/agreements/cloud-deal/").content
    tag = cached(client, "/api/v1/agreements/cloud-deal/")["ETag"]

    deal.title = "Cloud and chips deal"
    deal.save()

    assert b"Cloud and chips deal" in client.get("/agreements/cloud-deal/").content
    api = client.get("/api/v1/agreements/cloud-deal/", headers={"If-None-Match": tag})
    assert api.status_code == 200
    assert api.json()["title"] == "Cloud and chips deal"


def test_an_edit_of_a_related_record_shows_on_the_next_request(client, deal):
    assert b"Acme Cloud" in cached(client, "/agreements/cloud-deal/").content

    company = deal.parties.get().company
    company.name = "Acme Compute"
    company.save()

    assert b"Acme Compute" in client.get("/agreements/cloud-deal/").content


@pytest.mark.parametrize(
    "path", ["/agreements/cloud-deal/", "/api/v1/agreements/cloud-deal/"]
)
def test_an_unpublished_record_is_gone_on_the_next_request(client, deal, path):
    assert cached(client, path).status_code == 200
    assert b"Cloud deal" in cached(client, "/agreements/").content

    deal.publication_status = "draft"
    deal.save()

    assert client.get(path).status_code == 404
    assert b"Cloud deal" not in client.get("/agreements/").content


def test_a_deleted_record_is_gone_on_the_next_request(client, deal):
    assert cached(client, "/api/v1/agreements/cloud-deal/").status_code == 200

    deal.delete()

    assert client.get("/api/v1/agreements/cloud-deal/").status_code == 404
    assert client.get("/agreements/cloud-deal/").status_code == 404


def test_a_merged_company_leads_to_the_one_it_was_merged_into(client, deal):
    into = CompanyFactory(name="Acme", slug="acme")
    assert cached(client, "/companies/acme-cloud/").status_code == 200

    company_merge(source=deal.parties.get().company, into=into)

    moved = client.get("/companies/acme-cloud/")
    assert moved.status_code == 301
    assert moved["Location"].endswith("/companies/acme/")


def test_a_page_cached_before_the_write_commits_is_not_served_after(
    client, deal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        deal.title = "Cloud and chips deal"
        deal.save()
        # Read while the write is not committed: another process would still
        # see the old title here, and keep it under the version already bumped.
        cached(client, "/agreements/cloud-deal/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/agreements/cloud-deal/")
    assert len(queries) > 0


def test_changes_logged_in_bulk_show_in_the_change_feed_on_the_next_request(
    client, deal
):
    PendingChange.objects.all().delete()  # as before the feed was deployed
    call_command("log_changes", stdout=StringIO())  # nothing to log yet
    assert cached(client, "/api/v1/changes/").json()["results"] == []

    # Appended with one bulk insert, which sends no post_save.
    call_command("log_changes", "--all", stdout=StringIO())

    logged = client.get("/api/v1/changes/").json()["results"]
    assert {change["record"]["slug"] for change in logged} == {
        "cloud-deal",
        "acme-cloud",
    }
