"""An agreement in five seconds: a key-facts box before everything else, with a
sentence saying who does what with whom, each fact footnoted to the excerpt it
rests on, when the record changed, its history and its JSON."""

import datetime
import re

import pytest

from partnerships.models import AgreementStatus
from tests import factories


def page(client, agreement) -> str:
    return client.get(agreement.get_absolute_url()).content.decode()


def key_facts(content: str) -> str:
    start = content.index('<section class="key-facts"')
    return content[start : content.index("</section>", start)]


def test_the_aws_deal_reads_openai_buys_cloud_compute_from_aws(client, article):
    content = client.get("/agreements/openai-aws-cloud-compute/").content.decode()
    box = key_facts(content)
    assert "OpenAI buys cloud compute from Amazon Web Services" in box
    assert "USD 38 billion" in box
    assert "Exclusivity</dt>\n      <dd>not reported" in box
    assert "no expiry reported" in box
    assert "tens of millions of CPUs" in box


def test_the_key_facts_come_before_the_summary_and_the_parties(client, article):
    content = client.get("/agreements/openai-aws-cloud-compute/").content.decode()
    box = content.index('<section class="key-facts"')
    assert content.index("<h1>") < box < content.index('<p class="lede">')
    assert box < content.index('id="parties-heading"')


def test_a_partnership_reported_as_possible_is_hedged_in_the_sentence(client, article):
    content = client.get("/agreements/openai-nvidia-10gw-partnership/").content.decode()
    box = key_facts(content)
    assert "Possibly NVIDIA and OpenAI have a strategic partnership" in box
    assert "may exceed USD 100 billion" in box
    assert "planned: up to 10 GW" in box


def test_the_stateless_api_deal_runs_through_2030_by_altmans_word(client, article):
    content = client.get(
        "/agreements/openai-microsoft-azure-stateless-api/"
    ).content.decode()
    box = key_facts(content)
    assert "OpenAI runs its APIs on Microsoft’s cloud" in box
    by_altman = '<span class="certainty">(stated by an executive)</span>'
    assert f"partly exclusive: stateless APIs {by_altman}" in box
    assert f'through <time datetime="2030">2030 {by_altman}</time>' in box


def test_a_superseded_agreement_is_told_in_the_past(client, article):
    content = client.get(
        "/agreements/openai-microsoft-azure-exclusive-cloud/"
    ).content.decode()
    assert "OpenAI bought cloud compute from Microsoft" in key_facts(content)


def test_parties_whose_roles_say_no_direction_give_no_sentence(client, db):
    agreement = factories.AgreementFactory(kind="cloud_compute")
    factories.AgreementPartyFactory(agreement=agreement, role="customer")
    factories.AgreementPartyFactory(agreement=agreement, role="investor")
    assert '<p class="key-sentence">' not in key_facts(page(client, agreement))


def test_a_draft_party_is_not_named_in_the_sentence(client, db):
    agreement = factories.AgreementFactory(kind="chip_supply")
    factories.AgreementPartyFactory(
        agreement=agreement, company=factories.CompanyFactory(name="Buyer")
    )
    factories.AgreementPartyFactory(
        agreement=agreement,
        role="supplier",
        company=factories.CompanyFactory(
            name="Secret Draftco", publication_status="draft"
        ),
    )
    content = page(client, agreement)
    assert "Secret Draftco" not in content
    assert '<p class="key-sentence">' not in content


def test_each_fact_links_to_the_excerpt_it_rests_on(client, db):
    agreement = factories.AgreementFactory(
        kind="cloud_compute",
        expires_on=datetime.date(2030, 1, 1),
        expires_precision="year",
    )
    factories.AgreementPartyFactory(agreement=agreement)
    factories.AgreementPartyFactory(agreement=agreement, role="provider")
    first = factories.AgreementCitationFactory(
        record=agreement, locator="paragraph 1", excerpt="第一段"
    )
    second = factories.AgreementCitationFactory(
        record=agreement, locator="paragraph 2", excerpt="至2030年"
    )
    factories.TermReportFactory(citation=first, term="status", basis="announced")
    factories.TermReportFactory(citation=second, term="expires", basis="executive")
    content = page(client, agreement)
    box = key_facts(content)
    status = re.search(r"Source for status: </span>(\d)</a>", box).group(1)
    expiry = re.search(r"Source for expiry: </span>(\d)</a>", box).group(1)
    assert f'<a href="#source-{expiry}">' in box
    cited = content.index(f'<li id="source-{expiry}">')
    assert content.index("至2030年", cited) < content.index("</li>", cited)
    cited = content.index(f'<li id="source-{status}">')
    assert content.index("第一段", cited) < content.index("</li>", cited)
    assert status != expiry


def test_a_fact_without_a_report_has_no_footnote(client, db):
    agreement = factories.AgreementFactory(
        value_amount=5, value_currency="USD", value_qualifier="exact"
    )
    box = key_facts(page(client, agreement))
    assert "USD 5 <span" in box
    assert "Source for value" not in box


def test_it_says_when_it_was_updated_and_links_its_history_and_json(client, db):
    agreement = factories.AgreementFactory(slug="the-deal")
    box = key_facts(page(client, agreement))
    day = agreement.updated_at
    assert f'Last updated <time datetime="{day:%Y-%m-%d}">' in box
    assert 'href="/api/v1/agreements/the-deal/history/"' in box
    assert 'href="/api/v1/agreements/the-deal/"' in box


@pytest.mark.parametrize(
    ("kind", "roles", "status", "expected"),
    [
        ("chip_supply", ("customer", "supplier"), "active", "A buys chips from B"),
        ("investment", ("investor", "investee"), "active", "A invests in B"),
        ("licensing", ("licensee", "licensor"), "ended", "A licensed from B"),
        ("cloud_compute", ("partner", "partner"), "active", "A and B cooperate on"),
    ],
)
def test_the_sentence_follows_the_roles_and_the_kind(
    client, db, kind, roles, status, expected
):
    agreement = factories.AgreementFactory(kind=kind, status=status)
    for name, role in zip(("A", "B"), roles, strict=True):
        factories.AgreementPartyFactory(
            agreement=agreement,
            role=role,
            company=factories.CompanyFactory(name=name, slug=name.lower()),
        )
    assert expected in key_facts(page(client, agreement))


def test_the_status_badge_keeps_its_hedge_in_the_box(client, db):
    agreement = factories.AgreementFactory(status=AgreementStatus.ANNOUNCED)
    citation = factories.AgreementCitationFactory(record=agreement)
    factories.TermReportFactory(
        citation=citation, term="status", basis="unnamed_sources", modality="possible"
    )
    box = key_facts(page(client, agreement))
    assert "(possible; reported, unnamed sources)" in box
