"""The home page: what the tracker is, the latest records and honest headline figures."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships import models
from partnerships.models import AgreementStatus
from tests import factories
from tests.browse_records import assert_no_drafts, build_world


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_records(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 8 queries: value totals per currency, qualifier and certainty, agreement
    # counts, latest agreements, agreements expiring soonest, the parties with
    # companies of both, the current reports of both's terms, latest
    # statements with speakers and sources, the number of published companies
    with django_assert_num_queries(8):
        response = client.get("/")
    assert response.status_code == 200


def test_it_says_what_the_tracker_is_and_links_every_list(client, db):
    response = client.get("/")
    content = response.content.decode()
    assert "sourced record of the agreements" in content
    for path in ("/agreements/", "/companies/", "/statements/", "/timeline/"):
        assert f'href="{path}"' in content


def test_a_lower_bound_makes_the_total_at_least(client, db):
    factories.AgreementFactory(
        value_amount=38 * 10**9, value_currency="USD", value_qualifier="exact"
    )
    factories.AgreementFactory(
        value_amount=100 * 10**9, value_currency="USD", value_qualifier="over"
    )
    content = client.get("/").content.decode()
    assert "at least USD 138 billion" in content


def valued(amount, qualifier="exact", currency="USD", *, modality="fact", **fields):
    """A published agreement whose value a report gives with this certainty
    (announced by the parties unless `basis` says otherwise)."""
    basis = fields.pop("basis", "announced")
    agreement = factories.AgreementFactory(
        value_amount=amount,
        value_currency=currency,
        value_qualifier=qualifier,
        **fields,
    )
    factories.TermReportFactory(
        citation=factories.AgreementCitationFactory(record=agreement),
        basis=basis,
        modality=modality,
    )
    return agreement


def test_exact_values_sum_to_an_exact_total_per_currency(client, db):
    valued(2 * 10**9)
    valued(3 * 10**9)
    valued(10**9, currency="EUR")
    content = client.get("/").content.decode()
    assert "<dd>USD 5 billion</dd>" in content
    assert "<dd>EUR 1 billion</dd>" in content
    assert "at least" not in content.split("figure-note")[0]


def test_an_upper_bound_in_the_sum_is_named_and_no_lower_bound_is_claimed(client, db):
    valued(100 * 10**9, "over")
    valued(10 * 10**9, "up_to")
    content = client.get("/").content.decode()
    assert "<dd>USD 110 billion</dd>" in content
    assert "USD 10 billion of it is given as an upper bound" in content
    assert "USD 100 billion of it is given as a lower bound" in content


def test_superseded_agreements_are_not_counted_twice_in_the_total(client, db):
    new = valued(5 * 10**9)
    valued(4 * 10**9, status=AgreementStatus.SUPERSEDED, superseded_by=new)
    content = client.get("/").content.decode()
    assert "<dd>USD 5 billion</dd>" in content


def test_totals_never_add_a_possible_value_to_an_announced_one(client, db):
    valued(38 * 10**9)
    valued(15 * 10**9, "about")
    valued(100 * 10**9, "over", basis="unnamed_sources", modality="possible")
    valued(20 * 10**9, "at_least", basis="reported")
    valued(7 * 10**9, basis="reported", modality="denied")
    valued(9 * 10**9)  # no report of its value: certainty not recorded
    models.TermReport.objects.filter(agreement__value_amount=9 * 10**9).delete()

    content = client.get("/").content.decode()
    figures = content.split('id="latest-heading"')[0]

    # announced: the exact 38 bn and the "about" 15 bn, nothing else
    assert "<dt>Value announced, in USD</dt><dd>about USD 53 billion</dd>" in figures
    rows = re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', figures)
    assert rows == [
        ("Announced by the parties or their executives", "about USD 53 billion"),
        ("Reported by the press or estimated", "at least USD 20 billion"),
        ("Planned, expected or possible", "at least USD 109 billion"),
        ("If every reported and possible value held", "USD 182 billion"),
    ]
    assert "USD 7 billion" not in figures  # denied: in no total
    assert (
        "if every reported and possible value held: USD 120 billion of it is given "
        "as a lower bound"
    ) in figures


def test_it_lists_agreements_expiring_soonest_first_and_leaves_out_expired_ones(
    client, db
):
    this_year = datetime.date.today().year
    for title, year in (("Later", this_year + 5), ("Sooner", this_year + 1)):
        factories.AgreementFactory(
            title=title,
            expires_on=datetime.date(year, 1, 1),
            expires_precision="year",
        )
    factories.AgreementFactory(
        title="Expired long ago",
        expires_on=datetime.date(2001, 1, 1),
        expires_precision="year",
    )
    response = client.get("/")
    expiring = [agreement.title for agreement in response.context["expiring"]]
    assert expiring == ["Sooner", "Later"]
    assert (
        f'Runs through <time datetime="{this_year + 1}">' in response.content.decode()
    )


def test_drafts_are_not_listed_nor_counted(client, db):
    build_world(2)
    response = client.get("/")
    assert_no_drafts(response.content)
    assert response.context["counts"]["total"] == 2
    # The draft's USD 1 trillion is not in the total: 1 + 2 billion are.
    assert "<dd>USD 3 billion</dd>" in response.content.decode()


def test_the_article_totals_are_at_least_usd_138_billion(client, article):
    content = client.get("/").content.decode()
    assert "at least USD 138 billion" in content


def test_its_figures_are_kept_until_the_next_write(client, db, settings):
    settings.COUNTS_CACHE_SECONDS = 60
    settings.READER_CACHE_SECONDS = 0  # each page made afresh: only figures kept
    factories.AgreementFactory(
        value_amount=38 * 10**9, value_currency="USD", value_qualifier="exact"
    )
    first = client.get("/")
    assert first.context["counts"]["total"] == 1
    assert "USD 38 billion" in first.content.decode()

    with CaptureQueriesContext(connection) as kept:
        client.get("/")
    assert len(kept) == 5  # 8 less the totals, the counts, the companies
    factories.AgreementFactory(
        value_amount=2 * 10**9, value_currency="USD", value_qualifier="exact"
    )
    after_a_write = client.get("/")

    assert after_a_write.context["counts"]["total"] == 2
    assert "USD 40 billion" in after_a_write.content.decode()
