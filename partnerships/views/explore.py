"""Ways through all records: the timeline and the network."""

import datetime

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, Window
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
    if not (raw.isdecimal() and len(raw) == 4):
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
    # The total comes with the page's rows (a window over the whole selection),
    # so that "showing 1–100 of 2,345" costs no query of its own.
    rows = list(
        agreements.annotate(selected=Window(Count("pk")))
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


def network_grouped(request: HttpRequest) -> bool:
    """Whether the network asks for groups (`?groups=1`): its one parameter."""
    unknown = sorted(set(request.GET) - {"groups"})
    if unknown:
        raise BadQuery(
            f"Unknown parameter {', '.join(unknown)}: this page accepts only groups."
        )
    values = request.GET.getlist("groups")
    if not values:
        return False
    if len(values) > 1:
        raise BadQuery("Give groups only once.")
    if values[0] != "1":
        raise BadQuery(
            f"“{values[0]}” is not a value of groups: give groups=1 to draw each "
            "group as one node, or leave it out to draw each company."
        )
    return True


def network(request: HttpRequest) -> TemplateResponse:
    try:
        grouped = network_grouped(request)
    except BadQuery as error:
        return bad_request(request, error)
    agreements = list(
        PUBLIC.records(Agreement).prefetch_related(public_parties(), public_readings())
    )
    owned = list(
        PUBLIC.records(Company)
        .filter(PUBLIC.condition("parent", Company))
        .select_related("parent")
    )
    if grouped:
        title = "Network of company groups"
        description = (
            "Each company with what it owns as one point, the agreements "
            "between groups as lines."
        )
    else:
        title = "Network of companies"
        description = "Companies as points, the agreements between them as lines."
    context = {
        "title": title,
        "description": description,
        "chart": charts.network(agreements, owned, grouped=grouped),
        "statuses": charts.STATUS_COLOURS,
    }
    return TemplateResponse(request, "partnerships/network.html", context)
