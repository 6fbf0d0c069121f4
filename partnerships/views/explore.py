"""Ways through all records: the timeline and the network."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.lookups import Exact
from django.http import HttpRequest
from django.template.response import TemplateResponse

from partnerships import charts, paging
from partnerships.browse import BadQuery, bad_request, with_params
from partnerships.models import (
    Agreement,
    AgreementParty,
    Commitment,
    Company,
)
from partnerships.views.public import (
    public_parties,
    public_readings,
)
from partnerships.visibility import PUBLIC
from readercache import counts


def single_values(request: HttpRequest, accepted: set[str]) -> dict[str, str]:
    """The query string, each parameter once and known to the page (BadQuery)."""
    unknown = sorted(set(request.GET) - accepted)
    if unknown:
        raise BadQuery(
            f"Unknown parameter {', '.join(unknown)}: this page accepts "
            f"{', '.join(sorted(accepted))}."
        )
    values = {}
    for name, given in request.GET.lists():
        if len(given) > 1:
            raise BadQuery(f"Give {name} only once.")
        if "\x00" in given[0]:
            raise BadQuery(f"{name} holds a NUL character, which no record has.")
        values[name] = given[0]
    return values


def chosen_company(slug: str | None) -> Company | None:
    """The published company named by `company`; a draft's slug is refused
    as an unknown one is."""
    if not slug:
        return None
    company = PUBLIC.named(Company, slug).first()
    if company is None:
        raise BadQuery(f"There is no company “{slug}” to show (company).")
    return company


def chosen_year(raw: str | None) -> int | None:
    if not raw:
        return None
    if not (raw.isdecimal() and len(raw) == 4 and int(raw) >= datetime.MINYEAR):
        raise BadQuery(f"“{raw}” is not a year (year): give four digits, like 2025.")
    return int(raw)


def starting_in(year: int) -> Q:
    """Agreements whose start (announcement, or failing that their effective
    date) falls in `year`: the timeline's rows for that year."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Q(announced_on__range=(first, last)) | Q(
        announced_on__isnull=True, effective_on__range=(first, last)
    )


def timeline(request: HttpRequest) -> TemplateResponse:
    """At most TIMELINE_ROWS agreements a page, in the order of their start:
    all of them, those starting in a `year`, or those a `company` is party to."""
    try:
        query = single_values(request, {"year", "company", "page"})
        year = chosen_year(query.get("year"))
        company = chosen_company(query.get("company"))
        number = paging.page_number(request, "page")
    except BadQuery as error:
        return bad_request(request, error)
    agreements = PUBLIC.records(Agreement)
    if year is not None:
        agreements = agreements.filter(starting_in(year))
    if company is not None:
        agreements = agreements.filter(
            pk__in=PUBLIC.links(AgreementParty)
            .filter(company=company)
            .values("agreement")
        )
    milestones = Prefetch(
        "commitments",
        queryset=PUBLIC.links(Commitment).filter(milestone_on__isnull=False),
        to_attr="public_milestones",
    )
    size = settings.TIMELINE_ROWS
    # The total comes with the page's rows, so that "showing 1–100 of 2,345"
    # costs no query of its own: a count of the selection run once (from the
    # index), not a window, which would read and sort every row of it.
    rows = list(
        agreements.annotate(selected=paging.counted(agreements))
        .prefetch_related(public_parties(), public_readings(), milestones)
        .order_by(
            F("announced_on").asc(nulls_last=True),
            F("effective_on").asc(nulls_last=True),
            "title",
            "pk",
        )[(number - 1) * size : number * size]
    )
    total = rows[0].selected if rows else 0
    if not rows and number > 1:
        total = agreements.count()
    section = paging.Section("page", number, size, total, request, "timeline-rows")
    try:
        section.check()
    except BadQuery as error:
        return bad_request(request, error)
    section.records = rows
    context = {
        "title": "Timeline of agreements",
        "description": (
            "A calendar of terms: each agreement from its start to its expiry "
            "or end, as precisely as reported, with its milestones."
        ),
        "chart": charts.timeline(rows, today=datetime.date.today()),
        "statuses": charts.STATUS_COLOURS,
        "section": section,
        "year": year,
        "company": company,
        "years": year
        and {
            "previous": with_params(request, year=str(year - 1)),
            "next": with_params(request, year=str(year + 1)),
            "all": with_params(request, year=None),
        },
        "all_companies_url": with_params(request, company=None),
    }
    return TemplateResponse(request, "partnerships/timeline.html", context)


