"""Calendars (RFC 5545) of agreement milestones: when each published agreement
takes effect, runs through (expires) and ended, and the dated steps of what it
commits ("first systems online", 2026), for every agreement and per company.

Never surer than the source: every event is an all-day event covering the
period its source gives. A date known only to the year ("through 2030") spans
the whole year, 1 January to 31 December (DTSTART;VALUE=DATE:20300101,
DTEND;VALUE=DATE:20310101), one known only to the month the whole month, and
the summary says so; each summary also carries how sure the term is
("announced", "possible; reported, unnamed sources").

A calendar holds the `CALENDAR_EVENTS` soonest events whose period had not
ended `CALENDAR_PAST_DAYS` ago: what a subscriber looks ahead to, in a file
that does not grow with the tracker (every event of 100,000 agreements was
26 MB and took 53 s). Only agreements that may hold one of them are read: the
`CALENDAR_EVENTS` soonest of each kind of date.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from icalendar import Calendar, Event

from partnerships import groups, site_address
from partnerships.certainty import NOT_RECORDED, Certainty
from partnerships.certainty import display as certainty_display
from partnerships.models import Agreement, Commitment, Company, Term, TermReport
from partnerships.models.agreements import AgreementQuerySet
from partnerships.qualified import DatePrecision, PreciseDate
from partnerships.visibility import PUBLIC

PRODUCT = "-//Partnership tracker//Agreement milestones//EN"

PRECISION_NOTE = {
    DatePrecision.YEAR: "the source gives only the year",
    DatePrecision.MONTH: "the source gives only the month",
    DatePrecision.DAY: "",
}

CALENDAR_DESCRIPTION = (
    "Milestones of the agreements in the Partnership tracker: when each takes "
    "effect, runs through (expires) and ended, and the dated steps of what it "
    "commits. Every event is an all-day event covering the period its source "
    "gives: a date known only to the year (“through 2030”) spans that whole "
    "year, from 1 January to 31 December, and one known only to the month that "
    "whole month; its summary says “the source gives only the year” (or month). "
    "Read such an event as a period, never as a day. Each summary says how sure "
    "the term is: who reports it and, unless it is a fact, how firmly. "
    "It holds the {events:,} soonest events from {days} days ago on."
)


@dataclass(frozen=True)
class Milestone:
    """One dated event of an agreement, at the precision its source gives."""

    agreement: Agreement
    kind: str  # "starts", "expires", "ended" or "commitment-<pk>-milestone"
    category: str  # "Start", "Expiry", "End", "Commitment milestone"
    what: str  # "runs through", "first systems online"
    date: PreciseDate
    term: str
    certainty: Certainty | None
    detail: str  # the term as the site shows it, certainty included

    @property
    def summary(self) -> str:
        """ "OpenAI–Microsoft runs through 2030 (announced; the source gives
        only the year)"."""
        notes = [self.certainty.label if self.certainty else NOT_RECORDED]
        if PRECISION_NOTE[self.date.precision]:
            notes.append(PRECISION_NOTE[self.date.precision])
        title = self.agreement.title
        if self.kind.startswith("commitment"):
            return f"{title}: {self.what}, {self.date.display} ({'; '.join(notes)})"
        return f"{title} {self.what} {self.date.display} ({'; '.join(notes)})"

    @property
    def description(self) -> str:
        lines = [f"{Term(self.term).label}: {self.detail}."]
        if self.date.precision != DatePrecision.DAY:
            lines.append(
                f"The source gives only the {self.date.precision}: this event "
                f"covers all of {self.date.display}, not a day."
            )
        return "\n".join(lines)


def milestones(agreement: Agreement) -> list[Milestone]:
    """The dated events of a published agreement, its current term reports and
    dated commitments prefetched (`current_reports`, `dated_commitments`)."""
    found = []
    for term, kind, category, what in (
        (Term.EFFECTIVE, "starts", "Start", "takes effect"),
        (Term.EXPIRES, "expires", "Expiry", "runs through"),
        (Term.ENDED, "ended", "End", "ended"),
    ):
        date = getattr(agreement, term)
        if date is None:
            continue
        certainty = agreement.certainty(term)
        detail = certainty_display(date.display, certainty)
        found.append(
            Milestone(agreement, kind, category, what, date, term, certainty, detail)
        )
    for commitment in agreement.dated_commitments:
        certainty = agreement.certainty(Term.COMMITMENT, commitment.pk)
        detail = (
            f"{certainty_display(commitment.described, certainty)}; "
            f"{commitment.milestone}, {commitment.milestone_date.display}"
        )
        found.append(
            Milestone(
                agreement,
                f"commitment-{commitment.pk}-milestone",
                "Commitment milestone",
                commitment.milestone,
                commitment.milestone_date,
                Term.COMMITMENT,
                certainty,
                detail,
            )
        )
    return found


