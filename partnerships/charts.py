"""Geometry for the timeline and the network, drawn as SVG by the templates.

The server works out every coordinate, so the charts need no JavaScript; each
template also lists the same facts as a table for screen readers and for
agreements the chart cannot place (no reported date, no recorded counterparty).
"""

import datetime
import math
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from partnerships.certainty import BASIS_SHORT, NOT_RECORDED, Modality
from partnerships.certainty import display as certainty_display
from partnerships.groups import top_owners
from partnerships.models import (
    Agreement,
    AgreementStatus,
    Commitment,
    Company,
    PartyRole,
    Term,
)
from partnerships.qualified import PreciseDate

# Each at least 3:1 against the white background (WCAG non-text contrast), and
# none the amber of the focus outline (site.css --focus).
STATUS_COLOURS = {
    AgreementStatus.ANNOUNCED: ("Announced", "#1d4ed8"),
    AgreementStatus.ACTIVE: ("Active", "#15803d"),
    AgreementStatus.ENDED: ("Ended", "#4b5563"),
    AgreementStatus.SUPERSEDED: ("Superseded", "#6d28d9"),
}

TIMELINE_WIDTH = 960
TIMELINE_LEFT = 16
TIMELINE_RIGHT = 944
ROW_HEIGHT = 52
AXIS_HEIGHT = 40
STUB = 10  # the gap before "start not reported" beside a known end


@dataclass
class Span:
    """A stretch of the axis: the period a date covers (all of 2030 for
    "through 2030"), or the years an agreement surely runs between them."""

    x: float
    width: float


@dataclass
class Milestone:
    """A dated step of a commitment: "first systems online", 2026."""

    commitment: Commitment
    date: PreciseDate
    text: str  # with its certainty: "planned: first systems online 2026 (...)"
    span: Span | None = None

    @property
    def x(self) -> float:
        return round(self.span.x + self.span.width / 2, 1)

    @property
    def end_x(self) -> float:
        return round(self.span.x + self.span.width, 1)

    @property
    def label_x(self) -> float:
        return round(self.x + 12, 1)


@dataclass
class TimelineRow:
    agreement: Agreement
    colour: str
    start_text: str
    end_text: str
    start: PreciseDate | None = None
    end: PreciseDate | None = None
    milestones: list[Milestone] = field(default_factory=list)
    y: float = 0
    start_period: Span | None = None
    end_period: Span | None = None
    bar: Span | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def start_known(self) -> bool:
        return self.start is not None

    @property
    def end_known(self) -> bool:
        return self.end is not None

    @property
    def label_y(self) -> float:
        return self.y + 16

    @property
    def bar_y(self) -> float:
        return self.y + 24

    @property
    def mark_y(self) -> float:
        """The middle of the bar: where milestones and notes sit."""
        return self.y + 31

    @property
    def note_y(self) -> float:
        return self.y + 36

    @property
    def unknown_start_x(self) -> float | None:
        """Where "start not reported" ends, just before the known end."""
        if self.start is None and self.end_period is not None:
            return round(self.end_period.x - STUB, 1)
        return None

    @property
    def unknown_end_x(self) -> float | None:
        if self.end is None and self.start_period is not None:
            return round(self.start_period.x + self.start_period.width + STUB, 1)
        return None


@dataclass
class Timeline:
    rows: list[TimelineRow]
    ticks: list[tuple[float, str]] = field(default_factory=list)
    height: float = 0
    width: int = TIMELINE_WIDTH
    right: int = TIMELINE_RIGHT
    today_x: float | None = None

    @property
    def drawn(self) -> list[TimelineRow]:
        return [row for row in self.rows if row.dated or row.milestones]


def _start(agreement: Agreement) -> tuple[PreciseDate | None, str]:
    """The start, and in words with how sure it is ("announced 2025 (reported)")."""
    if agreement.announced:
        shown = agreement.term_shown(Term.ANNOUNCED)
        return agreement.announced, f"announced {shown}"
    if agreement.effective:
        shown = agreement.term_shown(Term.EFFECTIVE)
        return agreement.effective, f"effective {shown}"
    return None, "start not reported"


