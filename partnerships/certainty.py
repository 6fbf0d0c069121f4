"""How sure a reported term is, and who says so.

"可能超過1000億美元" is not "over USD 100 billion": the investment *may* exceed
that figure, and it is the press relaying unnamed sources, not the parties
announcing it. So each term of an agreement (its value, each commitment, its
exclusivity, right of first refusal, status and dates) carries what the editors
read in its source:

- a *basis*: who asserts it (the parties, a party's executive, the press from
  named or unnamed sources, an analyst);
- a *modality*: how firmly (a fact, planned, expected, possible, denied).

`Certainty.display()` is the one way a term is shown with them, on the pages,
in the lists, the API, CSV, the feed and the admin, so that nothing is ever
shown surer than its source: "may exceed USD 100 billion (reported, unnamed
sources)". `tier` says which totals a value may join: a possible value is never
added to an announced one.
"""

from dataclasses import dataclass

from django.db import models


class Basis(models.TextChoices):
    ANNOUNCED = "announced", "Announced by the parties"
    EXECUTIVE = "executive", "Stated by a party's executive"
    REPORTED = "reported", "Reported by the press from named sources"
    UNNAMED_SOURCES = "unnamed_sources", "Reported from unnamed sources"
    ESTIMATED = "estimated", "Estimated by an analyst"


class Modality(models.TextChoices):
    FACT = "fact", "Fact"
    PLANNED = "planned", "Planned or intended"
    EXPECTED = "expected", "Expected"
    POSSIBLE = "possible", "Possible (“may”)"
    DENIED = "denied", "Denied"


class Tier(models.TextChoices):
    """What a value may be added to: totals keep each tier apart."""

    ANNOUNCED = "announced", "Announced"
    REPORTED = "reported", "Reported"
    UNCERTAIN = "uncertain", "Planned, expected or possible"
    DENIED = "denied", "Denied"


# The basis in a few words, after the term: "USD 38 billion (announced)".
BASIS_SHORT = {
    Basis.ANNOUNCED: "announced",
    Basis.EXECUTIVE: "stated by an executive",
    Basis.REPORTED: "reported",
    Basis.UNNAMED_SOURCES: "reported, unnamed sources",
    Basis.ESTIMATED: "analyst estimate",
}

_MODALITY_PREFIX = {
    Modality.FACT: "",
    Modality.PLANNED: "planned: ",
    Modality.EXPECTED: "expected: ",
    Modality.POSSIBLE: "possibly ",
    Modality.DENIED: "denied: ",
}

# "possibly over USD 100 billion" reads better as the source puts it.
_POSSIBLY_OVER = {"over ": "may exceed ", "> ": "may exceed "}

NOT_RECORDED = "certainty not recorded"


@dataclass(frozen=True)
class Certainty:
    basis: str
    modality: str

    def hedge(self, phrase: str) -> str:
        """The term's words with the modality they were reported with:
        "may exceed USD 100 billion", "planned: up to 10 GW"."""
        if not phrase:
            return phrase
        if self.modality == Modality.POSSIBLE:
            for plain, hedged in _POSSIBLY_OVER.items():
                if phrase.startswith(plain):
                    return hedged + phrase.removeprefix(plain)
        return _MODALITY_PREFIX.get(self.modality, "") + phrase

    @property
    def label(self) -> str:
        """ "reported, unnamed sources", or with the modality when it is not a fact:
        "possible; reported, unnamed sources"."""
        basis = BASIS_SHORT.get(self.basis, self.basis)
        if self.modality == Modality.FACT:
            return basis
        return f"{self.modality}; {basis}"

    def display(self, phrase: str) -> str:
        """ "may exceed USD 100 billion (reported, unnamed sources)"."""
        if not phrase:
            return phrase
        return f"{self.hedge(phrase)} ({BASIS_SHORT.get(self.basis, self.basis)})"

    @property
    def tier(self) -> str:
        if self.modality == Modality.DENIED:
            return Tier.DENIED
        if self.modality != Modality.FACT:
            return Tier.UNCERTAIN
        if self.basis in (Basis.ANNOUNCED, Basis.EXECUTIVE):
            return Tier.ANNOUNCED
        return Tier.REPORTED


def display(phrase: str, certainty: Certainty | None) -> str:
    """A term as readers see it, its certainty included or said to be missing."""
    if not phrase:
        return phrase
    if certainty is None:
        return f"{phrase} ({NOT_RECORDED})"
    return certainty.display(phrase)


def hedge(phrase: str, certainty: Certainty | None) -> str:
    """A term's words with their modality, without the basis: for tables."""
    return certainty.hedge(phrase) if certainty else phrase


def tier_of(basis: str | None, modality: str | None) -> str:
    """The totals tier of a value whose certainty may not be recorded: an
    unrecorded one counts as uncertain, never as announced."""
    if not basis or not modality:
        return Tier.UNCERTAIN
    return Certainty(basis, modality).tier
