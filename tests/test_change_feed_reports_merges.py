"""A record merged into another (company, person or source B into A) is reported
as "merged", naming A, when its `merged_into` goes from nothing to A; undoing
the merge makes B a record readers see again."""

import pytest

from following.changefeed import changes_record
from merges.services import company_merge, record_unmerge
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_merged_company_is_reported_merged_with_the_url_of_the_one_it_became(
    client,
):
    kept = factories.CompanyFactory(slug="kept")
    merged = factories.CompanyFactory(slug="merged")
    changes_record()
    merged.merged_into = kept
    merged.save()
    changes_record()

    changes = client.get("/api/v1/changes/").json()["results"]
    last = changes[-1]
    assert last["type"] == "merged"
    assert last["record"]["slug"] == "merged"
    assert last["merged_into"]["slug"] == "kept"
    assert last["merged_into"]["url"] == "http://testserver/api/v1/companies/kept/"
    assert [c["type"] for c in changes].count("merged") == 1


def test_without_merged_into_nothing_is_reported_merged(client):
    company = factories.CompanyFactory(slug="lab")
    changes_record()
    company.name = "Renamed"
    company.save()
    changes_record()

    types = [c["type"] for c in client.get("/api/v1/changes/").json()["results"]]
    assert "merged" not in types


def test_the_merge_tool_s_merge_and_undo_read_back_in_order(client):
    kept = factories.CompanyFactory(name="CoreWeave", slug="coreweave")
    duplicate = factories.CompanyFactory(name="Core Weave", slug="core-weave")
    changes_record()

    merge = company_merge(source=duplicate, into=kept)
    changes_record()
    record_unmerge(merge=merge)
    changes_record()

    changes = client.get("/api/v1/changes/").json()["results"]
    of_duplicate = [c["type"] for c in changes if c["record"]["slug"] == "core-weave"]
    assert of_duplicate == ["created", "merged", "created"]
    merged = next(c for c in changes if c["type"] == "merged")
    assert merged["merged_into"]["slug"] == "coreweave"


def test_a_record_merged_into_a_draft_is_withdrawn_for_readers(client):
    draft = factories.CompanyFactory(slug="draft-lab", publication_status="draft")
    published = factories.CompanyFactory(slug="public-lab")
    changes_record()

    company_merge(source=published, into=draft)
    changes_record()

    changes = client.get("/api/v1/changes/").json()["results"]
    assert [(c["record"]["slug"], c["type"]) for c in changes] == [
        ("public-lab", "created"),
        ("public-lab", "withdrawn"),
    ]
    assert "draft-lab" not in str(changes)
