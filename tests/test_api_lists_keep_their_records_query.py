"""An API viewset's records query (`records_queryset`) is built once a process
per reader and copied for each request: an editor's, which holds drafts, is
never the public's, and a record published since the last read shows."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from partnerships.api.views import AgreementViewSet
from partnerships.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/api/v1/agreements/"


def slugs(client) -> list[str]:
    response = client.get(LIST)
    assert response.status_code == 200, response.content
    return sorted(record["slug"] for record in response.json()["results"])


@pytest.fixture(autouse=True)
def pages_made_every_time(settings):
    settings.READER_CACHE_SECONDS = 0


def test_an_editors_kept_query_is_never_the_publics(editor_client, db):
    factories.AgreementFactory(slug="published")
    factories.AgreementFactory(slug="draft", publication_status=PublicationStatus.DRAFT)
    public = Client()

    assert slugs(editor_client) == ["draft", "published"]
    assert slugs(public) == ["published"]
    assert slugs(editor_client) == ["draft", "published"]
    assert slugs(public) == ["published"]


def test_a_record_published_after_a_read_shows_in_the_next(client, db):
    factories.AgreementFactory(slug="first")
    assert slugs(client) == ["first"]
    later = factories.AgreementFactory(
        slug="later", publication_status=PublicationStatus.DRAFT
    )
    assert slugs(client) == ["first"]

    later.publication_status = PublicationStatus.PUBLISHED
    later.save()
    assert slugs(client) == ["first", "later"]


def test_each_read_gets_a_copy_that_keeps_its_rows_to_itself(db):
    factories.AgreementFactory(slug="first")
    request = Request(APIRequestFactory().get(LIST))
    request.user = AnonymousUser()
    view = AgreementViewSet(action="list", format_kwarg=None, kwargs={})
    view.request = request

    assert [agreement.slug for agreement in view.get_queryset()] == ["first"]
    factories.AgreementFactory(slug="second")
    assert sorted(agreement.slug for agreement in view.get_queryset()) == [
        "first",
        "second",
    ]
