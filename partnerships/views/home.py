"""The home page: what the tracker is, the latest records and honest figures."""

import datetime

from django.db.models import Count, Q, prefetch_related_objects
from django.http import HttpRequest
from django.template.response import TemplateResponse

from partnerships.browse import PAGE_SIZE
from partnerships.models import (
    Agreement,
    AgreementStatus,
    Company,
)
from partnerships.views.lists import AgreementList
from partnerships.views.public import (
    NEWEST_STATEMENTS_FIRST,
    public_parties,
    public_readings,
    public_statements,
    public_value_totals,
)
from partnerships.visibility import PUBLIC
from readercache import counts


def latest_statements(shown: int) -> list:
    # SQLite plans a small LIMIT as "read every statement and sort them" (1 s
    # at 300,000 statements), and a larger one as a walk down
    # statement_public_newest_idx that stops there (2 ms). Where it switches
    # moves with the statistics (under 10 on one data set at scale L, under
    # 15 on the next), so a page of the statements list is read, whose plan
    # tests/test_query_plans.py checks.
    newest = public_statements(in_order=True).order_by(*NEWEST_STATEMENTS_FIRST)
    return list(newest[: max(shown, PAGE_SIZE)])[:shown]


def home(request: HttpRequest) -> TemplateResponse:
    agreements = PUBLIC.records(Agreement)
    today = datetime.date.today()
    # Figures over every published agreement, kept together until the next
    # write: one read of the cache for all of them.
    figures = counts.remembered(
        "home.figures",
        (),
        lambda: {
            **agreements.aggregate(
                total=Count("pk"),
                superseded=Count("pk", filter=Q(status=AgreementStatus.SUPERSEDED)),
                with_value=Count("pk", filter=Q(value_amount__isnull=False)),
            ),
            "companies": PUBLIC.records(Company).count(),
            "totals": public_value_totals(agreements),
        },
    )
    latest_agreements = list(
        agreements.order_by(*AgreementList.sorts["-announced"].ordering)[:5]
    )
    expiring = list(
        agreements.expiring_after(today)
        .exclude(status__in=[AgreementStatus.ENDED, AgreementStatus.SUPERSEDED])
        .order_by("expires_on", "title")[:5]
    )
    # Both lists' parties and terms in one query each, not one per list.
    prefetch_related_objects(
        [*latest_agreements, *expiring], public_parties(), public_readings()
    )
    context = {
        "title": "Partnership tracker",
        "description": (
            "A sourced record of the agreements that shape the AI industry: who "
            "supplies whom, for how long, for how much, and who said what about it."
        ),
        "counts": figures,
        "totals": figures["totals"],
        "latest_agreements": latest_agreements,
        "expiring": expiring,
        "latest_statements": latest_statements(5),
        "company_count": figures["companies"],
    }
    return TemplateResponse(request, "partnerships/home.html", context)
