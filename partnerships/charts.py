"""Geometry for the timeline and the network, drawn as SVG by the templates.

The server works out every coordinate, so the charts need no JavaScript; each
template also lists the same facts as a table for screen readers and for
agreements the chart cannot place (no reported date, no recorded counterparty).
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from partnerships.groups import top_owners
from partnerships.models import Agreement, AgreementStatus, Company, Term

# Each at least 3:1 against the white background (WCAG non-text contrast).
STATUS_COLOURS = {
    AgreementStatus.ANNOUNCED: ("Announced", "#1d4ed8"),
    AgreementStatus.ACTIVE: ("Active", "#15803d"),
    AgreementStatus.ENDED: ("Ended", "#4b5563"),
    AgreementStatus.SUPERSEDED: ("Superseded", "#b45309"),
}

TIMELINE_WIDTH = 960
TIMELINE_LEFT = 16
TIMELINE_RIGHT = 944
ROW_HEIGHT = 46
AXIS_HEIGHT = 34


@dataclass
class TimelineRow:
    agreement: Agreement
    colour: str
    start_text: str
    end_text: str
    dated: bool
    y: float = 0
    x1: float = 0
    x2: float = 0
    start_known: bool = False
    end_known: bool = False

    @property
    def width(self) -> float:
        return max(self.x2 - self.x1, 4)

    @property
    def end_cap_x(self) -> float:
        return self.x2 - 6

    @property
    def label_y(self) -> float:
        return self.y + 14

    @property
    def bar_y(self) -> float:
        return self.y + 20


@dataclass
class Timeline:
    rows: list[TimelineRow]
    ticks: list[tuple[float, str]] = field(default_factory=list)
    height: float = 0
    width: int = TIMELINE_WIDTH
    today_x: float | None = None

    @property
    def drawn(self) -> list[TimelineRow]:
        return [row for row in self.rows if row.dated]


def _start(agreement: Agreement) -> tuple[datetime.date | None, str]:
    """The first day, and in words with how sure it is ("announced 2025 (reported)")."""
    if agreement.announced:
        shown = agreement.term_shown(Term.ANNOUNCED)
        return agreement.announced.first_day, f"announced {shown}"
    if agreement.effective:
        shown = agreement.term_shown(Term.EFFECTIVE)
        return agreement.effective.first_day, f"effective {shown}"
    return None, "start not reported"


def _end(agreement: Agreement) -> tuple[datetime.date | None, str]:
    if agreement.ended:
        return agreement.ended.last_day, f"ended {agreement.term_shown(Term.ENDED)}"
    if agreement.expires:
        shown = agreement.term_shown(Term.EXPIRES)
        return agreement.expires.last_day, f"through {shown}"
    return None, "open-ended: no end reported"


def timeline(agreements: list[Agreement], today: datetime.date) -> Timeline:
    """Bars from announcement (or effective date) to end (or expiry).

    An unknown start or end runs the bar to the edge of the axis, drawn dashed;
    an agreement with no date at all is only listed, as "dates not reported".
    """
    rows = []
    known: list[datetime.date] = [today]
    for agreement in agreements:
        start, start_text = _start(agreement)
        end, end_text = _end(agreement)
        dated = start is not None or end is not None
        if not dated:
            start_text, end_text = "dates not reported", "dates not reported"
        known += [day for day in (start, end) if day is not None]
        rows.append(
            TimelineRow(
                agreement=agreement,
                colour=STATUS_COLOURS[agreement.status][1],
                start_text=start_text,
                end_text=end_text,
                dated=dated,
                start_known=start is not None,
                end_known=end is not None,
            )
        )
    first = datetime.date(min(known).year, 1, 1)
    last = datetime.date(max(known).year + 1, 1, 1)
    span = (last - first).days

    def x(day: datetime.date) -> float:
        offset = (day - first).days / span
        return round(TIMELINE_LEFT + offset * (TIMELINE_RIGHT - TIMELINE_LEFT), 1)

    chart = Timeline(rows=rows, today_x=x(today))
    for index, row in enumerate(chart.drawn):
        start, _ = _start(row.agreement)
        end, _ = _end(row.agreement)
        row.y = AXIS_HEIGHT + index * ROW_HEIGHT
        row.x1 = x(start) if start else TIMELINE_LEFT
        row.x2 = x(end) if end else TIMELINE_RIGHT
    years = range(first.year, last.year + 1)
    step = max(1, math.ceil(len(years) / 12))
    chart.ticks = [
        (x(datetime.date(year, 1, 1)), str(year))
        for year in years
        if (year - first.year) % step == 0
    ]
    chart.height = AXIS_HEIGHT + max(len(chart.drawn), 1) * ROW_HEIGHT + 8
    return chart


NETWORK_WIDTH = 1000
NETWORK_HEIGHT = 570
NETWORK_RADIUS = 230
CURVE_SPACING = 36


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
    agreement: Agreement
    path: str
    colour: str


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
    height: int = NETWORK_HEIGHT

    @property
    def groups(self) -> list[Node]:
        return [node for node in self.nodes if node.is_group]


def network(
    agreements: list[Agreement], owned: list[Company], *, grouped: bool = False
) -> Network:
    """Companies on a circle, one curve per agreement between two of its parties.

    `agreements` carry `public_parties`; `owned` are published companies with a
    published parent, drawn as dashed ownership lines; or, `grouped`, drawn
    inside their top owner's node (`partnerships.groups`), so that curves join
    groups and an agreement within one group is listed, not drawn.
    """
    tops = top_owners(owned) if grouped else {}
    nodes: dict[int, Node] = {}

    def drawn_as(company: Company) -> Company:
        return tops.get(company.pk, company)

    def node(company: Company) -> Node:
        return nodes.setdefault(company.pk, Node(company, members=[company]))

    pairs: dict[tuple[int, int], list[Agreement]] = defaultdict(list)
    linked, unlinked, within_groups = [], [], []
    for agreement in agreements:
        companies = {
            party.company.pk: party.company for party in agreement.public_parties
        }
        ends = {
            drawn_as(company).pk: drawn_as(company) for company in companies.values()
        }
        ordered = sorted(ends.values(), key=lambda company: company.name)
        if len(ordered) < 2:
            (within_groups if len(companies) > 1 else unlinked).append(agreement)
            continue
        linked.append(agreement)
        for company in ordered:
            node(company).degree += 1
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pairs[(a.pk, b.pk)].append(agreement)
    for company in sorted(owned, key=lambda company: company.name):
        if grouped:
            node(drawn_as(company)).members.append(company)
        else:
            node(company)
            node(company.parent)

    placed = sorted(nodes.values(), key=lambda item: item.company.name)
    centre_x, centre_y = NETWORK_WIDTH / 2, NETWORK_HEIGHT / 2
    for index, item in enumerate(placed):
        angle = 2 * math.pi * index / max(len(placed), 1) - math.pi / 2
        cos, sin = math.cos(angle), math.sin(angle)
        item.x = round(centre_x + NETWORK_RADIUS * cos, 1)
        item.y = round(centre_y + NETWORK_RADIUS * sin, 1)
        item.label_x = round(centre_x + (NETWORK_RADIUS + 22) * cos, 1)
        item.label_y = round(centre_y + (NETWORK_RADIUS + 22) * sin + 5, 1)
        item.anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        if item.anchor == "middle":
            item.label_y += 10 if sin > 0 else -8

    edges = []
    for (a, b), shared in pairs.items():
        one, other = nodes[a], nodes[b]
        dx, dy = other.x - one.x, other.y - one.y
        length = math.hypot(dx, dy) or 1
        normal_x, normal_y = -dy / length, dx / length
        for index, agreement in enumerate(shared):
            bend = (index - (len(shared) - 1) / 2) * CURVE_SPACING
            control_x = round((one.x + other.x) / 2 + normal_x * bend, 1)
            control_y = round((one.y + other.y) / 2 + normal_y * bend, 1)
            edges.append(
                Edge(
                    agreement=agreement,
                    path=(
                        f"M {one.x} {one.y} Q {control_x} {control_y} "
                        f"{other.x} {other.y}"
                    ),
                    colour=STATUS_COLOURS[agreement.status][1],
                )
            )
    ownership = [
        (nodes[company.pk], nodes[company.parent.pk])
        for company in owned
        if not grouped
    ]
    return Network(
        nodes=placed,
        edges=edges,
        ownership=ownership,
        linked=linked,
        unlinked=unlinked,
        within_groups=within_groups,
        grouped=grouped,
    )
