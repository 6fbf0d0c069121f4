"""Date filters take a year, a month or a day; value filters take `10bn`.

A year or a month is the whole period: `expires_before=2031` is "ends before
2031 begins", `expires_after=2030` "ends after 2030 is over", an inclusive
`announced_after=2025` counts from 1 January and `announced_before=2025` to
31 December, `in_force_on=2031` is "in force at some time in 2031". The API and
the agreements page read dates with the same function.
"""

import datetime
from decimal import Decimal

import pytest

from tests import factories

LIST = "/api/v1/agreements/"
PAGE = "/agreements/"


def slugs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {record["slug"] for record in response.json()["results"]}


def expiring(slug: str, on: datetime.date, precision: str, **fields):
    return factories.AgreementFactory(
        slug=slug, expires_on=on, expires_precision=precision, **fields
    )


@pytest.fixture
def expiries(db):
    expiring("through-2030", datetime.date(2030, 1, 1), "year")
    expiring("december-2030", datetime.date(2030, 12, 1), "month")
    expiring("on-2031-01-01", datetime.date(2031, 1, 1), "day")
    expiring("june-2031", datetime.date(2031, 6, 1), "month")
    expiring("through-2032", datetime.date(2032, 1, 1), "year")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"expires_before": "2031"}, {"through-2030", "december-2030"}),
        ({"expires_before": "2031-01"}, {"through-2030", "december-2030"}),
        ({"expires_before": "2031-01-02"}, {"through-2030", "december-2030", "on-2031-01-01"}),
        ({"expires_before": "2031-07"}, {"through-2030", "december-2030", "on-2031-01-01", "june-2031"}),
        ({"expires_after": "2030"}, {"on-2031-01-01", "june-2031", "through-2032"}),
        ({"expires_after": "2031-05"}, {"june-2031", "through-2032"}),
        ({"expires_after": "2031"}, {"through-2032"}),
        ({"expires_after": "9999"}, set()),
    ],
)  # fmt: skip
def test_a_partial_expiry_date_is_the_whole_period(client, expiries, query, expected):
    assert slugs(client.get(LIST, query)) == expected


def test_the_announcement_filters_include_the_whole_period(client, db):
    factories.AgreementFactory(
        slug="day-in-2025",
        announced_on=datetime.date(2025, 11, 3),
        announced_precision="day",
    )
    factories.AgreementFactory(
        slug="late-2024",
        announced_on=datetime.date(2024, 12, 31),
        announced_precision="day",
    )

    assert slugs(client.get(LIST, {"announced_after": "2025"})) == {"day-in-2025"}
    assert slugs(client.get(LIST, {"announced_before": "2024"})) == {"late-2024"}
    assert slugs(client.get(LIST, {"announced_before": "2024-11"})) == set()
    assert slugs(client.get(LIST, {"announced_after": "2024-12"})) == {
        "day-in-2025",
        "late-2024",
    }


def test_statements_said_in_a_month(client, db):
    for slug, day in [("in-may", 20), ("may-31", 31)]:
        factories.StatementFactory(
            slug=slug, said_on=datetime.date(2025, 5, day), said_precision="day"
        )
    factories.StatementFactory(
        slug="in-june", said_on=datetime.date(2025, 6, 1), said_precision="day"
    )

    response = client.get(
        "/api/v1/statements/", {"said_after": "2025-05", "said_before": "2025-05"}
    )

    assert slugs(response) == {"in-may", "may-31"}


def test_in_force_in_a_year_means_at_some_time_that_year(client, db):
    factories.AgreementFactory(
        slug="from-june-2031",
        effective_on=datetime.date(2031, 6, 1),
        effective_precision="day",
    )
    factories.AgreementFactory(
        slug="over-in-2030",
        effective_on=datetime.date(2020, 1, 1),
        effective_precision="year",
        expires_on=datetime.date(2030, 1, 1),
        expires_precision="year",
    )

    assert slugs(client.get(LIST, {"in_force_on": "2031"})) == {"from-june-2031"}
    assert slugs(client.get(LIST, {"in_force_on": "2031-05"})) == set()
    assert slugs(client.get(LIST, {"in_force_on": "2030-12"})) == {"over-in-2030"}
    assert (
        "from-june-2031" in client.get(PAGE, {"in_force_on": "2031"}).content.decode()
    )
    assert "from-june-2031" not in (
        client.get(PAGE, {"in_force_on": "2031-05"}).content.decode()
    )


@pytest.mark.parametrize("written", ["10bn", "10 billion", "10 BN", "10000000000",
                                     "10,000,000,000", "1e10", "1E+10", "0.01 trillion"])  # fmt: skip
def test_value_min_takes_an_amount_in_words(client, db, written):
    factories.AgreementFactory(
        slug="big",
        value_amount=Decimal("38e9"),
        value_currency="USD",
        value_qualifier="exact",
    )
    factories.AgreementFactory(
        slug="small",
        value_amount=Decimal("500e6"),
        value_currency="USD",
        value_qualifier="exact",
    )

    assert slugs(client.get(LIST, {"value_min": written})) == {"big"}
    assert slugs(client.get(LIST, {"value_max": "500m"})) == {"small"}


def test_an_up_to_value_is_matched_by_its_figure_and_keeps_its_hedge(client, db):
    factories.AgreementFactory(
        slug="up-to",
        value_amount=Decimal("100e9"),
        value_currency="USD",
        value_qualifier="up_to",
    )

    [record] = client.get(LIST, {"value_min": "10bn"}).json()["results"]

    assert record["value"]["display"].startswith("up to USD 100 billion")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("expires_before", "2031/01", "give YYYY (a year), YYYY-MM (a month) or YYYY-MM-DD (a day)"),
        ("expires_after", "2031-13", "is not a date in the calendar"),
        ("announced_after", "31", "is not a date"),
        ("in_force_on", "tomorrow", "give YYYY (a year)"),
        ("value_min", "lots", "10bn, 10 billion, 500m"),
        ("value_min", "1,5bn", "is not an amount"),
        ("value_max", "-5", "is below zero"),
        ("value_min", "10 bananas", "k or thousand, m or million, bn or billion"),
        ("value_max", "1e60", "at most 1e50"),
    ],
)  # fmt: skip
def test_a_bad_date_or_amount_names_the_parameter_and_the_accepted_forms(
    client, db, name, value, message
):
    response = client.get(LIST, {name: value})

    assert response.status_code == 400
    [problem] = response.json()["errors"][name]
    assert message in problem


def test_the_page_names_the_accepted_forms_too(client, db):
    response = client.get(PAGE, {"in_force_on": "June"})

    assert response.status_code == 400
    assert "YYYY (a year), YYYY-MM (a month) or YYYY-MM-DD (a day)" in (
        response.content.decode()
    )
