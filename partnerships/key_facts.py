"""An agreement's key facts, read in five seconds: who does what with whom, and
each term with the footnote of the excerpt it rests on.

The sentence ("OpenAI buys cloud compute from Amazon Web Services") is built from
the parties' roles and the agreement's kind, never from its title, and is never
surer than the source: a status reported only as possible or planned puts the
hedge in front of it ("Possibly OpenAI and NVIDIA have a strategic partnership"),
through `partnerships.certainty`, the one place hedges are worded. An agreement
whose parties' roles say nothing definite gets no sentence: a wrong direction
would be worse than none.
"""

from partnerships.certainty import Certainty
from partnerships.certainty import hedge as certainty_hedge
from partnerships.models import AgreementKind, AgreementStatus, PartyRole, TermRow

# What a buyer does with a seller, by kind: (one buyer, several, in the past).
BUYS = {
    AgreementKind.CLOUD_COMPUTE: (
        "{buyer} buys cloud compute from {seller}",
        "{buyer} buy cloud compute from {seller}",
        "{buyer} bought cloud compute from {seller}",
    ),
    AgreementKind.CHIP_SUPPLY: (
        "{buyer} buys chips from {seller}",
        "{buyer} buy chips from {seller}",
        "{buyer} bought chips from {seller}",
    ),
    AgreementKind.API_DISTRIBUTION: (
        "{buyer} runs its APIs on {seller}’s cloud",
        "{buyer} run their APIs on {seller}’s cloud",
        "{buyer} ran APIs on {seller}’s cloud",
    ),
    AgreementKind.LICENSING: (
        "{buyer} licenses from {seller}",
        "{buyer} license from {seller}",
        "{buyer} licensed from {seller}",
    ),
}
INVESTS = (
    "{buyer} invests in {seller}",
    "{buyer} invest in {seller}",
    "{buyer} invested in {seller}",
)
PARTNERS = {
    AgreementKind.STRATEGIC_PARTNERSHIP: (
        "{partners} have a strategic partnership",
        "{partners} had a strategic partnership",
    ),
}
COOPERATE = ("{partners} cooperate on {kind}", "{partners} cooperated on {kind}")

BUYERS = {PartyRole.CUSTOMER, PartyRole.LICENSEE}
SELLERS = {PartyRole.PROVIDER, PartyRole.SUPPLIER, PartyRole.LICENSOR}


def names(parties: list) -> str:
    """ "OpenAI", "OpenAI and Oracle", "A, B and C"."""
    listed = list(dict.fromkeys(party.company.name for party in parties))
    if len(listed) == 1:
        return listed[0]
    return f"{', '.join(listed[:-1])} and {listed[-1]}"


def directed_sentence(agreement, parties: list, status: Certainty | None) -> str:
    """Who does what with whom, hedged as the status was reported; "" when the
    parties' roles do not say."""
    over = agreement.status in (AgreementStatus.ENDED, AgreementStatus.SUPERSEDED)
    roles = {party.role for party in parties}
    buyers = [party for party in parties if party.role in BUYERS]
    sellers = [party for party in parties if party.role in SELLERS]
    investors = [party for party in parties if party.role == PartyRole.INVESTOR]
    investees = [party for party in parties if party.role == PartyRole.INVESTEE]
    if buyers and sellers and agreement.kind in BUYS:
        forms = BUYS[agreement.kind]
        pair = (buyers, sellers)
    elif investors and investees:
        forms, pair = INVESTS, (investors, investees)
    elif len(parties) > 1 and roles == {PartyRole.PARTNER}:
        kind = agreement.get_kind_display().lower()
        present, past = PARTNERS.get(agreement.kind, COOPERATE)
        sentence = (past if over else present).format(
            partners=names(parties), kind=kind
        )
        return hedged(sentence, status)
    else:
        return ""
    buyer, seller = pair
    several = len({party.company_id for party in buyer}) > 1
    form = forms[2] if over else forms[1] if several else forms[0]
    return hedged(form.format(buyer=names(buyer), seller=names(seller)), status)


def hedged(sentence: str, status: Certainty | None) -> str:
    sentence = certainty_hedge(sentence, status)
    return sentence[:1].upper() + sentence[1:]


def number_footnotes(rows: list[TermRow], citations: list) -> None:
    """Give each row the footnote number of its current report's citation: its
    place, from 1, in the page's list of `citations`."""
    numbers = {citation.pk: number for number, citation in enumerate(citations, 1)}
    for row in rows:
        current = row.current
        row.note = numbers.get(current.citation_id) if current else None