def window_start() -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=settings.CALENDAR_PAST_DAYS)


def soonest(agreements: QuerySet, since: datetime.date) -> QuerySet:
    """Those of `agreements` that may hold one of the `CALENDAR_EVENTS` soonest
    events not over before `since`: the soonest of each kind of date, each
    kind read in the order of its date (a subquery each, in one query)."""
    limit = settings.CALENDAR_EVENTS
    picked = Q()
    for prefix in ("effective", "expires", "ended"):
        dated = agreements.exclude(**{f"{prefix}_on__isnull": True}).filter(
            AgreementQuerySet.not_over(prefix, since)
        )
        picked |= Q(pk__in=dated.order_by(f"{prefix}_on", "pk").values("pk")[:limit])
    commitments = (
        PUBLIC.links(Commitment)
        .filter(agreement__in=agreements.values("pk"), milestone_on__isnull=False)
        .filter(AgreementQuerySet.not_over("milestone", since))
        .order_by("milestone_on", "pk")
        .values("agreement")[:limit]
    )
    return agreements.filter(picked | Q(pk__in=commitments))


def calendar_agreements(agreements: QuerySet) -> list[Agreement]:
    """Published agreements with what their events need, in three queries."""
    return list(
        agreements.prefetch_related(
            Prefetch(
                "term_reports",
                PUBLIC.links(TermReport).filter(is_current=True),
                to_attr="current_reports",
            ),
            Prefetch(
                "commitments",
                PUBLIC.links(Commitment)
                .filter(milestone_on__isnull=False)
                .order_by("milestone_on", "pk"),
                to_attr="dated_commitments",
            ),
        ).order_by("slug")
    )


def build_calendar(
    agreements: list[Agreement], *, name: str, host: str, scheme: str
) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add(
        "x-wr-caldesc",
        CALENDAR_DESCRIPTION.format(
            events=settings.CALENDAR_EVENTS, days=settings.CALENDAR_PAST_DAYS
        ),
    )
    since = window_start()
    events = [
        event
        for agreement in agreements
        for event in milestones(agreement)
        if event.date.last_day >= since
    ]
    events.sort(key=lambda event: (event.date.first_day, event.agreement.slug))
    del events[settings.CALENDAR_EVENTS :]
    uid_host = host.split(":")[0]
    for milestone in events:
        event = Event()
        event.add("uid", f"{milestone.agreement.slug}-{milestone.kind}@{uid_host}")
        event.add("dtstamp", milestone.agreement.updated_at.astimezone(datetime.UTC))
        # All-day dates (VALUE=DATE); DTEND is the day after the period.
        event.add("dtstart", milestone.date.first_day)
        event.add("dtend", milestone.date.last_day + datetime.timedelta(days=1))
        event.add("summary", milestone.summary)
        event.add("description", milestone.description)
        event.add("url", f"{scheme}://{host}{milestone.agreement.get_absolute_url()}")
        event.add("categories", [milestone.category])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar


def calendar_response(
    request: HttpRequest, agreements: QuerySet, name: str
) -> HttpResponse:
    host, scheme = site_address.domain_and_scheme(request)
    calendar = build_calendar(
        calendar_agreements(soonest(agreements, window_start())),
        name=name,
        host=host,
        scheme=scheme,
    )
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")


def all_agreements(request: HttpRequest) -> HttpResponse:
    """Every published agreement's milestones."""
    return calendar_response(
        request,
        PUBLIC.records(Agreement),
        "Partnership tracker: agreement milestones",
    )


def company_agreements(request: HttpRequest, slug: str) -> HttpResponse:
    """The milestones of the published agreements of a company's group: its own
    and those of the companies it owns, as its page lists them."""
    company = get_object_or_404(PUBLIC.records(Company), slug=slug)
    parties = groups.group_parties(PUBLIC, company).values("agreement")
    return calendar_response(
        request,
        PUBLIC.records(Agreement).filter(pk__in=parties),
        f"Partnership tracker: {company.name}’s agreement milestones",
    )
