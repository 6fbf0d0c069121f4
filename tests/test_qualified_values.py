"""How dates with a precision and qualified amounts are shown, everywhere."""

import datetime
from decimal import Decimal

import pytest

from partnerships.qualified import PreciseDate, format_amount, precision_mismatch


@pytest.mark.parametrize(
    ("value", "precision", "display", "iso", "last_day"),
    [
        (
            datetime.date(2030, 1, 1),
            "year",
            "2030",
            "2030",
            datetime.date(2030, 12, 31),
        ),
        (
            datetime.date(2026, 2, 1),
            "month",
            "February 2026",
            "2026-02",
            datetime.date(2026, 2, 28),
        ),
        (
            datetime.date(2025, 11, 3),
            "day",
            "3 November 2025",
            "2025-11-03",
            datetime.date(2025, 11, 3),
        ),
    ],
)
def test_precise_date_is_shown_at_its_precision(
    value, precision, display, iso, last_day
):
    date = PreciseDate(value, precision)
    assert date.display == display
    assert date.iso == iso
    assert date.last_day == last_day


def test_year_precision_is_never_shown_as_first_of_january():
    assert "January" not in PreciseDate(datetime.date(2030, 1, 1), "year").display


@pytest.mark.parametrize(
    ("value", "precision", "problem"),
    [
        (datetime.date(2030, 3, 1), "year", "1 January"),
        (datetime.date(2030, 3, 2), "month", "first day"),
        (datetime.date(2030, 3, 2), "", "precision"),
        (None, "day", "needs a date"),
    ],
)
def test_incoherent_date_and_precision_are_named(value, precision, problem):
    assert problem in precision_mismatch(value, precision)


@pytest.mark.parametrize(
    ("amount", "qualifier", "unit", "long", "short"),
    [
        ("38000000000", "exact", "USD", "USD 38 billion", "USD 38 bn"),
        ("100000000000", "over", "USD", "over USD 100 billion", "> USD 100 bn"),
        ("100000000000", "at_least", "USD", "at least USD 100 billion", "≥ USD 100 bn"),
        ("1500000000", "about", "EUR", "about EUR 1.5 billion", "~ EUR 1.5 bn"),
        ("250000000", "up_to", "USD", "up to USD 250 million", "≤ USD 250 m"),
        ("10", "up_to", "GW", "up to 10 GW", "≤ 10 GW"),
        (
            "100000",
            "multiples",
            "GPUs",
            "hundreds of thousands of GPUs",
            "hundreds of thousands of GPUs",
        ),
        (
            "10000000",
            "multiples",
            "CPUs",
            "tens of millions of CPUs",
            "tens of millions of CPUs",
        ),
        ("1000000", "multiples", "GPUs", "millions of GPUs", "millions of GPUs"),
        ("12500", "exact", "GPUs", "12,500 GPUs", "12,500 GPUs"),
    ],
)
def test_amount_is_shown_with_its_qualifier(amount, qualifier, unit, long, short):
    assert format_amount(Decimal(amount), qualifier, unit) == long
    assert format_amount(Decimal(amount), qualifier, unit, short=True) == short


def test_missing_amount_shows_nothing():
    assert format_amount(None, "", "USD") == ""
