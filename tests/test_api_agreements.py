"""GET /api/v1/agreements/: what a consumer reads, filters, searches and sorts."""

from decimal import Decimal

import pytest

from partnerships import models
from tests import factories
from tests.api_records import full_agreement, openai_aws, plain_user, token_client


@pytest.fixture(autouse=True)
def site_url(settings):
    """Canonical URLs are built on SITE_URL, whatever host the API was asked on."""
    settings.SITE_URL = "https://tracker.example"


LIST = "/api/v1/agreements/"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [record["slug"] for record in response.json()["results"]]


@pytest.fixture
def deal(db):
    return openai_aws()


def test_detail_carries_everything_a_consumer_needs(client, deal):
    body = client.get(f"{LIST}openai-aws-cloud-compute/").json()

    assert (
        body["url"]
        == "https://tracker.example/api/v1/agreements/openai-aws-cloud-compute/"
    )
    assert (
        body["site_url"]
        == "https://tracker.example/agreements/openai-aws-cloud-compute/"
    )
    assert body["parties"] == [
        {
            "company": {
                "name": "OpenAI",
                "slug": "openai",
                "url": "https://tracker.example/api/v1/companies/openai/",
                "site_url": "https://tracker.example/companies/openai/",
            },
            "role": "customer",
            "note": "",
        },
        {
            "company": {
                "name": "Amazon Web Services",
                "slug": "amazon-web-services",
                "url": "https://tracker.example/api/v1/companies/amazon-web-services/",
                "site_url": "https://tracker.example/companies/amazon-web-services/",
            },
            "role": "provider",
            "note": "",
        },
    ]
    assert body["expires"] == {
        "value": "2030",
        "precision": "year",
        "display": "2030",
        "first_day": "2030-01-01",
        "last_day": "2030-12-31",
    }
    assert body["announced"]["display"] == "3 November 2025"
    assert body["effective"] is None
    assert body["value"] == {
        "amount": "38000000000.00",
        "currency": "USD",
        "qualifier": "exact",
        "display": "USD 38 billion (announced)",
        "short": "USD 38 bn",
        "as_reported": "380億美元",
        "as_reported_en": "",
        "certainty": {"basis": "announced", "modality": "fact", "label": "announced"},
    }
    assert body["commitments"][0]["display"] == "hundreds of thousands of GPUs"
    assert body["citations"] == [
        {
            "source": {
                "title": "The article",
                "slug": "the-article",
                "publisher": "",
                "original_url": None,
                "url": "https://tracker.example/api/v1/sources/the-article/",
                "site_url": "https://tracker.example/sources/the-article/",
            },
            "locator": "paragraph 2",
            "excerpt": "380億美元",
            "excerpt_en": "",
            "note": "",
        }
    ]
    assert body["exclusivity"] == "unknown"
    assert body["status"] == "announced"


def test_superseded_agreement_links_both_ways(client, db):
    successor = full_agreement("successor")
    old = full_agreement(
        "old", status=models.AgreementStatus.SUPERSEDED, superseded_by=successor
    )

    old_body = client.get(f"{LIST}{old.slug}/").json()
    new_body = client.get(f"{LIST}{successor.slug}/").json()

    assert old_body["superseded_by"]["url"].endswith("/api/v1/agreements/successor/")
    assert [a["slug"] for a in new_body["supersedes"]] == ["old"]


def test_list_has_count_and_page_links(client, db):
    for number in range(3):
        factories.AgreementFactory(slug=f"deal-{number}")

    body = client.get(LIST, {"page_size": 2}).json()

    assert body["count"] == 3
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/agreements/?page=2&page_size=2"
    second = client.get(body["next"]).json()
    assert second["previous"] is not None and second["next"] is None
    assert len(second["results"]) == 1


def test_draft_agreement_is_404_for_anonymous_reader(client, db):
    factories.AgreementFactory(slug="secret", publication_status="draft")

    assert client.get(f"{LIST}secret/").status_code == 404
    assert slugs(client.get(LIST)) == []
    assert slugs(client.get(LIST, {"search": "Agreement"})) == []


def test_draft_agreement_is_hidden_from_plain_accounts(db):
    factories.AgreementFactory(slug="secret", publication_status="draft")
    reader = token_client(plain_user())

    assert reader.get(f"{LIST}secret/").status_code == 404


def test_editor_sees_drafts(editor, db):
    factories.AgreementFactory(slug="secret", publication_status="draft")

    response = token_client(editor).get(f"{LIST}secret/")

    assert response.status_code == 200
    assert response.json()["publication_status"] == "draft"


def test_draft_party_and_draft_source_are_left_out_for_readers(client, db):
    agreement = full_agreement("deal")
    hidden = factories.CompanyFactory(slug="hidden", publication_status="draft")
    factories.AgreementPartyFactory(agreement=agreement, company=hidden, role="partner")
    draft_source = factories.SourceFactory(slug="draft-src", publication_status="draft")
    factories.AgreementCitationFactory(record=agreement, source=draft_source)

    body = client.get(f"{LIST}deal/").json()

    assert "hidden" not in [party["company"]["slug"] for party in body["parties"]]
    assert len(body["parties"]) == 2
    assert "draft-src" not in [c["source"]["slug"] for c in body["citations"]]


# -- filters ----------------------------------------------------------------------


def test_party_filter_matches_any_role(client, deal):
    full_agreement("other")

    assert slugs(client.get(LIST, {"party": "openai"})) == ["openai-aws-cloud-compute"]


