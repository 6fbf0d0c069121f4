"""The public pages: what the public may see, a fixed number of queries each.

Every queryset and every relation a page shows comes from the public reader
(`partnerships.visibility.PUBLIC`), so a draft never shows up, not even as a
counterparty or in a count.
"""

import datetime

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from partnerships import certainty, charts, groups
from partnerships.browse import (
    BadQuery,
    BrowseList,
    ChoiceFacet,
    DayFilter,
    GroupFacet,
    RelatedFacet,
    Sort,
    bad_request,
    costly_read_refused,
    read_search,
    text_search,
)
from partnerships.figures import value_totals
from partnerships.models import (
    UNDATED_AGREEMENT,
    Agreement,
    AgreementCitation,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Commitment,
    Company,
    CompanyCitation,
    CompanyKind,
    Exclusivity,
    Person,
    PersonCitation,
    Source,
    SourceKind,
    Statement,
    StatementCitation,
    StatementForm,
    Term,
    TermReport,
    Topic,
)
from partnerships.templatetags.browse import language_name, statement_summary
from partnerships.visibility import PUBLIC

# -- what the public sees of the relations pages show ------------------------------


def public_parties() -> Prefetch:
    """An agreement's parties the public sees, with their company."""
    return Prefetch(
        "parties",
        queryset=PUBLIC.links(AgreementParty).select_related("company"),
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
        queryset=PUBLIC.links(TermReport).filter(is_current=True),
        to_attr="current_reports",
    )


