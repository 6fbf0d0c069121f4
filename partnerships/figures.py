"""Headline figures, summed honestly.

Values are summed apart by certainty (`partnerships.certainty.Tier`): what the
parties announced, what the press reports, and what is only planned, expected
or possible. A possible "over USD 100 billion" is never added to an announced
"USD 38 billion"; the reader sees the announced total, each other tier with its
label, and the range the announced total would reach if every reported and
possible value held. Denied values are not counted.

Within a tier, adding "over USD 100 billion" to "USD 38 billion" gives "at least
USD 138 billion", not "USD 138 billion"; adding an "about" or an "up to" figure
makes the total neither exact nor a lower bound, and the reader is told so.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from partnerships.certainty import Tier, tier_of
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

    def add(self, amount: Decimal, qualifier: str, count: int) -> None:
        self.agreements += count
        if qualifier in LOWER_BOUNDS:
            self.lower_bounds += amount
        elif qualifier == Qualifier.ABOUT:
            self.approximate += amount
        elif qualifier == Qualifier.UP_TO:
            self.upper_bounds += amount
        else:
            self.exact += amount


TIER_LABELS = {
    Tier.ANNOUNCED: "Announced by the parties or their executives",
    Tier.REPORTED: "Reported by the press or estimated",
    Tier.UNCERTAIN: "Planned, expected or possible",
}


@dataclass
class TieredTotal:
    """One currency's values, summed apart by certainty."""

    currency: str
    tiers: dict[str, CurrencyTotal] = field(default_factory=dict)

    @property
    def announced(self) -> CurrencyTotal | None:
        return self.tiers.get(Tier.ANNOUNCED)

    @property
    def rows(self) -> list[tuple[str, CurrencyTotal]]:
        """Each tier with a value, labelled, surest first."""
        return [
            (label, self.tiers[tier])
            for tier, label in TIER_LABELS.items()
            if tier in self.tiers
        ]

    @property
    def with_everything(self) -> CurrencyTotal:
        """What the total would be if every reported and possible value held."""
        combined = CurrencyTotal(self.currency)
        for total in self.tiers.values():
            combined.exact += total.exact
            combined.lower_bounds += total.lower_bounds
            combined.approximate += total.approximate
            combined.upper_bounds += total.upper_bounds
            combined.agreements += total.agreements
        return combined

    @property
    def is_range(self) -> bool:
        return set(self.tiers) != {Tier.ANNOUNCED}

    @property
    def total(self) -> Decimal:
        return self.with_everything.total


def value_totals(rows: list[dict]) -> list[TieredTotal]:
    """Totals per currency and certainty tier from rows of `currency`,
    `qualifier`, `basis`, `modality`, `amount`, `count`.

    Currencies are never converted: each is summed on its own.
    """
    totals: dict[str, TieredTotal] = {}
    for row in rows:
        tier = tier_of(row["basis"], row["modality"])
        if tier == Tier.DENIED:
            continue
        currency = row["currency"]
        tiered = totals.setdefault(currency, TieredTotal(currency))
        total = tiered.tiers.setdefault(tier, CurrencyTotal(currency))
        total.add(row["amount"] or Decimal(0), row["qualifier"], row["count"])
    return sorted(totals.values(), key=lambda total: (-total.total, total.currency))
