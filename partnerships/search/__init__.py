"""Search: the one way the site and the API find records by words.

    matching(queryset, terms, reader)  the reader's records every term finds
    called(queryset, terms)            those whose own name holds every term

A term finds a record when each of its words is in the record's text (the
last word may be the start of a longer one) or in a related record the reader
sees (`kinds`); every term must find it. The words are looked up in an index
of tokens made in Python (`text`: lowercased, accents folded, Chinese and
Japanese in pairs of characters, names also by three-letter pieces), which
SQLite searches with FTS5 and PostgreSQL with GIN indexes (`backends`), so
both find the same records. The index holds every record's own text, drafts'
too: what a reader may see is decided after matching, on the real rows, by
`partnerships.visibility`, so a draft's words find nothing for the public.

The index follows every save and delete (`indexing`);
`manage.py rebuild_search_index` writes it afresh after bulk loads.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from partnerships.search import plans, text

if TYPE_CHECKING:
    from partnerships.visibility import Reader

# This package is also the app that holds the index (label "search"): Django
# imports it before any model is ready, so the modules that import models are
# imported when a search runs.


def searchable(term: str) -> bool:
    return bool(text.query_tokens(term))


def matching(
    queryset: QuerySet,
    terms: list[str],
    reader: "Reader",
    weight: "Weight | None" = None,
) -> QuerySet:
    """The records of `queryset` that every term finds; a search of nothing
    but punctuation finds nothing. `queryset` must hold only records the
    reader sees (`reader.records(...)`): relations are followed only to
    records the reader sees, from those. A page of them is read along the
    list's order when the terms' own text finds enough records (`plans`);
    none is looked for when nothing holds the words and no relation leads
    to a record. `weight`: the terms' `weighed`, when the caller has it."""
    from partnerships.search.kinds import finding

    terms = [term for term in terms if searchable(term)]
    if not terms:
        return queryset.none()
    model = queryset.model
    findings = [finding(model, reader, term) for term in terms]
    found = findings[0]
    for other in findings[1:]:
        found &= other
    weight = weight or weighed(model, terms)
    if not weight.held and not found.related:
        return queryset.none()
    walk_within = plans.worth_walking(weight.held, weight.entries)
    return plans.filtered(queryset, found.gathered, found.asked, walk_within)


def called(
    queryset: QuerySet, terms: list[str], weight: "Weight | None" = None
) -> QuerySet:
    """The records of `queryset` whose own name or title holds every term
    (each of them is a match: a record's text holds its name)."""
    from partnerships.search.kinds import found_ids, held_by_entry

    terms = [term for term in terms if searchable(term)]
    if not terms:
        return queryset.none()
    model = queryset.model
    weight = weight or weighed(model, terms)
    if not weight.named:
        return queryset.none()
    return plans.filtered(
        queryset,
        Q(pk__in=found_ids(model, terms, "name")),
        held_by_entry(model, terms, "name"),
        plans.worth_walking(weight.named, weight.entries),
    )


@dataclass(frozen=True)
class Weight:
    """How many entries of a kind hold every term in their name, and in their
    text, of how many: what decides how a page of them is read
    (`plans.worth_walking`)."""

    named: int
    held: int
    entries: int


def weighed(model, terms: list[str]) -> Weight:
    """The terms' `Weight` among `model`'s entries, counted in one query once
    until the next write (`readercache.counts`)."""
    from partnerships.search import backends
    from partnerships.search.documents import DOCUMENTS
    from partnerships.search.kinds import clause
    from readercache import counts

    kind = DOCUMENTS[model].kind
    named = [clause(model, term, "name") for term in terms]
    held = [clause(model, term, "text") for term in terms]
    searches = [named, held]
    return counts.remembered(
        "search-weight",
        (kind, searches),
        lambda: Weight(*backends.entry_counts(kind, searches)),
    )