def _end(agreement: Agreement) -> tuple[PreciseDate | None, str]:
    if agreement.ended:
        return agreement.ended, f"ended {agreement.term_shown(Term.ENDED)}"
    if agreement.expires:
        shown = agreement.term_shown(Term.EXPIRES)
        return agreement.expires, f"through {shown}"
    return None, "no end reported"


def _milestones(agreement: Agreement) -> list[Milestone]:
    """The dated steps of the agreement's commitments (`public_milestones`),
    each with the certainty of its commitment."""
    milestones = []
    for commitment in getattr(agreement, "public_milestones", []):
        date = commitment.milestone_date
        phrase = f"{commitment.milestone} {date.display}"
        certainty = agreement.certainty(Term.COMMITMENT, commitment.pk)
        milestones.append(
            Milestone(commitment, date, certainty_display(phrase, certainty))
        )
    return milestones


def timeline(agreements: list[Agreement], today: datetime.date) -> Timeline:
    """A calendar of terms: each agreement on a time axis from start to end.

    A date covers its whole period ("through 2030" is all of 2030, drawn as a
    lighter block), the bar runs between the two; an unknown start or end is
    written as unknown beside what is known, never drawn from the axis's edge;
    milestones of commitments are points; an agreement with no date at all is
    a row that says so.
    """
    rows = []
    known: list[datetime.date] = [today]
    for agreement in agreements:
        start, start_text = _start(agreement)
        end, end_text = _end(agreement)
        row = TimelineRow(
            agreement=agreement,
            colour=STATUS_COLOURS[agreement.status][1],
            start_text=start_text,
            end_text=end_text,
            start=start,
            end=end,
            milestones=_milestones(agreement),
        )
        if not row.dated:
            row.start_text = row.end_text = "dates not reported"
        for date in (start, end, *(m.date for m in row.milestones)):
            if date is not None:
                known += [date.first_day, date.last_day]
        rows.append(row)
    # Dated agreements first, in the order of their start, then those with a
    # milestone, then the rest.
    rows.sort(key=lambda row: (not row.dated, not row.milestones))
    first = datetime.date(min(known).year, 1, 1)
    last = datetime.date(max(known).year + 1, 1, 1)
    span = (last - first).days

    def x(day: datetime.date) -> float:
        offset = (day - first).days / span
        return round(TIMELINE_LEFT + offset * (TIMELINE_RIGHT - TIMELINE_LEFT), 1)

    def period(date: PreciseDate) -> Span:
        start = x(date.first_day)
        end = x(date.last_day + datetime.timedelta(days=1))
        return Span(start, max(round(end - start, 1), 3))

    chart = Timeline(rows=rows, today_x=x(today))
    for index, row in enumerate(rows):
        row.y = AXIS_HEIGHT + index * ROW_HEIGHT
        if row.start:
            row.start_period = period(row.start)
        if row.end:
            row.end_period = period(row.end)
        if row.start_period and row.end_period:
            left = row.start_period.x + row.start_period.width
            row.bar = Span(left, max(round(row.end_period.x - left, 1), 0))
        for milestone in row.milestones:
            milestone.span = period(milestone.date)
    years = range(first.year, last.year + 1)
    step = max(1, math.ceil(len(years) / 12))
    chart.ticks = [
        (x(datetime.date(year, 1, 1)), str(year))
        for year in years
        if (year - first.year) % step == 0
    ]
    chart.height = AXIS_HEIGHT + max(len(rows), 1) * ROW_HEIGHT + 8
    return chart


NETWORK_WIDTH = 800
NETWORK_TOP = 56
NETWORK_ROW = 68
BUYERS_X = 140
SELLERS_X = 560
# Where along its curve an edge is labelled: near the seller, where the arrows
# from one buyer have fanned out, or, where that label would cover another,
# the first of the other places that leaves it clear.
LABEL_PLACES = (0.68, 0.58, 0.78, 0.5, 0.42, 0.35, 0.28)
LABEL_CHAR_WIDTH = 6.8  # about, at 13px
LABEL_HEIGHT = 16
LABEL_MARGIN = 8  # between a label and the chart's edge
NODE_CHAR_WIDTH = 9.5  # a company's name, at 15px: wide enough for digits
CURVE_SPACING = 40

