"""What the public sees of the relations pages show, fetched once per page:
parties, citations, how sure each term is, statements, value totals."""

from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery, Sum

from partnerships.figures import value_totals
from partnerships.models import (
    AgreementParty,
    AgreementStatus,
    Statement,
    Term,
    TermReport,
)
from partnerships.models.agreements import PARTY_ORDER
from partnerships.models.terms import REPORT_ORDER
from partnerships.visibility import PUBLIC


def public_parties() -> Prefetch:
    """An agreement's parties the public sees, with their company."""
    return Prefetch(
        "parties",
        queryset=PUBLIC.links(AgreementParty)
        .select_related("company")
        .order_by(*PARTY_ORDER),
        to_attr="public_parties",
    )


def public_citations(model) -> Prefetch:
    return Prefetch(
        "citations",
        queryset=PUBLIC.links(model).select_related("source"),
        to_attr="public_citations",
    )


def public_readings() -> Prefetch:
    """The current report of each term of an agreement, as the public sees them:
    how sure each term is (`Agreement.readings`)."""
    return Prefetch(
        "term_reports",
        queryset=PUBLIC.links(TermReport)
        .filter(is_current=True)
        .order_by(*REPORT_ORDER),
        to_attr="current_reports",
    )


def public_value_totals(agreements: QuerySet) -> list:
    """The value of `agreements` per currency and certainty (partnerships.figures),
    superseded ones left out so that a deal and its successor count once."""
    # One current reading of the value at most (term_report_one_current_reading),
    # so no order to choose it by: unordered, the subquery skips a sort and the
    # two joins the reports' order needs, for each agreement.
    reading = (
        PUBLIC.links(TermReport)
        .filter(agreement=OuterRef("pk"), term=Term.VALUE, is_current=True)
        .order_by()
    )
    return value_totals(
        list(
            agreements.exclude(status=AgreementStatus.SUPERSEDED)
            .exclude(value_amount__isnull=True)
            .annotate(
                basis=Subquery(reading.values("basis")[:1]),
                modality=Subquery(reading.values("modality")[:1]),
            )
            .values(
                "basis",
                "modality",
                currency=F("value_currency"),
                qualifier=F("value_qualifier"),
            )
            .annotate(amount=Sum("value_amount"), count=Count("pk"))
            .order_by()
        )
    )


# The order of statements lists, that of the index statement_public_newest_idx.
NEWEST_STATEMENTS_FIRST = (F("said_on").desc(nulls_last=True), "-created_at", "slug")


def public_statements(in_order: bool = False) -> QuerySet:
    """Statements the public sees, with what a list shows of them. `in_order`:
    for a list of all of them read in the order of an index (the statements
    page, the home page's latest), so that SQLite walks the index and stops
    after a page, instead of gathering all 300,000 by speaker to sort them
    (`Reader.records(likely=True)`). Not for a list filtered by a rarer
    value, which SQLite would then look for along the whole index."""
    return PUBLIC.records(Statement, likely=in_order).select_related(
        "speaker", "speaker__affiliation", "source__reported_in"
    )