def public_value_totals(agreements: QuerySet) -> list:
    """The value of `agreements` per currency and certainty (partnerships.figures),
    superseded ones left out so that a deal and its successor count once."""
    reading = PUBLIC.links(TermReport).filter(
        agreement=OuterRef("pk"), term=Term.VALUE, is_current=True
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


def public_statements() -> QuerySet:
    """Statements the public sees, with what a list shows of them."""
    return PUBLIC.records(Statement).select_related(
        "speaker", "speaker__affiliation", "source"
    )


# -- home ------------------------------------------------------------------------------


def home(request: HttpRequest) -> TemplateResponse:
    agreements = PUBLIC.records(Agreement)
    today = datetime.date.today()
    totals = public_value_totals(agreements)
    counts = agreements.aggregate(
        total=Count("pk"),
        superseded=Count("pk", filter=Q(status=AgreementStatus.SUPERSEDED)),
        with_value=Count("pk", filter=Q(value_amount__isnull=False)),
    )
    context = {
        "title": "Partnership tracker",
        "description": (
            "A sourced record of the agreements that shape the AI industry: who "
            "supplies whom, for how long, for how much, and who said what about it."
        ),
        "counts": counts,
        "totals": totals,
        "latest_agreements": agreements.prefetch_related(
            public_parties(), public_readings()
        ).order_by(F("announced_on").desc(nulls_last=True), "-created_at", "title")[:5],
        "expiring": agreements.expiring_after(today)
        .exclude(status__in=[AgreementStatus.ENDED, AgreementStatus.SUPERSEDED])
        .prefetch_related(public_parties(), public_readings())
        .order_by("expires_on", "title")[:5],
        "latest_statements": public_statements().order_by(
            F("said_on").desc(nulls_last=True), "-created_at", "slug"
        )[:5],
        "company_count": PUBLIC.records(Company).count(),
    }
    return TemplateResponse(request, "partnerships/home.html", context)


# -- lists -----------------------------------------------------------------------------


class AgreementList(BrowseList):
    template_name = "partnerships/agreement_list.html"
    title = "Agreements"
    description = "Every published agreement: parties, terms, dates and value."
    search_help = "Title, summary, a party's name or the value as reported"
    facets = (
        ChoiceFacet("status", "Status", "status", AgreementStatus),
        ChoiceFacet("kind", "Kind", "kind", AgreementKind),
        ChoiceFacet("exclusivity", "Exclusivity", "exclusivity", Exclusivity),
        RelatedFacet(
            "company",
            "Party",
            Company,
            lambda: AgreementParty.objects.all(),
            "agreement",
            "company",
        ),
        GroupFacet("group", "Company group"),
    )
    day_filter = DayFilter(
        "in_force_on",
        "In force on",
        UNDATED_AGREEMENT,
        lambda agreements, day, undated: agreements.in_force(
            on=day, include_undated=undated
        ),
    )
    sorts = {
        "title": Sort("Title", ("title",)),
        "-announced": Sort(
            "Newest announcement", (F("announced_on").desc(nulls_last=True), "title")
        ),
        "announced": Sort(
            "Oldest announcement", (F("announced_on").asc(nulls_last=True), "title")
        ),
        "expires": Sort(
            "Expiring soonest", (F("expires_on").asc(nulls_last=True), "title")
        ),
    }
    # Each reported term is followed by how sure it is: "possible; reported,
    # unnamed sources", or "certainty not recorded".
    csv_terms = (
        ("status", Term.STATUS),
        ("exclusivity", Term.EXCLUSIVITY),
        ("announced", Term.ANNOUNCED),
        ("effective", Term.EFFECTIVE),
        ("expires", Term.EXPIRES),
        ("ended", Term.ENDED),
        ("value", Term.VALUE),
    )
    csv_columns = (
        "title",
        "url",
        "kind",
        "parties",
        *(column for name, _ in csv_terms for column in (name, f"{name}_certainty")),
        "value_as_reported",
    )

    def base_queryset(self) -> QuerySet:
        return PUBLIC.records(Agreement).prefetch_related(
            public_parties(), public_readings()
        )

    def search(self, queryset: QuerySet, q: str) -> QuerySet:
        named = (
            PUBLIC.links(AgreementParty)
            .filter(company__in=PUBLIC.records(Company).named(q))
            .values("agreement")
        )
        return queryset.filter(
            text_search(q, "title", "summary", "value_as_reported") | Q(pk__in=named)
        )

    def csv_row(self, agreement: Agreement) -> list:
        row = [
            agreement.title,
            agreement.get_absolute_url(),
            agreement.get_kind_display(),
            "; ".join(str(party) for party in agreement.public_parties),
        ]
        for _, term in self.csv_terms:
            phrase = agreement.term_csv_value(term)
            reading = agreement.certainty(term)
            row.append(certainty.hedge(phrase, reading))
            if not agreement.term_phrase(term):
                row.append("")
            else:
                row.append(reading.label if reading else certainty.NOT_RECORDED)
        row.append(agreement.value_as_reported)
        return row


class CompanyList(BrowseList):
    template_name = "partnerships/company_list.html"
    title = "Companies"
    description = "The companies party to the agreements, with their owners."
    search_help = "Name, another name it goes by, or description"
    facets = (
        RelatedFacet(
            "kind",
            "Kind",
            CompanyKind,
            lambda: Company.kinds.through.objects.all(),
            "company",
            "companykind",
        ),
        RelatedFacet(
            "parent",
            "Owned by",
            Company,
            lambda: Company.objects.all(),
            "pk",
            "parent",
        ),
    )
    sorts = {
        "name": Sort("Name", ("name",)),
        "-agreements": Sort("Most agreements", ("-agreement_count", "name")),
        "-group-agreements": Sort(
            "Most agreements with owned companies",
            ("-group_agreement_count", "name"),
        ),
    }
    csv_columns = (
        "name",
        "url",
        "kinds",
        "owned_by",
        "agreements",
        "group_agreements",
        "website",
    )

    def base_queryset(self) -> QuerySet:
        return (
            PUBLIC.records(Company)
            .select_related("parent")
            .prefetch_related("kinds")
            .annotate(
                agreement_count=Count(
                    "agreement_parties__agreement",
                    filter=PUBLIC.condition("agreement_parties__agreement", Agreement),
                    distinct=True,
                ),
                group_agreement_count=groups.group_agreement_count(PUBLIC),
            )
        )

    def search(self, queryset: QuerySet, q: str) -> QuerySet:
        return queryset.filter(
            text_search(q, "name", "description")
            | Q(pk__in=PUBLIC.records(Company).named(q).values("pk"))
        )

    def csv_row(self, company: Company) -> list:
        parent = PUBLIC.shown(company.parent)
        return [
            company.name,
            company.get_absolute_url(),
            "; ".join(kind.name for kind in company.kinds.all()),
            parent.name if parent else "",
            company.agreement_count,
            company.group_agreement_count,
            company.website,
        ]


class StatementList(BrowseList):
    template_name = "partnerships/statement_list.html"
    title = "Statements"
    description = "What the people involved said, as the sources published it."
    search_help = "The words as published or in English, the occasion, the speaker"
    facets = (
        RelatedFacet(
            "speaker",
            "Speaker",
            Person,
            lambda: Statement.objects.all(),
            "pk",
            "speaker",
        ),
        RelatedFacet(
            "company",
            "About company",
            Company,
            lambda: Statement.companies.through.objects.all(),
            "statement",
            "company",
        ),
        RelatedFacet(
            "topic",
            "Topic",
            Topic,
            lambda: Statement.topics.through.objects.all(),
            "statement",
            "topic",
        ),
        ChoiceFacet("form", "Form", "form", StatementForm),
        ChoiceFacet(
            "language", "Language as published", "language", label_for=language_name
        ),
    )
    sorts = {
        "-said": Sort(
            "Newest first",
            (F("said_on").desc(nulls_last=True), "-created_at", "slug"),
        ),
        "said": Sort(
            "Oldest first", (F("said_on").asc(nulls_last=True), "created_at", "slug")
        ),
        "speaker": Sort("Speaker", ("speaker__name", "slug")),
    }
    csv_columns = (
        "speaker",
        "url",
        "form",
        "text_as_published",
        "language",
        "english",
        "english_is_editors_translation",
        "said",
        "occasion",
        "source",
    )

    def base_queryset(self) -> QuerySet:
        return public_statements()

    def search(self, queryset: QuerySet, q: str) -> QuerySet:
        return queryset.filter(
            text_search(q, "text", "text_en", "occasion", "speaker__name")
        )

    def csv_row(self, statement: Statement) -> list:
        source = PUBLIC.shown(statement.source)
        return [
            statement.speaker.name,
            statement.get_absolute_url(),
            statement.get_form_display(),
            statement.text,
            statement.language,
            statement.text_en,
            "yes" if statement.text_en and statement.text_en_is_translation else "no",
            statement.said.iso if statement.said else "",
            statement.occasion,
            source.title if source else "",
        ]


class PersonList(BrowseList):
    template_name = "partnerships/person_list.html"
    title = "People"
    description = "The people whose statements the tracker records."
    search_help = "Name or role"
    facets = (
        RelatedFacet(
            "company",
            "Affiliation",
            Company,
            lambda: Person.objects.all(),
            "pk",
            "affiliation",
        ),
    )
    sorts = {
        "name": Sort("Name", ("name",)),
        "-statements": Sort("Most statements", ("-statement_count", "name")),
    }
    csv_columns = ("name", "url", "role", "affiliation", "statements")

    def base_queryset(self) -> QuerySet:
        return (
            PUBLIC.records(Person)
            .select_related("affiliation")
            .annotate(
                statement_count=Count(
                    "statements",
                    filter=PUBLIC.condition("statements", Statement),
                    distinct=True,
                )
            )
        )

    def search(self, queryset: QuerySet, q: str) -> QuerySet:
        return queryset.filter(text_search(q, "name", "role", "description"))

    def csv_row(self, person: Person) -> list:
        affiliation = PUBLIC.shown(person.affiliation)
        return [
            person.name,
            person.get_absolute_url(),
            person.role,
            affiliation.name if affiliation else "",
            person.statement_count,
        ]


class SourceList(BrowseList):
    template_name = "partnerships/source_list.html"
    title = "Sources"
    description = "The articles, podcasts and filings every record rests on."
    search_help = "Title, publisher, author or description"
    facets = (
        ChoiceFacet("kind", "Kind", "kind", SourceKind),
        ChoiceFacet("language", "Language", "language", label_for=language_name),
        ChoiceFacet("publisher", "Publisher", "publisher"),
    )
    sorts = {
        "title": Sort("Title", ("title",)),
        "-published": Sort(
            "Newest first", (F("published_on").desc(nulls_last=True), "title")
        ),
        "published": Sort(
            "Oldest first", (F("published_on").asc(nulls_last=True), "title")
        ),
    }
    csv_columns = ("title", "url", "kind", "publisher", "author", "published", "link")

    def base_queryset(self) -> QuerySet:
        return PUBLIC.records(Source)

    def search(self, queryset: QuerySet, q: str) -> QuerySet:
        return queryset.filter(
            text_search(q, "title", "publisher", "author", "description")
        )

    def csv_row(self, source: Source) -> list:
        return [
            source.title,
            source.get_absolute_url(),
            source.get_kind_display(),
            source.publisher,
            source.author,
            source.published.iso if source.published else "",
            source.url,
        ]


agreement_list = AgreementList()
company_list = CompanyList()
statement_list = StatementList()
person_list = PersonList()
source_list = SourceList()


# -- details ---------------------------------------------------------------------------


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
    context = {
        "agreement": agreement,
        "terms": {row.term: row for row in rows if not row.commitment},
        "commitments": [row for row in rows if row.commitment],
        "reported_rows": [row for row in rows if row.reports],
        "title": agreement.title,
        "description": agreement.summary or f"{agreement.get_kind_display()} agreement",
        "superseded_by": PUBLIC.shown(agreement.superseded_by),
    }
    return TemplateResponse(request, "partnerships/agreement_detail.html", context)


def through_owned_companies(
    company: Company, group_parties: list, own_parties: list
) -> list[dict]:
    """The agreements of the companies `company` owns that it is not itself
    party to, each with the owned companies that are parties (`via`) and the
    parties outside them."""
    own = {party.agreement_id for party in own_parties}
    rows: dict[int, dict] = {}
    for party in group_parties:
        if party.agreement_id in own:
            continue
        row = rows.setdefault(
            party.agreement_id, {"agreement": party.agreement, "via": []}
        )
        if party.company not in row["via"]:
            row["via"].append(party.company)
    for row in rows.values():
        via = {owned.pk for owned in row["via"]}
        row["counterparties"] = [
            other
            for other in row["agreement"].public_parties
            if other.company_id not in via
        ]
    return list(rows.values())


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
            Prefetch(
                "people", queryset=PUBLIC.records(Person), to_attr="public_people"
            ),
            public_citations(CompanyCitation),
        ),
        slug=slug,
    )
    # Its own party rows and those of the companies it owns, in one query.
    group_parties = list(
        groups.group_parties(PUBLIC, company)
        .select_related("agreement", "company")
        .prefetch_related(
            Prefetch(
                "agreement__parties",
                queryset=PUBLIC.links(AgreementParty).select_related("company"),
                to_attr="public_parties",
            ),
            Prefetch(
                "agreement__term_reports",
                queryset=PUBLIC.links(TermReport).filter(is_current=True),
                to_attr="current_reports",
            ),
        )
        .order_by("agreement__title", "role", "company__name")
    )
    own_parties = [party for party in group_parties if party.company_id == company.pk]
    said_by_its_people = list(public_statements().filter(speaker__affiliation=company))
    said_about_it = list(
        public_statements()
        .filter(companies=company)
        .exclude(speaker__affiliation=company)
    )
    as_party = [
        {
            "agreement": party.agreement,
            "role": party.get_role_display(),
            "counterparties": [
                other
                for other in party.agreement.public_parties
                if other.company_id != company.pk
            ],
        }
        for party in own_parties
    ]
    via_owned = through_owned_companies(company, group_parties, own_parties)
    context = {
        "company": company,
        "title": company.name,
        "description": company.description
        or f"{company.name}: its agreements, its people and what they said.",
        "parent": PUBLIC.shown(company.parent),
        "as_party": as_party,
        "via_owned": via_owned,
        "own_agreement_count": len({party.agreement_id for party in own_parties}),
        "group_agreement_count": len({party.agreement_id for party in group_parties}),
        "totals": public_value_totals(
            PUBLIC.records(Agreement).filter(
                pk__in={party.agreement_id for party in group_parties}
            )
        ),
        "said_by_its_people": said_by_its_people,
        "said_about_it": said_about_it,
    }
    return TemplateResponse(request, "partnerships/company_detail.html", context)


