"""An API list reuses the serializer tree its thread built for the same kind
of record and reader (`partnerships.api.serializers.kept`): what each request
shows is its own, its host's addresses, its reader's fields, and the same as
a tree built afresh would show."""

import threading

import pytest
from django.test import Client

from partnerships.api import serializers
from partnerships.api.serializers import kept
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(settings):
    settings.READER_CACHE_SECONDS = 0
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["first.example", "second.example", "testserver"]
    deal = factories.AgreementFactory(
        slug="the-deal", internal_note="Editors only: check the amount"
    )
    factories.AgreementPartyFactory(agreement=deal)
    return deal


def agreements(client, host: str = "testserver") -> list[dict]:
    response = client.get("/api/v1/agreements/", HTTP_HOST=host)
    assert response.status_code == 200
    return response.json()["results"]


def test_each_request_names_its_own_host(client, deal):
    first = agreements(client, "first.example")
    second = agreements(client, "second.example")

    assert first[0]["url"] == "http://first.example/api/v1/agreements/the-deal/"
    assert second[0]["url"] == "http://second.example/api/v1/agreements/the-deal/"
    assert second[0]["parties"][0]["company"]["url"].startswith(
        "http://second.example/"
    )


def test_an_editors_fields_never_reach_the_public_after_them(client, editor, deal):
    editors = Client()
    editors.force_login(editor)

    assert "internal_note" not in agreements(client)[0]
    assert agreements(editors)[0]["internal_note"].startswith("Editors only")
    assert "internal_note" not in agreements(client)[0]


def test_a_kept_tree_shows_what_a_fresh_one_shows(client, deal, monkeypatch):
    kept_tree = agreements(client)
    monkeypatch.setattr(kept, "_kept", threading.local())  # nothing kept

    assert agreements(client) == kept_tree


def test_a_tree_is_built_once_per_thread_and_reader(client, deal, monkeypatch):
    monkeypatch.setattr(kept, "_kept", threading.local())
    built = []
    original = serializers.AgreementSerializer.__init__

    def counted(self, *args, **kwargs):
        built.append(threading.get_ident())
        original(self, *args, **kwargs)

    monkeypatch.setattr(serializers.AgreementSerializer, "__init__", counted)
    for _ in range(3):
        agreements(client)
    other_thread = threading.Thread(target=agreements, args=(client,))
    other_thread.start()
    other_thread.join()

    assert len(built) == 2 and built[0] != built[1]
