"""One record's page: an agreement, a company, a statement, a person, a source."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from partnerships import groups, key_facts, paging
from partnerships.browse import BadQuery, bad_request
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementParty,
    Commitment,
    Company,
    CompanyCitation,
    Person,
    PersonCitation,
    Source,
    Statement,
    StatementCitation,
    Term,
    TermReport,
)
from partnerships.templatetags.browse import statement_summary
from partnerships.views.public import (
    NEWEST_STATEMENTS_FIRST,
    public_citations,
    public_parties,
    public_readings,
    public_statements,
    public_value_totals,
)
from partnerships.visibility import PUBLIC
from readercache import counts


def agreement_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    agreement = get_object_or_404(
        PUBLIC.records(Agreement)
        .select_related("superseded_by")
        .prefetch_related(
            public_parties(),
            Prefetch("commitments", queryset=Commitment.objects.order_by("kind")),
            public_citations(AgreementCitation),
            Prefetch(
                "supersedes",
                queryset=PUBLIC.records(Agreement),
                to_attr="public_supersedes",
            ),
            Prefetch(
                "statements",
                queryset=public_statements(),
                to_attr="public_statements",
            ),
            Prefetch(
                "term_reports",
                queryset=PUBLIC.links(TermReport).select_related("citation__source"),
                to_attr="visible_term_reports",
            ),
        ),
        slug=slug,
    )
    rows = agreement.term_rows
    key_facts.number_footnotes(rows, agreement.public_citations)
    terms = {row.term: row for row in rows if not row.commitment}
    context = {
        "agreement": agreement,
        "sentence": key_facts.directed_sentence(
            agreement, agreement.public_parties, agreement.certainty(Term.STATUS)
        ),
        "terms": terms,
        "commitments": [row for row in rows if row.commitment],
        "reported_rows": [row for row in rows if row.reports],
        "title": agreement.title,
        "description": agreement.summary or f"{agreement.get_kind_display()} agreement",
        "superseded_by": PUBLIC.shown(agreement.superseded_by),
    }
    return TemplateResponse(request, "partnerships/agreement_detail.html", context)


@dataclass(frozen=True)
class CompanyFigures:
    """The totals of a company's page: how long each of its lists is, and the
    value of its group's agreements. Over a company party to 15,000
    agreements they take a tenth of a second to work out, and change only
    with a write: they are kept until the next one (`readercache.counts`)."""

    own_party_rows: int
    own_agreement_count: int
    group_agreement_count: int
    people_count: int
    said_by_count: int
    said_about_count: int
    statements_total: int  # every published statement's
    agreements_total: int  # every published agreement's
    totals: list
    members: tuple[int, ...]  # its group's companies (groups.group_levels)


def company_figures(company: Company) -> CompanyFigures:
    own_parties = PUBLIC.links(AgreementParty).filter(company=OuterRef("pk"))
    named = PUBLIC.records(Company).filter(pk=company.pk)
    # Its people first, then what they said by speaker (its index): SQLite
    # would otherwise read every published statement to find theirs.
    by_its_people = PUBLIC.records(Statement).filter(
        speaker__in=Person._default_manager.filter(affiliation__in=named)
    )
    about_it = (
        PUBLIC.records(Statement)
        .filter(companies=OuterRef("pk"))
        .exclude(speaker__affiliation=OuterRef("pk"))
    )
    counts_of = named.values(
        own_party_rows=paging.counted(own_parties),
        own_agreement_count=paging.counted(own_parties, "agreement", distinct=True),
        # Of the company named, not of each row (OuterRef): its party rows
        # are then read by company (groups.in_group).
        group_agreement_count=groups.group_agreement_count(PUBLIC, named),
        people_count=paging.counted(
            PUBLIC.records(Person).filter(affiliation=OuterRef("pk"))
        ),
        said_by_count=paging.counted(by_its_people),
        said_about_count=paging.counted(about_it),
        statements_total=paging.counted(PUBLIC.records(Statement)),
        agreements_total=paging.counted(PUBLIC.records(Agreement)),
    ).get()
    group_agreements = groups.group_parties(PUBLIC, company).values("agreement")
    first, *deeper = (
        level.order_by().values_list("pk", flat=True)
        for level in groups.group_levels(PUBLIC, company)
    )
    return CompanyFigures(
        **counts_of,
        members=tuple(first.union(*deeper, all=True).order_by()),
        totals=public_value_totals(
            PUBLIC.records(Agreement).filter(pk__in=group_agreements)
        )
        if counts_of["group_agreement_count"]
        else [],
    )


def walks(section: paging.Section, total: int) -> bool:
    """Whether a page of a long list (`section`) among `total` records is
    read along the index of the list's order, each record asked whether it
    belongs, rather than gathered and sorted. A walk asks about
    `total / section.total` records per row it reaches, a probe costing half
    of a gathered row (measured at L, SQLite: the 17,001 statements about the
    busiest company gathered in 45 ms; page 340 of 681 walked in 158 ms, page
    1 in 1 ms)."""
    return (section.skipped + section.size) * total < 2 * section.total**2


def statements_among(
    section: paging.Section, total: int, gathered: Q, asked: Q
) -> QuerySet:
    """The published statements of a list (`section`, its page) among `total`,
    newest first: `gathered` and `asked` say which, as a join and as a probe
    (`walks`)."""
    if walks(section, total):
        return (
            public_statements(in_order=True)
            .filter(asked)
            .order_by(*NEWEST_STATEMENTS_FIRST)
        )
    return public_statements().filter(gathered).order_by(*GATHERED_NEWEST_FIRST)


# NEWEST_STATEMENTS_FIRST, in an order no index holds. PostgreSQL otherwise
# walked the newest-first index for a gathered list too, asking each statement
# whether it was about the company: at L, 60,902 statements read for the 25
# newest of company-53's 548 (216 ms, against 5 ms gathered and sorted). Null
# dates still come last: no statement is dated in the year 1.
GATHERED_NEWEST_FIRST = (
    Coalesce("said_on", Value(datetime.date(1, 1, 1))).desc(),
    *NEWEST_STATEMENTS_FIRST[1:],
)


class Unindexed(Func):
    """A column, compared without its index (`+column`): SQLite then reads
    the rows in the order of another index and checks the column on each."""

    template = "+%(expressions)s"


def company_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    company = get_object_or_404(
        PUBLIC.records(Company)
        .select_related("parent")
        .prefetch_related(
            "kinds",
            "aliases",
            Prefetch(
                "subsidiaries",
                queryset=PUBLIC.records(Company),
                to_attr="public_subsidiaries",
            ),
            public_citations(CompanyCitation),
        ),
        slug=slug,
    )
    figures = counts.remembered(
        "company", (company.pk,), lambda: company_figures(company)
    )
    size = settings.RECORD_PAGE_SIZE
    try:
        as_party = paging.section(
            request, "agreements", figures.own_party_rows, size, "agreements-heading"
        )
        via_owned = paging.section(
            request,
            "owned_agreements",
            figures.group_agreement_count - figures.own_agreement_count,
            size,
            "owned-agreements-heading",
        )
        people = paging.section(
            request, "people", figures.people_count, size, "people-heading"
        )
        said_by = paging.section(
            request, "said_by", figures.said_by_count, size, "said-by-heading"
        )
        said_about = paging.section(
            request, "said_about", figures.said_about_count, size, "said-about-heading"
        )
    except BadQuery as error:
        return bad_request(request, error)
    own_agreements = PUBLIC.links(AgreementParty).filter(company=company)
    listed = own_agreements
    if walks(as_party, figures.agreements_total):
        # Along the agreements' title index, each asked whether the company
        # is a party: its 14,991 party rows at L were gathered and sorted
        # (30 ms; 6 ms so).
        party_of_it = Exact(
            Unindexed(F("company"), output_field=BigIntegerField()), company.pk
        )
        listed = PUBLIC.links(AgreementParty).filter(party_of_it)
    own_rows = as_party.fetch(
        listed.select_related("agreement").order_by("agreement__title", "role", "pk")
    )
    # Its group's companies as read with its figures: SQLite built a
    # temporary index of companies to find them again in each query.
    members = set(figures.members)
    # Gathered from the other members' party rows, each agreement then asked
    # whether the company is a party too: not all its group's agreements
    # (14,394 for the busiest company at L) less its own (14,285).
    others_parties = PUBLIC.links(AgreementParty, checked=["company"]).filter(
        company__in=members - {company.pk}
    )
    owned_rows = via_owned.fetch(
        PUBLIC.records(Agreement)
        .filter(pk__in=others_parties.values("agreement"))
        .exclude(Exists(own_agreements.filter(agreement=OuterRef("pk"))))
        .order_by("title", "pk")
    )
    # The parties and term reports of both pages of agreements, in one query each.
    prefetch_related_objects(
        [party.agreement for party in own_rows] + owned_rows,
        Prefetch(
            "parties",
            queryset=PUBLIC.links(AgreementParty).select_related("company"),
            to_attr="public_parties",
        ),
        public_readings(),
    )
    as_party.records = [
        {
            "agreement": party.agreement,
            "role": party.get_role_display(),
            "counterparties": [
                other
                for other in party.agreement.public_parties
                if other.company_id != company.pk
            ],
        }
        for party in own_rows
    ]
    via_owned.records = [
        {
            "agreement": agreement,
            "via": [
                party.company
                for party in agreement.public_parties
                if party.company_id in members
            ],
            "counterparties": [
                party
                for party in agreement.public_parties
                if party.company_id not in members
            ],
        }
        for agreement in owned_rows
    ]
    by_its_people = Exists(
        Person._default_manager.filter(pk=OuterRef("speaker"), affiliation=company)
    )
    about_it = Exists(
        Statement.companies.through.objects.filter(
            statement=OuterRef("pk"), company=company
        )
    )
    people.fetch(
        PUBLIC.records(Person).filter(affiliation=company).order_by("name", "pk")
    )
    said_by.fetch(
        statements_among(
            said_by,
            figures.statements_total,
            gathered=Q(speaker__affiliation=company),
            asked=by_its_people,
        )
    )
    said_about.fetch(
        statements_among(
            said_about,
            figures.statements_total,
            gathered=Q(companies=company) & ~Q(speaker__affiliation=company),
            asked=about_it & ~by_its_people,
        )
    )
    context = {
        "company": company,
        "title": company.name,
        "description": company.description
        or f"{company.name}: its agreements, its people and what they said.",
        "parent": PUBLIC.shown(company.parent),
        "as_party": as_party.records,
        "as_party_section": as_party,
        "via_owned": via_owned.records,
        "via_owned_section": via_owned,
        "own_agreement_count": figures.own_agreement_count,
        "group_agreement_count": figures.group_agreement_count,
        "totals": figures.totals,
        "people": people.records,
        "people_section": people,
        "said_by_its_people": said_by.records,
        "said_by_section": said_by,
        "said_about_it": said_about.records,
        "said_about_section": said_about,
    }
    return TemplateResponse(request, "partnerships/company_detail.html", context)


def statement_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    statement = get_object_or_404(
        public_statements()
        .select_related("in_reply_to__speaker", "in_reply_to__source__reported_in")
        .prefetch_related(
            Prefetch("replies", queryset=public_statements(), to_attr="public_replies"),
            Prefetch(
                "companies",
                queryset=PUBLIC.records(Company),
                to_attr="public_companies",
            ),
            Prefetch(
                "agreements",
                queryset=PUBLIC.records(Agreement),
                to_attr="public_agreements",
            ),
            "topics",
            public_citations(StatementCitation),
        ),
        slug=slug,
    )
    question = PUBLIC.shown(statement.in_reply_to)
    context = {
        "statement": statement,
        "title": statement.title,
        "description": statement_summary(statement),
        "question": question,
        "source": PUBLIC.shown(statement.source),
        "affiliation": PUBLIC.shown(statement.speaker.affiliation),
    }
    return TemplateResponse(request, "partnerships/statement_detail.html", context)


def person_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    statements = PUBLIC.records(Statement).filter(speaker=OuterRef("pk"))
    person = get_object_or_404(
        PUBLIC.records(Person)
        .select_related("affiliation")
        .annotate(statement_count=paging.counted(statements))
        .prefetch_related(public_citations(PersonCitation)),
        slug=slug,
    )
    try:
        said = paging.section(
            request,
            "statements",
            person.statement_count,
            settings.RECORD_PAGE_SIZE,
            "statements-heading",
        )
    except BadQuery as error:
        return bad_request(request, error)
    said.fetch(
        PUBLIC.records(Statement)
        .filter(speaker=person)
        .select_related("source__reported_in")
    )
    affiliation = PUBLIC.shown(person.affiliation)
    # Not `person.title`: it names the affiliation even when that is a draft.
    role = ", ".join(
        part for part in (person.role, affiliation and affiliation.name) if part
    )
    context = {
        "person": person,
        "title": person.name,
        "description": person.description or f"{person.name}: {role or 'statements'}",
        "affiliation": affiliation,
        "statements": said.records,
        "statements_section": said,
    }
    return TemplateResponse(request, "partnerships/person_detail.html", context)


def source_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    def citing(related: str, model) -> Prefetch:
        return Prefetch(
            related,
            queryset=PUBLIC.links(model).select_related("record"),
            to_attr=f"public_{related}",
        )

    statements = PUBLIC.records(Statement).filter(source=OuterRef("pk"))
    source = get_object_or_404(
        PUBLIC.records(Source)
        .select_related("reported_in")
        .annotate(statement_count=paging.counted(statements))
        .prefetch_related(
            Prefetch(
                "reports_on",
                queryset=PUBLIC.records(Source),
                to_attr="public_reports_on",
            ),
            citing("agreementcitations", AgreementCitation),
            citing("companycitations", CompanyCitation),
            citing("personcitations", PersonCitation),
            Prefetch(
                "statementcitations",
                queryset=PUBLIC.links(StatementCitation).select_related(
                    "record", "record__speaker"
                ),
                to_attr="public_statementcitations",
            ),
        ),
        slug=slug,
    )
    try:
        said = paging.section(
            request,
            "statements",
            source.statement_count,
            settings.RECORD_PAGE_SIZE,
            "statements-heading",
        )
    except BadQuery as error:
        return bad_request(request, error)
    said.fetch(public_statements().filter(source=source))
    citations = [
        ("Agreements", source.public_agreementcitations),
        ("Companies", source.public_companycitations),
        ("People", source.public_personcitations),
        ("Statements", source.public_statementcitations),
    ]
    context = {
        "source": source,
        "title": source.title,
        "description": source.description
        or f"{source.get_kind_display()} cited by the partnership tracker.",
        "reported_in": PUBLIC.shown(source.reported_in),
        "citations": citations if any(group for _, group in citations) else [],
        "statements": said.records,
        "statements_section": said,
    }
    return TemplateResponse(request, "partnerships/source_detail.html", context)
