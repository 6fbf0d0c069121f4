"""Dates with a precision and amounts with a qualifier.

"Through 2030" is a year, not 1 January 2030; "over USD 100 billion" is a lower
bound, not a figure. These two small concepts keep what was reported, and each
has one way of being shown, used by the admin, the API and the public pages.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import models


class DatePrecision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


class Qualifier(models.TextChoices):
    EXACT = "exact", "Exact"
    ABOUT = "about", "About"
    AT_LEAST = "at_least", "At least"
    OVER = "over", "Over (more than)"
    UP_TO = "up_to", "Up to"
    MULTIPLES = "multiples", "Multiples of (e.g. hundreds of thousands)"


@dataclass(frozen=True)
class PreciseDate:
    """A date known to the day, the month or only the year.

    The stored date is the first day of the period: 2030 is kept as 2030-01-01
    with YEAR precision and always shown as "2030".
    """

    value: datetime.date
    precision: str

    @property
    def first_day(self) -> datetime.date:
        return self.value

    @property
    def last_day(self) -> datetime.date:
        if self.precision == DatePrecision.YEAR:
            return datetime.date(self.value.year, 12, 31)
        if self.precision == DatePrecision.MONTH:
            days = calendar.monthrange(self.value.year, self.value.month)[1]
            return datetime.date(self.value.year, self.value.month, days)
        return self.value

    @property
    def display(self) -> str:
        if self.precision == DatePrecision.YEAR:
            return f"{self.value.year}"
        if self.precision == DatePrecision.MONTH:
            return f"{calendar.month_name[self.value.month]} {self.value.year}"
        return f"{self.value.day} {calendar.month_name[self.value.month]} {self.value.year}"

    @property
    def iso(self) -> str:
        """ISO 8601 at the known precision: "2030", "2030-05", "2030-05-17"."""
        if self.precision == DatePrecision.YEAR:
            return f"{self.value.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()

    def __str__(self) -> str:
        return self.display


def precision_mismatch(value: datetime.date | None, precision: str) -> str | None:
    """Say what is wrong with a date/precision pair, or None when it is coherent."""
    if value is None and not precision:
        return None
    if value is None:
        return "A precision needs a date."
    if not precision:
        return "Give the precision of this date (year, month or day)."
    if precision == DatePrecision.YEAR and (value.month, value.day) != (1, 1):
        return "A year-precision date is stored as 1 January of that year."
    if precision == DatePrecision.MONTH and value.day != 1:
        return "A month-precision date is stored as the first day of that month."
    return None


_SCALES = [
    (Decimal(10) ** 12, "trillion", "tn"),
    (Decimal(10) ** 9, "billion", "bn"),
    (Decimal(10) ** 6, "million", "m"),
    (Decimal(10) ** 3, "thousand", "k"),
]

_LONG_PREFIX = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: "about ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.OVER: "over ",
    Qualifier.UP_TO: "up to ",
}

_SHORT_PREFIX = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: "~ ",
    Qualifier.AT_LEAST: "≥ ",
    Qualifier.OVER: "> ",
    Qualifier.UP_TO: "≤ ",
}


def short_forms() -> list[tuple[str, str]]:
    """What each symbol and abbreviation of the short forms means, for the legend
    beside a table that uses them: [(">", "over"), ..., ("bn", "billion")]."""
    symbols = [
        (short.strip(), _LONG_PREFIX[qualifier].strip())
        for qualifier, short in _SHORT_PREFIX.items()
        if short
    ]
    scales = [(abbreviation, word) for size, word, abbreviation in _SCALES]
    return symbols + [pair for pair in scales if pair[0] != "k"]


def _plain_number(number: Decimal) -> str:
    text = f"{number.normalize():f}"
    whole, _, fraction = text.partition(".")
    return f"{int(whole):,}" + (f".{fraction}" if fraction else "")


def _scaled(number: Decimal, short: bool) -> str:
    for size, word, abbreviation in _SCALES:
        if number >= size and size >= 10**6:
            figure = _plain_number(number / size)
            return f"{figure} {abbreviation if short else word}"
    return _plain_number(number)


def _multiples(number: Decimal) -> str:
    """100000 → "hundreds of thousands", 10000000 → "tens of millions"."""
    for size, word, _ in _SCALES:
        if number >= size:
            lead = number / size
            multiplier = {
                Decimal(1): "",
                Decimal(10): "tens of ",
                Decimal(100): "hundreds of ",
            }
            if lead in multiplier:
                return f"{multiplier[lead]}{word}s"
    if number == 10:
        return "tens"
    if number == 100:
        return "hundreds"
    return f"multiples of {_plain_number(number)}"


def format_amount(
    amount: Decimal | None, qualifier: str, unit: str = "", *, short: bool = False
) -> str:
    """Show a qualified amount as people write it.

    Money puts the currency first ("over USD 100 billion", short "> USD 100 bn");
    other units follow the figure ("up to 10 GW", "hundreds of thousands of GPUs").
    """
    if amount is None:
        return ""
    is_currency = len(unit) == 3 and unit.isalpha() and unit.isupper()
    if qualifier == Qualifier.MULTIPLES:
        words = _multiples(amount)
        if not unit:
            return words
        return f"{words} of {unit}"
    figure = _scaled(amount, short)
    prefix = (_SHORT_PREFIX if short else _LONG_PREFIX).get(qualifier, "")
    if is_currency:
        return f"{prefix}{unit} {figure}"
    return f"{prefix}{figure} {unit}".rstrip()


# -- what readers type in filters -------------------------------------------------

PERIOD_FORMATS = "YYYY (a year), YYYY-MM (a month) or YYYY-MM-DD (a day)"
_PERIOD = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?"
)


def parse_period(raw: str) -> PreciseDate:
    """A year, a month or a day as a reader writes it in a filter: "2031",
    "2031-06", "2031-06-15". The period keeps its precision, so a filter can
    take its first day or its last (`PreciseDate.first_day`, `.last_day`);
    anything else is a ValueError naming the accepted forms."""
    text = raw.strip()
    match = _PERIOD.fullmatch(text)
    if match is None:
        raise ValueError(f"“{raw}” is not a date: give {PERIOD_FORMATS}, e.g. 2031.")
    try:
        return period_of(match["year"], match["month"], match["day"])
    except ValueError:
        raise ValueError(
            f"“{raw}” is not a date in the calendar: give {PERIOD_FORMATS}."
        ) from None


def period_of(year: str, month: str | None, day: str | None) -> PreciseDate:
    """The period that a year and, if given, a month and a day name, at that
    precision; a ValueError if the calendar has no such day."""
    value = datetime.date(int(year), int(month or 1), int(day or 1))
    if day:
        return PreciseDate(value, DatePrecision.DAY)
    return PreciseDate(value, DatePrecision.MONTH if month else DatePrecision.YEAR)


AMOUNT_FORMATS = (
    "a number (10000000000, 10,000,000,000, 1e10, 12.5) optionally followed by a scale: "
    "k or thousand, m or million, bn or billion, tn or trillion "
    "(10bn, 10 billion, 500m)"
)
_WORDS = {abbreviation: size for size, word, abbreviation in _SCALES} | {
    word: size for size, word, _ in _SCALES
}
_AMOUNT = re.compile(
    r"(?P<number>[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:e[-+]?[0-9]{1,3})?)"
    r"\s*(?P<scale>[a-z]*)",
    re.IGNORECASE,
)
MAX_AMOUNT = Decimal("1e50")


def parse_amount(raw: str) -> Decimal:
    """An amount as a reader writes it: "10000000000", "1e10", "10bn",
    "10 billion", "500m", "1.5 tn", "10,000,000,000" (no currency: that is a filter of its own).
    Anything else, a negative number included, is a ValueError naming the
    accepted forms."""
    match = _AMOUNT.fullmatch(raw.strip())
    scale = _WORDS.get(match["scale"].lower()) if match else None
    if match is None or (match["scale"] and scale is None):
        raise ValueError(f"“{raw}” is not an amount: give {AMOUNT_FORMATS}.")
    amount = Decimal(match["number"].replace(",", "")) * (scale or 1)
    if amount < 0:
        raise ValueError(f"“{raw}” is below zero: an amount is 0 or more.")
    if amount > MAX_AMOUNT:
        raise ValueError(f"“{raw}” is more than any amount recorded (at most 1e50).")
    return amount
