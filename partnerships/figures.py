"""Headline figures, summed honestly.

Adding "over USD 100 billion" to "USD 38 billion" gives "at least USD 138
billion", not "USD 138 billion"; adding an "about" or an "up to" figure makes the
total neither exact nor a lower bound, and the reader is told so.
"""

from dataclasses import dataclass
from decimal import Decimal

from partnerships.qualified import Qualifier, format_amount

# "hundreds of billions" is at least one hundred billion.
LOWER_BOUNDS = {Qualifier.AT_LEAST, Qualifier.OVER, Qualifier.MULTIPLES}


@dataclass
class CurrencyTotal:
    currency: str
    exact: Decimal = Decimal(0)
    lower_bounds: Decimal = Decimal(0)
    approximate: Decimal = Decimal(0)
    upper_bounds: Decimal = Decimal(0)
    agreements: int = 0

    @property
    def total(self) -> Decimal:
        return self.exact + self.lower_bounds + self.approximate + self.upper_bounds

    @property
    def display(self) -> str:
        """“USD 38 billion”, “at least USD 138 billion”, “about USD 40 billion”."""
        if self.approximate or self.upper_bounds:
            only_about = not self.upper_bounds and not self.lower_bounds
            qualifier = Qualifier.ABOUT if only_about else Qualifier.EXACT
        elif self.lower_bounds:
            qualifier = Qualifier.AT_LEAST
        else:
            qualifier = Qualifier.EXACT
        return format_amount(self.total, qualifier, self.currency)

    @property
    def notes(self) -> list[str]:
        """What the reader must know to read the total: the parts that are not exact."""

        def amount(value: Decimal) -> str:
            return format_amount(value, Qualifier.EXACT, self.currency)

        mixed = self.approximate or self.upper_bounds
        notes = []
        if self.lower_bounds and mixed:
            notes.append(
                f"{amount(self.lower_bounds)} of it is given as a lower bound "
                "(“over”, “at least”), so the real figure may be higher"
            )
        if self.approximate and (self.lower_bounds or self.upper_bounds):
            notes.append(f"{amount(self.approximate)} of it is approximate (“about”)")
        if self.upper_bounds:
            notes.append(
                f"{amount(self.upper_bounds)} of it is given as an upper bound "
                "(“up to”), counted at its maximum"
            )
        return notes


def value_totals(rows: list[dict]) -> list[CurrencyTotal]:
    """Totals per currency from rows of `currency`, `qualifier`, `amount`, `count`.

    Currencies are never converted: each is summed on its own.
    """
    totals: dict[str, CurrencyTotal] = {}
    for row in rows:
        currency = row["currency"]
        total = totals.setdefault(currency, CurrencyTotal(currency))
        total.agreements += row["count"]
        amount = row["amount"] or Decimal(0)
        qualifier = row["qualifier"]
        if qualifier in LOWER_BOUNDS:
            total.lower_bounds += amount
        elif qualifier == Qualifier.ABOUT:
            total.approximate += amount
        elif qualifier == Qualifier.UP_TO:
            total.upper_bounds += amount
        else:
            total.exact += amount
    return sorted(totals.values(), key=lambda total: (-total.total, total.currency))
