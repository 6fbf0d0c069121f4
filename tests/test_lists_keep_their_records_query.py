"""A list's records query (`BrowseList.base_queryset`) is built once a process
and copied for each request: a copy never holds rows for the next request,
and a record published since shows."""

import pytest

from partnerships.models import PublicationStatus
from partnerships.views.lists import company_list
from tests import factories

pytestmark = pytest.mark.django_db


def test_each_request_gets_its_own_copy_of_the_kept_query(db):
    first, second = company_list.records(), company_list.records()
    assert first is not second
    assert first.query is not second.query
    assert str(first.query) == str(company_list.base_queryset().query)


def test_a_copy_read_before_a_record_is_published_does_not_hide_it(client, db):
    factories.CompanyFactory(name="Early Labs")
    assert [company.name for company in company_list.records()] == ["Early Labs"]
    late = factories.CompanyFactory(
        name="Late Labs", publication_status=PublicationStatus.DRAFT
    )
    late.publication_status = PublicationStatus.PUBLISHED
    late.save()

    assert [company.name for company in company_list.records()] == [
        "Early Labs",
        "Late Labs",
    ]
    content = client.get("/companies/").content.decode()
    assert "Early Labs" in content and "Late Labs" in content
