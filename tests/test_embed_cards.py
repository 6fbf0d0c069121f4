"""/embed/agreements/<slug>/ and /embed/companies/<slug>/: small self-contained
cards other sites frame, linking back to the tracker. They alone may be framed
(CSP frame-ancestors from EMBED_FRAME_ANCESTORS, no X-Frame-Options); every
other page still forbids framing."""

import re

import pytest

from partnerships.models import PublicationStatus
from tests import factories
from tests.test_security_headers import header_nonce, page_nonces, policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(db):
    lab = factories.CompanyFactory(name="Lab One", slug="lab-one")
    cloud = factories.CompanyFactory(name="Cloud Two", slug="cloud-two")
    deal = factories.AgreementFactory(
        title="Lab One and Cloud Two",
        slug="deal",
        value_amount=100_000_000_000,
        value_currency="USD",
        value_qualifier="over",
        expires_on="2030-01-01",
        expires_precision="year",
    )
    factories.AgreementPartyFactory(agreement=deal, company=lab, role="customer")
    factories.AgreementPartyFactory(agreement=deal, company=cloud, role="provider")
    hidden = factories.CompanyFactory(
        name="Hidden Partner", slug="hidden", publication_status=PublicationStatus.DRAFT
    )
    factories.AgreementPartyFactory(agreement=deal, company=hidden, role="partner")
    factories.TermReportFactory(
        citation__record=deal,
        term="value",
        basis="unnamed_sources",
        modality="possible",
    )
    return deal


def test_agreement_card_shows_parties_and_terms_with_their_hedges(client, deal):
    page = client.get("/embed/agreements/deal/").content.decode()

    assert "Lab One" in page and "Cloud Two" in page
    assert "Hidden Partner" not in page
    assert "may exceed USD 100 billion (reported, unnamed sources)" in page
    assert "2030 (certainty not recorded)" in page


def test_card_links_open_the_tracker_in_the_whole_window(client, deal):
    page = client.get("/embed/agreements/deal/").content.decode()

    links = re.findall(r"<a [^>]*>", page)
    assert links
    assert all('target="_top"' in link for link in links)
    assert 'href="http://testserver/agreements/deal/"' in page


def test_company_card_lists_its_published_agreements(client, deal):
    factories.AgreementPartyFactory(
        agreement=factories.AgreementFactory(
            title="A draft deal", publication_status=PublicationStatus.DRAFT
        ),
        company=deal.parties.first().company,
    )
    page = client.get("/embed/companies/lab-one/").content.decode()

    assert "Lab One and Cloud Two" in page
    assert "A draft deal" not in page
    assert "1 published agreement" in page


def test_card_has_no_script_and_styles_only_under_its_nonce(client, deal):
    response = client.get("/embed/agreements/deal/")

    assert "<script" not in response.content.decode()
    assert "'unsafe-inline'" not in policy(response)["style-src"]
    assert page_nonces(response) == {header_nonce(response)}


@pytest.mark.parametrize(
    "path", ["/embed/agreements/deal/", "/embed/companies/lab-one/"]
)
def test_any_site_may_frame_a_card(client, deal, path):
    response = client.get(path)

    assert response.status_code == 200
    assert policy(response)["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in response
    assert policy(response)["default-src"] == ["'none'"]


def test_the_sites_that_may_frame_a_card_are_a_setting(client, deal, settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://news.example"]

    response = client.get("/embed/agreements/deal/")

    assert policy(response)["frame-ancestors"] == ["https://news.example"]


@pytest.mark.parametrize(
    "path", ["/", "/agreements/deal/", "/companies/lab-one/", "/downloads/"]
)
def test_no_other_page_may_be_framed(client, deal, path):
    response = client.get(path)

    assert response.status_code == 200
    assert policy(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("kind", ["agreements", "companies"])
def test_a_drafts_card_is_404_as_an_unknown_ones(client, deal, kind):
    draft = factories.AgreementFactory(
        slug="draft-deal", publication_status=PublicationStatus.DRAFT
    )
    slug = "hidden" if kind == "companies" else draft.slug

    assert client.get(f"/embed/{kind}/{slug}/").status_code == 404
    assert client.get(f"/embed/{kind}/no-such-record/").status_code == 404


def test_agreement_card_query_budget(client, deal, django_assert_num_queries):
    # 3 queries: the agreement, its public parties with their companies, its
    # current public reports of terms
    with django_assert_num_queries(3):
        client.get("/embed/agreements/deal/")


def test_company_card_query_budget(client, deal, django_assert_num_queries):
    # 5 queries: the company, how many public agreements it is party to, the
    # first three of its parties, their agreements, their current term reports
    with django_assert_num_queries(5):
        client.get("/embed/companies/lab-one/")


@pytest.mark.parametrize(
    ("path", "card"),
    [
        ("/agreements/deal/", "/embed/agreements/deal/"),
        ("/companies/lab-one/", "/embed/companies/lab-one/"),
    ],
)
def test_record_pages_offer_the_snippet_that_embeds_their_card(
    client, deal, path, card
):
    page = client.get(path).content.decode()

    assert f'&lt;iframe src="http://testserver{card}"' in page
    assert f'href="{card}"' in page
