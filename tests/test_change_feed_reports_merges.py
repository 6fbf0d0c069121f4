"""A record merged into another (company, person or source B into A) is reported
as "merged", naming A, when its `merged_into` goes from nothing to A.

`merged_into` is added by the merge tool (another branch); until it exists on
a model these tests are skipped. They set the field as that tool's contract
says it does, whether or not readers then see B as withdrawn."""

import pytest
from django.core.exceptions import FieldDoesNotExist

from following.changefeed import changes_record
from partnerships.models import Company
from tests import factories

pytestmark = pytest.mark.django_db


def has_merges(model) -> bool:
    try:
        model._meta.get_field("merged_into")
    except FieldDoesNotExist:
        return False
    return True


@pytest.mark.skipif(
    not has_merges(Company), reason="Company.merged_into is added by the merge tool"
)
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
