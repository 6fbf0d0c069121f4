"""An API list that asks no filter builds no FilterSet (`FilterBackend`): the
same answer, and a parameter it does not know is still a 400."""

import pytest

from partnerships.api import filters
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def filtersets_built(monkeypatch) -> list[str]:
    built = []
    original = filters.AgreementFilter.__init__

    def counting(self, *args, **kwargs):
        built.append(type(self).__name__)
        original(self, *args, **kwargs)

    monkeypatch.setattr(filters.AgreementFilter, "__init__", counting)
    return built


@pytest.fixture
def agreements(db):
    factories.AgreementFactory(slug="exclusive", exclusivity="exclusive")
    factories.AgreementFactory(slug="open", exclusivity="non_exclusive")


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(record["slug"] for record in response.json()["results"])


def test_a_list_asking_no_filter_builds_none(client, agreements, filtersets_built):
    assert slugs(client.get("/api/v1/agreements/?ordering=title")) == [
        "exclusive",
        "open",
    ]
    assert filtersets_built == []


def test_a_list_asking_a_filter_is_filtered(client, agreements, filtersets_built):
    response = client.get("/api/v1/agreements/?exclusivity=exclusive")
    assert slugs(response) == ["exclusive"]
    assert filtersets_built == ["AgreementFilter"]


@pytest.mark.parametrize(
    "query", ["?exclusivity=sometimes", "?exclusivty=exclusive", "?include_owned=1"]
)
def test_a_bad_or_unknown_filter_is_still_a_400(client, agreements, query):
    response = client.get(f"/api/v1/agreements/{query}")
    assert response.status_code == 400, response.content