# Who buys from whom: the edge runs from a party in the first set of roles to
# a party in the second (customer → provider). Partners are joined undirected.
BUYING_ROLES = (PartyRole.CUSTOMER, PartyRole.LICENSEE, PartyRole.INVESTOR)
SELLING_ROLES = (
    PartyRole.PROVIDER,
    PartyRole.SUPPLIER,
    PartyRole.LICENSOR,
    PartyRole.INVESTEE,
)


@dataclass
class Node:
    """A company, or in a chart of groups the company with what it owns
    (`members`, itself first)."""

    company: Company
    x: float = 0
    y: float = 0
    degree: int = 0
    label_x: float = 0
    label_y: float = 0
    anchor: str = "start"
    members: list[Company] = field(default_factory=list)
    buys: bool = False

    @property
    def radius(self) -> float:
        return round(7 + 2.5 * math.sqrt(self.degree), 1)

    @property
    def is_group(self) -> bool:
        return len(self.members) > 1

    @property
    def label(self) -> str:
        return f"{self.company.name} (group)" if self.is_group else self.company.name


@dataclass
class Edge:
    """One agreement between two nodes: from the buyer to the seller when the
    parties' roles say who buys (`directed`), else between partners."""

    agreement: Agreement
    source: Node
    target: Node
    directed: bool
    path: str = ""
    colour: str = ""
    label_x: float = 0
    label_y: float = 0

    @property
    def status_key(self) -> str:
        return self.agreement.status

    @property
    def value_label(self) -> str:
        """The value with how sure it is, "may exceed USD 100 bn (possible;
        reported, unnamed sources)", or that none was reported."""
        value = self.agreement.value_hedged_short
        if not value:
            return "no value reported"
        certainty = self.agreement.value_certainty
        return f"{value} ({certainty.label if certainty else NOT_RECORDED})"

    @property
    def short_label(self) -> str:
        """For the chart: "may exceed USD 100 bn (possible)", "USD 38 bn
        (announced)": the hedge always, and the modality, or when the value is
        a fact, who says so; the table and the link's title say it all."""
        value = self.agreement.value_hedged_short
        if not value:
            return "no value reported"
        certainty = self.agreement.value_certainty
        if certainty is None:
            return f"{value} ({NOT_RECORDED})"
        if certainty.modality == Modality.FACT:
            return f"{value} ({BASIS_SHORT.get(certainty.basis, certainty.basis)})"
        return f"{value} ({certainty.modality})"

    @property
    def relation(self) -> str:
        """In words: "OpenAI buys from Amazon Web Services"."""
        if self.directed:
            return f"{self.source.label} buys from {self.target.label}"
        return f"{self.source.label} and {self.target.label}, partners"


@dataclass
class Network:
    nodes: list[Node]
    edges: list[Edge]
    ownership: list[tuple[Node, Node]]
    linked: list[Agreement]
    unlinked: list[Agreement]
    within_groups: list[Agreement] = field(default_factory=list)
    grouped: bool = False
    width: int = NETWORK_WIDTH
    height: int = 0
    buyers_x: int = BUYERS_X
    sellers_x: int = SELLERS_X

    @property
    def groups(self) -> list[Node]:
        return [node for node in self.nodes if node.is_group]

    @property
    def directed(self) -> list[Edge]:
        return [edge for edge in self.edges if edge.directed]

    @property
    def undirected(self) -> list[Edge]:
        return [edge for edge in self.edges if not edge.directed]


def companies_in(agreements: list[Agreement]) -> set[int]:
    """The companies party to `agreements` (as `public_parties` holds them)."""
    return {
        party.company_id
        for agreement in agreements
        for party in agreement.public_parties
    }


def _ends(agreement: Agreement, drawn_as) -> list[tuple[Company, Company, bool]]:
    """The pairs an agreement joins, each (from, to, directed), as drawn."""
    buyers, sellers, others = {}, {}, {}
    for party in agreement.public_parties:
        company = drawn_as(party.company)
        if party.role in BUYING_ROLES:
            buyers[company.pk] = company
        elif party.role in SELLING_ROLES:
            sellers[company.pk] = company
        else:
            others[company.pk] = company
    pairs = [
        (buyer, seller, True)
        for buyer in buyers.values()
        for seller in sellers.values()
        if buyer.pk != seller.pk
    ]
    if pairs:
        return pairs
    everyone = sorted(
        {**buyers, **sellers, **others}.values(), key=lambda company: company.name
    )
    return [
        (one, other, False)
        for i, one in enumerate(everyone)
        for other in everyone[i + 1 :]
    ]


