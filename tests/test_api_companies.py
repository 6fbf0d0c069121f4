"""GET /api/v1/companies/: names, aliases, kinds and owners."""

import pytest

from partnerships import models
from tests import factories


@pytest.fixture(autouse=True)
def site_url(settings):
    """Canonical URLs are built on SITE_URL, whatever host the API was asked on."""
    settings.SITE_URL = "https://tracker.example"


LIST = "/api/v1/companies/"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [record["slug"] for record in response.json()["results"]]


@pytest.fixture
def aws(db):
    amazon = factories.CompanyFactory(name="Amazon", slug="amazon")
    aws = factories.CompanyFactory(
        name="Amazon Web Services",
        slug="amazon-web-services",
        parent=amazon,
        website="https://aws.amazon.com",
    )
    aws.kinds.add(models.CompanyKind.objects.create(slug="cloud", name="Cloud"))
    models.CompanyAlias.objects.create(company=aws, name="AWS", language="en")
    return aws


def test_detail_shows_owner_kinds_and_aliases(client, aws):
    body = client.get(f"{LIST}amazon-web-services/").json()

    assert body["parent"]["slug"] == "amazon"
    assert body["kinds"] == [{"slug": "cloud", "name": "Cloud"}]
    assert body["aliases"] == [{"name": "AWS", "language": "en"}]
    assert body["website"] == "https://aws.amazon.com"
    assert (
        body["url"] == "https://tracker.example/api/v1/companies/amazon-web-services/"
    )
    assert body["site_url"] == "https://tracker.example/companies/amazon-web-services/"
    assert client.get(f"{LIST}amazon/").json()["website"] is None


def test_filters_by_kind_and_parent(client, aws):
    assert slugs(client.get(LIST, {"kind": "cloud"})) == ["amazon-web-services"]
    assert slugs(client.get(LIST, {"parent": "amazon"})) == ["amazon-web-services"]
    assert slugs(client.get(LIST, {"kind": "chips"})) == []


def test_search_finds_a_company_by_alias(client, aws):
    assert slugs(client.get(LIST, {"search": "aws"})) == ["amazon-web-services"]


def test_ordering_by_name_descending(client, aws):
    assert slugs(client.get(LIST, {"ordering": "-name"})) == [
        "amazon-web-services",
        "amazon",
    ]


def test_draft_company_is_404_and_unlisted_for_readers(client, db):
    factories.CompanyFactory(slug="stealth", publication_status="draft")

    assert client.get(f"{LIST}stealth/").status_code == 404
    assert slugs(client.get(LIST)) == []


def test_draft_owner_is_null_for_readers(client, db):
    owner = factories.CompanyFactory(slug="owner", publication_status="draft")
    factories.CompanyFactory(slug="child", parent=owner)

    assert client.get(f"{LIST}child/").json()["parent"] is None