def test_party_role_narrows_to_that_party_in_that_role(client, deal):
    assert slugs(client.get(LIST, {"party": "openai", "party_role": "customer"})) == [
        "openai-aws-cloud-compute"
    ]
    assert slugs(client.get(LIST, {"party": "openai", "party_role": "provider"})) == []


def test_party_filter_with_unknown_slug_matches_nothing(client, deal):
    assert slugs(client.get(LIST, {"party": "no-such-company"})) == []


def test_kind_exclusivity_and_status_filters(client, db):
    factories.AgreementFactory(
        slug="chips", kind="chip_supply", exclusivity="exclusive"
    )
    factories.AgreementFactory(slug="cloud", status="ended")

    assert slugs(client.get(LIST, {"kind": "chip_supply"})) == ["chips"]
    assert slugs(client.get(LIST, {"exclusivity": "exclusive"})) == ["chips"]
    assert slugs(client.get(LIST, {"status": "ended"})) == ["cloud"]


def test_in_force_on_counts_the_whole_period_of_the_expiry_and_the_end(client, deal):
    factories.AgreementFactory(
        slug="over",
        status="ended",
        **factories.dated(effective="2020", ended="2024"),
    )

    assert slugs(client.get(LIST, {"in_force_on": "2030-12-31"})) == [
        "openai-aws-cloud-compute"
    ]
    assert slugs(client.get(LIST, {"in_force_on": "2031-01-01"})) == []
    assert slugs(client.get(LIST, {"in_force_on": "2024-12-31"})) == ["over"]
    assert slugs(client.get(LIST, {"in_force_on": "2025-01-01"})) == []


def test_in_force_on_leaves_out_undated_agreements_unless_asked(client, deal):
    factories.AgreementFactory(slug="no-dates")
    factories.AgreementFactory(slug="superseded-when", status="superseded")

    day = {"in_force_on": "2029-06-01"}
    assert slugs(client.get(LIST, day)) == ["openai-aws-cloud-compute"]
    assert sorted(slugs(client.get(LIST, day | {"include_undated": "true"}))) == [
        "no-dates",
        "openai-aws-cloud-compute",
        "superseded-when",
    ]


def test_expiring_before_and_after(client, deal):
    assert slugs(client.get(LIST, {"expires_before": "2031-01-01"})) == [
        "openai-aws-cloud-compute"
    ]
    assert slugs(client.get(LIST, {"expires_before": "2030-06-01"})) == []
    assert slugs(client.get(LIST, {"expires_after": "2030-06-01"})) == [
        "openai-aws-cloud-compute"
    ]
    assert slugs(client.get(LIST, {"expires_after": "2030-12-31"})) == []
    assert slugs(client.get(LIST, {"expires_after": "9999-12-31"})) == []


def test_value_range_in_a_currency(client, deal):
    factories.AgreementFactory(
        slug="euro",
        value_amount=Decimal("50000000000"),
        value_currency="EUR",
        value_qualifier="about",
    )

    assert slugs(client.get(LIST, {"value_min": "1e10"})) == [
        "openai-aws-cloud-compute"
    ]  # USD unless a currency is given
    assert slugs(client.get(LIST, {"value_min": "1e10", "currency": "eur"})) == ["euro"]
    assert slugs(client.get(LIST, {"value_max": "1e10"})) == []
    assert slugs(client.get(LIST, {"value_max": "4e10", "value_min": "3e10"})) == [
        "openai-aws-cloud-compute"
    ]


def test_announced_between(client, deal):
    assert slugs(
        client.get(
            LIST, {"announced_after": "2025-11-01", "announced_before": "2025-11-30"}
        )
    ) == ["openai-aws-cloud-compute"]
    assert slugs(client.get(LIST, {"announced_after": "2025-11-04"})) == []


# -- search and ordering ----------------------------------------------------------


def test_search_finds_a_party_by_its_alias(client, deal):
    full_agreement("unrelated")

    assert slugs(client.get(LIST, {"search": "AWS"})) == ["openai-aws-cloud-compute"]


def test_search_covers_titles_and_summaries(client, deal):
    assert slugs(client.get(LIST, {"search": "full access"})) == [
        "openai-aws-cloud-compute"
    ]
    assert slugs(client.get(LIST, {"search": "nothing like this"})) == []


def test_default_order_is_by_title(client, db):
    factories.AgreementFactory(slug="b", title="Beta")
    factories.AgreementFactory(slug="a", title="Alpha")

    assert slugs(client.get(LIST)) == ["a", "b"]


def test_ties_are_broken_by_the_key_in_the_direction_of_the_last_field(client, db):
    for slug in ["first", "second", "third"]:
        factories.AgreementFactory(slug=slug, title="Same title")

    assert slugs(client.get(LIST, {"ordering": "title"})) == [
        "first",
        "second",
        "third",
    ]
    assert slugs(client.get(LIST, {"ordering": "-title"})) == [
        "third",
        "second",
        "first",
    ]


def test_ordering_by_value_descending(client, db):
    for slug, amount in [("small", 1), ("big", 3), ("mid", 2)]:
        factories.AgreementFactory(
            slug=slug,
            value_amount=Decimal(amount),
            value_currency="USD",
            value_qualifier="exact",
        )

    assert slugs(client.get(LIST, {"ordering": "-value_amount"})) == [
        "big",
        "mid",
        "small",
    ]


def test_unknown_ordering_field_is_a_400_naming_ordering(client, db):
    response = client.get(LIST, {"ordering": "password"})

    assert response.status_code == 400
    assert "ordering" in response.json()["errors"]