def _curve(one: Node, other: Node, bend: float, directed: bool):
    """A quadratic curve from `one` to `other` bent sideways by `bend`, ending
    at the edge of `other`'s circle when an arrow marks it: its path and its
    point at `t` (0 at `one`, 1 at `other`)."""
    dx, dy = other.x - one.x, other.y - one.y
    length = math.hypot(dx, dy) or 1
    normal_x, normal_y = -dy / length, dx / length
    control_x = (one.x + other.x) / 2 + normal_x * bend
    control_y = (one.y + other.y) / 2 + normal_y * bend
    end_x, end_y = other.x, other.y
    if directed:
        back_x, back_y = control_x - other.x, control_y - other.y
        back = math.hypot(back_x, back_y) or 1
        end_x += back_x / back * (other.radius + 3)
        end_y += back_y / back * (other.radius + 3)

    def at(t: float) -> tuple[float, float]:
        x = (1 - t) ** 2 * one.x + 2 * (1 - t) * t * control_x + t**2 * end_x
        y = (1 - t) ** 2 * one.y + 2 * (1 - t) * t * control_y + t**2 * end_y
        return round(x, 1), round(y, 1)

    path = (
        f"M {one.x} {one.y} Q {round(control_x, 1)} {round(control_y, 1)} "
        f"{round(end_x, 1)} {round(end_y, 1)}"
    )
    return path, at


def _text_width(text: str, char_width: float = LABEL_CHAR_WIDTH) -> float:
    """About how wide `text` is drawn, `char_width` a letter: Chinese and
    Japanese characters take twice that."""
    return char_width * sum(
        2 if unicodedata.east_asian_width(character) in "WF" else 1
        for character in text
    )


def _label_box(text: str, x: float, y: float) -> tuple[float, float, float, float]:
    half = _text_width(text) / 2
    return (x - half, y - LABEL_HEIGHT + 4, x + half, y + 4)


def _overlaps(box, boxes) -> bool:
    return any(
        box[0] < other[2]
        and other[0] < box[2]
        and box[1] < other[3]
        and other[1] < box[3]
        for other in boxes
    )


