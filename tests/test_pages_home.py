"""The home page: what the tracker is, the latest records and honest headline figures."""

import datetime

import pytest

from partnerships.models import AgreementStatus
from tests import factories
from tests.browse_records import assert_no_drafts, build_world


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_records(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 8 queries: value totals per currency and qualifier, agreement counts,
    # latest agreements, their parties with companies, agreements expiring soonest,
    # their parties with companies, latest statements with speakers and sources,
    # the number of published companies
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


def test_exact_values_sum_to_an_exact_total_per_currency(client, db):
    factories.AgreementFactory(
        value_amount=2 * 10**9, value_currency="USD", value_qualifier="exact"
    )
    factories.AgreementFactory(
        value_amount=3 * 10**9, value_currency="USD", value_qualifier="exact"
    )
    factories.AgreementFactory(
        value_amount=10**9, value_currency="EUR", value_qualifier="exact"
    )
    content = client.get("/").content.decode()
    assert "<dd>USD 5 billion</dd>" in content
    assert "<dd>EUR 1 billion</dd>" in content
    assert "at least" not in content.split("figure-note")[0]


def test_an_upper_bound_in_the_sum_is_named_and_no_lower_bound_is_claimed(client, db):
    factories.AgreementFactory(
        value_amount=100 * 10**9, value_currency="USD", value_qualifier="over"
    )
    factories.AgreementFactory(
        value_amount=10 * 10**9, value_currency="USD", value_qualifier="up_to"
    )
    content = client.get("/").content.decode()
    assert "<dd>USD 110 billion</dd>" in content
    assert "USD 10 billion of it is given as an upper bound" in content
    assert "USD 100 billion of it is given as a lower bound" in content


def test_superseded_agreements_are_not_counted_twice_in_the_total(client, db):
    new = factories.AgreementFactory(
        value_amount=5 * 10**9, value_currency="USD", value_qualifier="exact"
    )
    factories.AgreementFactory(
        value_amount=4 * 10**9,
        value_currency="USD",
        value_qualifier="exact",
        status=AgreementStatus.SUPERSEDED,
        superseded_by=new,
    )
    content = client.get("/").content.decode()
    assert "<dd>USD 5 billion</dd>" in content


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
