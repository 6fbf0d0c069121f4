"""A company is found by its names, its aliases and its owner's: "亚马逊" (Amazon)
finds Amazon Web Services and its agreements, wherever people search."""

import pytest

from partnerships import models
from tests.api_records import full_agreement, token_client
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("q", ["AWS", "亚马逊", "亞馬遜", "Amazon"])
def test_the_api_finds_amazon_web_services(client, article, q):
    companies = client.get("/api/v1/companies/", {"search": q}).json()["results"]
    assert "amazon-web-services" in [company["slug"] for company in companies]
    agreements = client.get("/api/v1/agreements/", {"search": q}).json()["results"]
    assert "openai-aws-cloud-compute" in [agreement["slug"] for agreement in agreements]


@pytest.mark.parametrize("q", ["AWS", "亚马逊"])
def test_the_site_search_finds_amazon_web_services(client, article, q):
    page = client.get("/search/", {"q": q}).content.decode()
    assert 'href="/companies/amazon-web-services/"' in page
    assert 'href="/agreements/openai-aws-cloud-compute/"' in page


def test_the_admin_finds_amazon_web_services_by_its_owners_chinese_name(
    editor_client, article
):
    page = editor_client.get("/admin/partnerships/company/", {"q": "亚马逊"})
    assert "Amazon Web Services" in page.content.decode()
    deals = editor_client.get("/admin/partnerships/agreement/", {"q": "亚马逊"})
    assert "OpenAI–AWS cloud computing agreement" in deals.content.decode()


def test_an_owner_does_not_drag_in_unrelated_companies(client, article):
    companies = client.get("/api/v1/companies/", {"search": "亚马逊"}).json()
    assert {company["slug"] for company in companies["results"]} == {
        "amazon",
        "amazon-web-services",
    }


def test_a_draft_owner_or_party_is_never_what_a_reader_finds_by(client, editor):
    """Searching a draft's name finds nothing through it, for readers; editors,
    who see drafts, find through it."""
    draft_owner = CompanyFactory(
        name="Secretco", publication_status=models.PublicationStatus.DRAFT
    )
    CompanyFactory(slug="public-sub", parent=draft_owner)
    agreement = full_agreement("public-deal")
    draft_party = agreement.parties.first().company
    draft_party.name = "Hiddenparty"
    draft_party.publication_status = models.PublicationStatus.DRAFT
    draft_party.save()

    for q, path in (("Secretco", "companies"), ("Hiddenparty", "agreements")):
        found = client.get(f"/api/v1/{path}/", {"search": q}).json()["results"]
        assert found == [], (q, path)
        page = client.get(f"/{path}/", {"q": q}).content.decode()
        assert "0 results" in page, (q, path)

    editor_api = token_client(editor)
    found = editor_api.get("/api/v1/companies/", {"search": "Secretco"}).json()
    assert {c["slug"] for c in found["results"]} == {draft_owner.slug, "public-sub"}
    found = editor_api.get("/api/v1/agreements/", {"search": "Hiddenparty"}).json()
    assert [a["slug"] for a in found["results"]] == ["public-deal"]