def network(
    agreements: list[Agreement], owned: list[Company], *, grouped: bool = False
) -> Network:
    """Who buys from whom: buyers in a column on the left, the companies they
    buy from (and everyone else) on the right, one arrow per agreement from
    customer to provider, labelled with its value and how sure that is.

    `agreements` carry `public_parties` and `current_reports`; `owned` are
    published companies with a published parent, drawn as dashed ownership
    lines to the owners of the companies in agreements (the view reads just
    those, `companies_in`); or, `grouped`, drawn inside their top owner's node
    (`partnerships.groups`), so that arrows join groups and an agreement within
    one group is listed, not drawn.
    """
    tops = top_owners(owned) if grouped else {}
    nodes: dict[int, Node] = {}

    def drawn_as(company: Company) -> Company:
        return tops.get(company.pk, company)

    def node(company: Company) -> Node:
        return nodes.setdefault(company.pk, Node(company, members=[company]))

    edges: list[Edge] = []
    linked, unlinked, within_groups = [], [], []
    for agreement in agreements:
        companies = {party.company.pk for party in agreement.public_parties}
        pairs = _ends(agreement, drawn_as)
        if not pairs:
            (within_groups if len(companies) > 1 else unlinked).append(agreement)
            continue
        linked.append(agreement)
        joined = {}
        for one, other, directed in pairs:
            joined[one.pk], joined[other.pk] = one, other
            source, target = node(one), node(other)
            source.buys = source.buys or directed
            edges.append(Edge(agreement, source, target, directed))
        for company in joined.values():
            node(company).degree += 1
    # Ownership only of the companies in an agreement drawn: each one's owner.
    # What they own is drawn where it is in an agreement drawn too; the rest
    # grew with the data (at L, 184 companies beside the 66 in agreements).
    in_agreements = set(nodes)
    for company in sorted(owned, key=lambda company: company.name):
        if grouped:
            group = nodes.get(drawn_as(company).pk)
            if group is not None:
                group.members.append(company)
        elif company.pk in in_agreements:
            node(company.parent)

    by_name = sorted(nodes.values(), key=lambda item: item.company.name)
    buyers = [item for item in by_name if item.buys]
    rank = {id(item): index for index, item in enumerate(buyers)}

    def near_its_buyers(item: Node) -> float:
        seen = [rank.get(id(e.source)) for e in edges if e.target is item]
        seen += [rank.get(id(e.target)) for e in edges if e.source is item]
        seen = [index for index in seen if index is not None]
        return sum(seen) / len(seen) if seen else len(buyers)

    # Sellers near the buyers they sell to; a company in no drawn agreement
    # (an owner, or what one owns) next to its owner or what it owns.
    others = [item for item in by_name if not item.buys]
    place = {
        id(item): (near_its_buyers(item), item.company.name, 0)
        for item in others
        if item.degree
    }
    family = {id(item): [] for item in others}
    for company in owned:
        child, parent = nodes.get(company.pk), nodes.get(drawn_as(company.parent).pk)
        if child is not None and parent is not None and child is not parent:
            family.setdefault(id(child), []).append(parent)
            family.setdefault(id(parent), []).append(child)
    for item in others:
        if id(item) not in place:
            kin = [place[id(k)] for k in family.get(id(item), []) if id(k) in place]
            place[id(item)] = (
                (*min(kin)[:2], 1) if kin else (len(buyers) + 1, item.company.name, 0)
            )
    sellers = sorted(others, key=lambda item: (*place[id(item)], item.company.name))
    rows = max(len(buyers), len(sellers), 1)
    height = NETWORK_TOP + rows * NETWORK_ROW

    def reach(column: list[Node]) -> float:
        """How far the column's labels reach from its points."""
        return max(
            (
                item.radius + 8 + _text_width(item.label, NODE_CHAR_WIDTH)
                for item in column
            ),
            default=0,
        )

    # The columns move right, and the chart widens, to hold the longest
    # names: a long buyer's name ran off the chart's left edge.
    buyers_x = max(BUYERS_X, math.ceil(reach(buyers) + LABEL_MARGIN))
    sellers_x = buyers_x + SELLERS_X - BUYERS_X
    width = max(
        NETWORK_WIDTH + buyers_x - BUYERS_X,
        math.ceil(sellers_x + reach(sellers) + LABEL_MARGIN),
    )
    for column, x, anchor in ((buyers, buyers_x, "end"), (sellers, sellers_x, "start")):
        spacing = (height - NETWORK_TOP) / max(len(column), 1)
        for index, item in enumerate(column):
            item.x = x
            item.y = round(NETWORK_TOP + spacing * (index + 0.5), 1)
            item.anchor = anchor
            offset = item.radius + 8
            item.label_x = x - offset if anchor == "end" else x + offset
            item.label_y = round(item.y + 5, 1)

    between: dict[tuple[int, int], list[Edge]] = defaultdict(list)
    for edge in edges:
        key = tuple(sorted((edge.source.company.pk, edge.target.company.pk)))
        between[key].append(edge)
    labels: list[tuple[float, float, float, float]] = []
    for shared in between.values():
        for index, edge in enumerate(shared):
            bend = (index - (len(shared) - 1) / 2) * CURVE_SPACING
            edge.path, at = _curve(edge.source, edge.target, bend, edge.directed)
            places = [at(t) for t in LABEL_PLACES]
            clear = [
                place
                for place in places
                if not _overlaps(_label_box(edge.short_label, *place), labels)
            ]
            edge.label_x, edge.label_y = (clear or places)[0]
            labels.append(_label_box(edge.short_label, edge.label_x, edge.label_y))
            edge.colour = STATUS_COLOURS[edge.agreement.status][1]
    ownership = [
        (nodes[company.pk], nodes[company.parent.pk])
        for company in owned
        if not grouped and company.pk in nodes
    ]
    return Network(
        nodes=by_name,
        edges=edges,
        ownership=ownership,
        linked=linked,
        unlinked=unlinked,
        within_groups=within_groups,
        grouped=grouped,
        width=width,
        height=round(height + 16),
        buyers_x=buyers_x,
        sellers_x=sellers_x,
    )
