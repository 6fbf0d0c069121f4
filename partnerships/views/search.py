"""Search across every kind of record: results grouped by kind, each with the
words around its match, the match marked (`partnerships.snippets`).

Each kind shows its first `SEARCH_LIMIT` matches, those whose name or title
holds every word first (`called_first`), then the others in the order of its
list (`the_rest`), and links to that list searched by the same words for the
rest, so a search costs a fixed number of queries whatever it finds.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import CharField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.safestring import SafeString

from partnerships.browse import (
    BadQuery,
    BrowseList,
    bad_request,
    costly_read_refused,
    read_search,
)
from partnerships.models import (
    Agreement,
    Company,
    CompanyAlias,
    Person,
    Source,
    Statement,
)
from partnerships.search import called, matching, searchable, weighed
from partnerships.snippets import Snippet, highlight, snippet
from partnerships.views.lists import (
    CITATION_MODELS,
    agreement_list,
    company_list,
    person_list,
    source_list,
    statement_list,
)
from partnerships.views.public import public_parties
from partnerships.visibility import PUBLIC

SEARCH_LIMIT = 5


def result_title(record) -> str:
    """The one place that says what a result is called."""
    if isinstance(record, Statement):
        return record.title
    return str(record)


def agreement_fields(agreement: Agreement) -> list[tuple[str, str]]:
    parties = ", ".join(
        f"{party.company.name} ({party.get_role_display().lower()})"
        for party in agreement.public_parties
    )
    return [
        ("Summary", agreement.summary),
        ("Value as reported", agreement.value_as_reported),
        ("Parties", parties),
    ]


def company_fields(company: Company) -> list[tuple[str, str]]:
    owner = PUBLIC.shown(company.parent)
    return [
        ("Also known as", ", ".join(alias.name for alias in company.public_aliases)),
        ("Description", company.description),
        ("Owned by", owner.name if owner else ""),
    ]


def statement_fields(statement: Statement) -> list[tuple[str, str]]:
    return [
        ("As published", statement.text),
        ("English rendering", statement.text_en),
        ("Occasion", statement.occasion),
        ("Speaker", statement.speaker.name),
    ]


def person_fields(person: Person) -> list[tuple[str, str]]:
    return [("Role", person.role), ("Description", person.description)]


def source_fields(source: Source) -> list[tuple[str, str]]:
    return [
        ("Words cited from it", source.matching_excerpt or ""),
        ("Publisher", source.publisher),
        ("Author", source.author),
        ("Description", source.description),
    ]


def no_extra(queryset: QuerySet, q: str) -> QuerySet:
    return queryset


def with_parties(queryset: QuerySet, q: str) -> QuerySet:
    return queryset.prefetch_related(public_parties())


def with_aliases(queryset: QuerySet, q: str) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch(
            "aliases", queryset=PUBLIC.links(CompanyAlias), to_attr="public_aliases"
        )
    )


def with_matching_excerpt(queryset: QuerySet, q: str) -> QuerySet:
    return queryset.annotate(matching_excerpt=matching_excerpt(q))


@functools.lru_cache(maxsize=64)
def matching_excerpt(q: str) -> Coalesce:
    """The first cited excerpt of the source holding `q`, of any record the
    public sees: one subquery per kind of citation, in the same query. Kept
    per search, as `partnerships.search.kinds.finding` is, for the same
    reason: building the subqueries took 1.5 ms of the search page's 22 at
    S, and `annotate` copies what it is given."""
    excerpts = [
        Subquery(
            PUBLIC.links(model)
            .filter(source=OuterRef("pk"), excerpt__icontains=q)
            .order_by("pk")
            .values("excerpt")[:1]
        )
        for model in CITATION_MODELS
    ]
    return Coalesce(*excerpts, output_field=CharField())


@dataclass(frozen=True)
class Kind:
    label: str
    model: type
    browse: BrowseList
    url_name: str
    fields: Callable[[object], list[tuple[str, str]]]
    # What the snippets need beyond the list's own columns.
    extra: Callable[[QuerySet, str], QuerySet] = no_extra
    # The records as a result shows them, when the list's queryset works out
    # more (a company's agreement counts, 2.3 s for six companies at L) or
    # prefetches what a result does not show (an agreement's terms).
    records: Callable[[], QuerySet] | None = None


KINDS = [
    Kind(
        "Agreements",
        Agreement,
        agreement_list,
        "partnerships:agreement-list",
        agreement_fields,
        with_parties,
        lambda: PUBLIC.records(Agreement),
    ),
    Kind(
        "Companies",
        Company,
        company_list,
        "partnerships:company-list",
        company_fields,
        with_aliases,
        lambda: PUBLIC.records(Company).select_related("parent"),
    ),
    Kind(
        "Statements",
        Statement,
        statement_list,
        "partnerships:statement-list",
        statement_fields,
    ),
    Kind(
        "People",
        Person,
        person_list,
        "partnerships:person-list",
        person_fields,
        records=lambda: PUBLIC.records(Person),
    ),
    Kind(
        "Sources",
        Source,
        source_list,
        "partnerships:source-list",
        source_fields,
        with_matching_excerpt,
    ),
]


@dataclass(frozen=True)
class Result:
    record: object
    title: SafeString
    snippet: Snippet | None


def results(kind: Kind, q: str) -> tuple[list[Result], bool]:
    """The first `SEARCH_LIMIT` records of `kind` matching `q`, and whether
    there are more."""
    terms = [term for term in q.split() if searchable(term)]
    if not terms:
        return [], False
    model = kind.model
    weight = weighed(model, terms)
    found = called_first(kind, q, terms, weight, model)
    if len(found) <= SEARCH_LIMIT:
        found += the_rest(kind, q, terms, weight, model, found)
    shown = [
        Result(
            record=record,
            title=highlight(result_title(record), q),
            snippet=snippet(kind.fields(record), q),
        )
        for record in found[:SEARCH_LIMIT]
    ]
    return shown, len(found) > SEARCH_LIMIT


def shown_records(kind: Kind) -> QuerySet:
    return kind.records() if kind.records else kind.browse.records()


def called_first(kind: Kind, q: str, terms: list[str], weight, model) -> list:
    """The first records of `kind` whose name or title holds every word of
    `q` (`SEARCH_LIMIT` and one): they rank before every other match, and a
    common word names enough of them to fill the page. Each is a match (its
    own text holds its name), so the rest need not be looked for: matching
    "compute" in the 100,000 excerpts citing sources took 0.26 s at L."""
    records = called(PUBLIC.records(model), terms, weight)
    return first_records(kind, q, records, SEARCH_LIMIT + 1)


def the_rest(kind: Kind, q: str, terms: list[str], weight, model, first: list) -> list:
    """The first other matches of `q`, after all those `called_first` found
    (fewer than a page): in the list's order alone, a page of a common
    word's matches is read along the list's index (`partnerships.search`)."""
    found = matching(PUBLIC.records(model), terms, PUBLIC, weight)
    others = found.exclude(pk__in=[record.pk for record in first])
    return first_records(kind, q, others, SEARCH_LIMIT + 1 - len(first))


def first_records(kind: Kind, q: str, among: QuerySet, limit: int) -> list:
    """The first `limit` of `among`, in the list's order, as a result shows
    them. The page's records are picked without what the list shows of each
    (a company's agreement counts): SQLite worked those out for every match
    before sorting, 13 s for "compute" at L. Their rows are then read, in the
    same query."""
    if among.query.is_empty():  # `none()`: nothing holds the words
        return []
    order = (*kind.browse.default_sort.ordering, "pk")
    picked = among.order_by(*order).values("pk")[:limit]
    found = shown_records(kind).filter(pk__in=picked).prefetch_related(None)
    return list(kind.extra(found, q).order_by(*order))


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
        for kind in KINDS:
            shown, more = results(kind, q)
            groups.append(
                {
                    "label": kind.label,
                    "results": shown,
                    "records": [result.record for result in shown],
                    "more": more,
                    "url_name": kind.url_name,
                }
            )
    context = {
        "title": f"Search: {q}" if q else "Search",
        "description": "Search every published record of the partnership tracker.",
        "q": q,
        "groups": groups,
        "found": sum(len(group["results"]) for group in groups),
        "limit": SEARCH_LIMIT,
    }
    return TemplateResponse(request, "partnerships/search.html", context)
