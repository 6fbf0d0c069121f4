"""An agreement's page: parties, terms, dates at their precision, value, lineage,
what was said about it and the citations it rests on."""

import datetime
from decimal import Decimal

import pytest

from partnerships.models import AgreementStatus
from tests import factories
from tests.browse_records import assert_no_drafts, build_world


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_records(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 7 queries: the agreement with its successor, its parties with companies,
    # its commitments, its citations with sources, the agreements it replaced,
    # the statements about it with speakers and sources, the reports of its
    # terms with their citations' sources
    with django_assert_num_queries(7):
        response = client.get("/agreements/deal-01/")
    assert response.status_code == 200


def test_it_shows_parties_terms_dates_and_qualified_amounts(client, db):
    agreement = factories.AgreementFactory(
        title="Azure APIs",
        exclusivity="partly_exclusive",
        exclusivity_scope="stateless APIs",
        right_of_first_refusal=True,
        expires_on=datetime.date(2030, 1, 1),
        expires_precision="year",
        announced_on=datetime.date(2025, 10, 1),
        announced_precision="month",
        value_amount=Decimal(100 * 10**9),
        value_currency="USD",
        value_qualifier="over",
        value_as_reported="超過1000億美元",
    )
    factories.AgreementPartyFactory(
        agreement=agreement, company=factories.CompanyFactory(name="OpenAI")
    )
    factories.AgreementPartyFactory(
        agreement=agreement,
        company=factories.CompanyFactory(name="Microsoft"),
        role="provider",
    )
    factories.CommitmentFactory(
        agreement=agreement,
        resource="NVIDIA GPUs",
        quantity=100000,
        quantity_qualifier="multiples",
        unit="GPUs",
    )
    content = client.get(agreement.get_absolute_url()).content.decode()
    assert "OpenAI</a>: customer" in content
    assert "Microsoft</a>: provider" in content
    not_recorded = '<span class="certainty">(certainty not recorded)</span>'
    assert f"partly exclusive: stateless APIs {not_recorded}" in content
    assert f"Right of first refusal</dt>\n      <dd>yes {not_recorded}" in content
    assert f'through <time datetime="2030">2030 {not_recorded}</time>' in content
    assert f'<time datetime="2025-10">October 2025 {not_recorded}</time>' in content
    assert "over USD 100 billion" in content
    assert "Value in the source’s words</dt><dd>“超過1000億美元”" in content
    assert "hundreds of thousands of GPUs (NVIDIA GPUs)" in content


def test_unknown_dates_and_values_are_said_to_be_unreported(client, db):
    agreement = factories.AgreementFactory()
    content = client.get(agreement.get_absolute_url()).content.decode()
    assert "no expiry reported" in content
    assert "not disclosed" in content


def test_it_shows_which_agreement_it_replaced_and_which_replaced_it(client, db):
    new = factories.AgreementFactory(title="New terms")
    old = factories.AgreementFactory(
        title="Old terms",
        status=AgreementStatus.SUPERSEDED,
        superseded_by=new,
        end_reason="Restructured.",
    )
    old_page = client.get(old.get_absolute_url()).content.decode()
    assert f'Superseded by <a href="{new.get_absolute_url()}">New terms</a>' in old_page
    assert "Restructured." in old_page
    assert "<dt>Ended</dt><dd>date not reported</dd>" in old_page
    new_page = client.get(new.get_absolute_url()).content.decode()
    assert f'Replaced <a href="{old.get_absolute_url()}">Old terms</a>' in new_page


def test_it_shows_citations_with_excerpt_and_source_link(client, db):
    citation = factories.AgreementCitationFactory(
        excerpt="雙方合作的核心", source__url="https://example.com/a"
    )
    content = client.get(citation.record.get_absolute_url()).content.decode()
    assert "雙方合作的核心" in content
    assert f'href="{citation.source.get_absolute_url()}"' in content
    assert 'href="https://example.com/a"' in content


def test_it_shows_the_statements_about_it(client, db):
    build_world(2)
    content = client.get("/agreements/deal-01/").content.decode()
    assert "Chief 01</a>" in content
    assert 'href="/statements/said-01/"' in content


def test_drafts_linked_to_it_do_not_appear(client, db):
    world = build_world(2)
    response = client.get(world.agreements[0].get_absolute_url())
    assert_no_drafts(response.content)


def test_a_draft_agreement_is_404(client, db):
    draft = factories.AgreementFactory(publication_status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_superseded_agreement_does_not_link_to_a_draft_successor(client, db):
    new = factories.AgreementFactory(
        title="Secret Draft Deal", publication_status="draft"
    )
    old = factories.AgreementFactory(
        status=AgreementStatus.SUPERSEDED, superseded_by=new
    )
    assert_no_drafts(client.get(old.get_absolute_url()).content)


def test_the_article_agreement_runs_through_2030(client, article):
    content = client.get(
        "/agreements/openai-microsoft-azure-stateless-api/"
    ).content.decode()
    by_altman = '<span class="certainty">(stated by an executive)</span>'
    assert f'through <time datetime="2030">2030 {by_altman}</time>' in content
    assert f"partly exclusive: stateless APIs {by_altman}" in content
