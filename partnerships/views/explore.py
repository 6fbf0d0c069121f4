"""Ways through all records: the timeline and the network."""

import datetime

from django.db.models import F, Prefetch
from django.http import HttpRequest
from django.template.response import TemplateResponse

from partnerships import charts
from partnerships.browse import BadQuery, bad_request
from partnerships.models import (
    Agreement,
    Commitment,
    Company,
)
from partnerships.views.public import (
    public_parties,
    public_readings,
)
from partnerships.visibility import PUBLIC


def refuse_parameters(request: HttpRequest) -> TemplateResponse | None:
    if request.GET:
        names = ", ".join(sorted(request.GET))
        return bad_request(
            request, BadQuery(f"Unknown parameter {names}: this page takes none.")
        )
    return None


def timeline(request: HttpRequest) -> TemplateResponse:
    refused = refuse_parameters(request)
    if refused:
        return refused
    milestones = Prefetch(
        "commitments",
        queryset=PUBLIC.links(Commitment).filter(milestone_on__isnull=False),
        to_attr="public_milestones",
    )
    agreements = list(
        PUBLIC.records(Agreement)
        .prefetch_related(public_parties(), public_readings(), milestones)
        .order_by(
            F("announced_on").asc(nulls_last=True),
            F("effective_on").asc(nulls_last=True),
            "title",
        )
    )
    context = {
        "title": "Timeline of agreements",
        "description": (
            "A calendar of terms: each agreement from its start to its expiry "
            "or end, as precisely as reported, with its milestones."
        ),
        "chart": charts.timeline(agreements, today=datetime.date.today()),
        "statuses": charts.STATUS_COLOURS,
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