def network_grouped(query: dict[str, str]) -> bool:
    """Whether the network asks for groups (`?groups=1`)."""
    value = query.get("groups")
    if value is None:
        return False
    if value != "1":
        raise BadQuery(
            f"“{value}” is not a value of groups: give groups=1 to draw each "
            "group as one node, or leave it out to draw each company."
        )
    return True


@dataclass(frozen=True)
class NetworkChoice:
    """The companies a network draws, how many companies its party rows name,
    and how many agreements between the companies drawn it could show."""

    nodes: list[int]
    companies: int
    agreements: int


def network_choice(company: Company | None, size: int) -> NetworkChoice:
    """The `size` companies party to the most agreements, or, around a
    `company`, itself and the companies it shares the most agreements with.
    Ranking every party row takes a fifth of a second at 100,000 agreements:
    the choice is kept until the next write (`readercache.counts`)."""
    parties = PUBLIC.links(AgreementParty)
    if company is not None:
        its_agreements = parties.filter(company=company).values("agreement")
        parties = parties.filter(agreement__in=its_agreements)
        named = paging.counted(parties, "company", distinct=True)
    else:
        # Every published company with a published party row: a probe per
        # company rather than grouping every party row.
        named = paging.counted(
            PUBLIC.records(Company).filter(
                Exists(parties.filter(company=OuterRef("pk")))
            )
        )
    ranked = list(
        parties.values("company")
        .annotate(agreements=Count("agreement", distinct=True), named=named)
        .order_by("-agreements", "company")
        .values_list("company", "named")[:size]
    )
    nodes = [node for node, _ in ranked]
    # An agreement joining two of the companies chosen, or one whose only
    # published party is one of them (listed, not drawn).
    alone = Exact(
        paging.counted(
            PUBLIC.links(AgreementParty).filter(agreement=OuterRef("agreement"))
        ),
        1,
    )
    between = (
        parties.filter(company__in=nodes)
        .values("agreement")
        .annotate(among_nodes=Count("pk"))
        .filter(Q(among_nodes__gte=2) | (Q(among_nodes=1) & Q(alone)))
    )
    return NetworkChoice(
        nodes=nodes,
        companies=ranked[0][1] if ranked else 0,
        agreements=between.count() if nodes else 0,
    )


def between_nodes(nodes: list[int]) -> QuerySet:
    """The published agreements between `nodes` (as `network_choice` counts
    them), asked of each agreement in turn: the most recent page is found
    along an index, without reading the tens of thousands of agreements that
    the most connected companies share."""
    parties = PUBLIC.links(AgreementParty).filter(agreement=OuterRef("pk"))
    return (
        PUBLIC.records(Agreement)
        .alias(
            among_nodes=paging.counted(parties.filter(company__in=nodes)),
            published_parties=paging.counted(parties),
        )
        .filter(Q(among_nodes__gte=2) | Q(among_nodes=1, published_parties=1))
    )


def network(request: HttpRequest) -> TemplateResponse:
    """The agreements between the NETWORK_NODES most connected companies, or
    those around one `company`: at most NETWORK_AGREEMENTS of them, the most
    recent first, so that the chart never grows with the data."""
    try:
        query = single_values(request, {"groups", "company"})
        grouped = network_grouped(query)
        company = chosen_company(query.get("company"))
    except BadQuery as error:
        return bad_request(request, error)
    size = settings.NETWORK_NODES
    choice = counts.remembered(
        "network",
        (company.pk if company else None, size),
        lambda: network_choice(company, size),
    )
    agreements = list(
        between_nodes(choice.nodes)
        .prefetch_related(public_parties(), public_readings())
        .order_by(F("announced_on").desc(nulls_last=True), "title", "pk")[
            : settings.NETWORK_AGREEMENTS
        ]
    )
    owned = PUBLIC.records(Company).filter(PUBLIC.condition("parent", Company))
    if not grouped:  # a group is drawn with every company in it
        owned = owned.filter(pk__in=charts.companies_in(agreements))
    owned = list(owned.select_related("parent"))
    if grouped:
        title = "Network of company groups"
        description = (
            "Each company with what it owns as one point, the agreements "
            "between groups as lines."
        )
    else:
        title = "Network of companies"
        description = "Companies as points, the agreements between them as lines."
    chart = charts.network(agreements, owned, grouped=grouped)
    context = {
        "title": title,
        "description": description,
        "chart": chart,
        "statuses": charts.STATUS_COLOURS,
        "company": company,
        "agreements_shown": len(agreements),
        "agreements_selected": choice.agreements,
        "companies_not_drawn": max(choice.companies - size, 0),
        "nodes_limit": size,
        "all_companies_url": with_params(request, company=None),
    }
    return TemplateResponse(request, "partnerships/network.html", context)