def statement_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    statement = get_object_or_404(
        public_statements()
        .select_related("in_reply_to", "in_reply_to__speaker")
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
        "title": f"{statement.speaker.name}: statement",
        "description": statement_summary(statement),
        "question": question,
        "source": PUBLIC.shown(statement.source),
        "affiliation": PUBLIC.shown(statement.speaker.affiliation),
    }
    return TemplateResponse(request, "partnerships/statement_detail.html", context)


def person_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    person = get_object_or_404(
        PUBLIC.records(Person)
        .select_related("affiliation")
        .prefetch_related(
            Prefetch(
                "statements",
                queryset=PUBLIC.records(Statement).select_related("source"),
                to_attr="public_statements",
            ),
            public_citations(PersonCitation),
        ),
        slug=slug,
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
    }
    return TemplateResponse(request, "partnerships/person_detail.html", context)


def source_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    def citing(related: str, model) -> Prefetch:
        return Prefetch(
            related,
            queryset=PUBLIC.links(model).select_related("record"),
            to_attr=f"public_{related}",
        )

    source = get_object_or_404(
        PUBLIC.records(Source)
        .select_related("reported_in")
        .prefetch_related(
            Prefetch(
                "reports_on",
                queryset=PUBLIC.records(Source),
                to_attr="public_reports_on",
            ),
            Prefetch(
                "statements",
                queryset=public_statements(),
                to_attr="public_statements",
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
    }
    return TemplateResponse(request, "partnerships/source_detail.html", context)


# -- search, timeline, network ----------------------------------------------------------

SEARCH_LIMIT = 20


def search(request: HttpRequest) -> HttpResponse:
    refused = costly_read_refused(request)
    if refused:
        return refused
    unknown = sorted(set(request.GET) - {"q"})
    try:
        if unknown:
            raise BadQuery(
                f"Unknown parameter {', '.join(unknown)}: search accepts only q."
            )
        q = read_search(request)
        if "\x00" in q:
            raise BadQuery("The search (q) holds a NUL character, which no record has.")
    except BadQuery as error:
        return bad_request(request, error)
    groups = []
    if q:
        lists = [
            ("Agreements", agreement_list, "partnerships:agreement-list"),
            ("Companies", company_list, "partnerships:company-list"),
            ("Statements", statement_list, "partnerships:statement-list"),
            ("People", person_list, "partnerships:person-list"),
            ("Sources", source_list, "partnerships:source-list"),
        ]
        for label, browse, url_name in lists:
            # Results show only each record's name: no relation needs prefetching.
            matching = (
                browse.search(browse.base_queryset(), q)
                .prefetch_related(None)
                .order_by(*browse.default_sort.ordering)
            )
            found = list(matching[: SEARCH_LIMIT + 1])
            groups.append(
                {
                    "label": label,
                    "records": found[:SEARCH_LIMIT],
                    "more": len(found) > SEARCH_LIMIT,
                    "url_name": url_name,
                }
            )
    context = {
        "title": f"Search: {q}" if q else "Search",
        "description": "Search every published record of the partnership tracker.",
        "q": q,
        "groups": groups,
        "found": sum(len(group["records"]) for group in groups),
    }
    return TemplateResponse(request, "partnerships/search.html", context)


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
    agreements = list(
        PUBLIC.records(Agreement)
        .prefetch_related(public_parties(), public_readings())
        .order_by(
            F("announced_on").asc(nulls_last=True),
            F("effective_on").asc(nulls_last=True),
            "title",
        )
    )
    context = {
        "title": "Timeline of agreements",
        "description": (
            "Each agreement from its announcement to its expiry or end, "
            "coloured by status."
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
