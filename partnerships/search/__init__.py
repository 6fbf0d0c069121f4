"""Search: the one way the site and the API find records by words.

    matching(queryset, terms, reader)  the reader's records every term finds
    ranked(queryset, terms)            those called by the words first

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

from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from partnerships.search import text

if TYPE_CHECKING:
    from partnerships.visibility import Reader

# This package is also the app that holds the index (label "search"): Django
# imports it before any model is ready, so the modules that import models are
# imported when a search runs.


def searchable(term: str) -> bool:
    return bool(text.query_tokens(term))


def matching(queryset: QuerySet, terms: list[str], reader: "Reader") -> QuerySet:
    """The records of `queryset` that every term finds; a search of nothing
    but punctuation finds nothing. `queryset` must hold only records the
    reader sees (`reader.records(...)`): relations are followed only to
    records the reader sees, from those."""
    from partnerships.search.kinds import FINDERS

    terms = [term for term in terms if searchable(term)]
    if not terms:
        return queryset.none()
    find = FINDERS[queryset.model]
    condition = Q()
    for term in terms:
        condition &= find(reader, term)
    return queryset.filter(condition)


def ranked(queryset: QuerySet, terms: list[str]) -> QuerySet:
    """`queryset` with `search_rank`: 0 for records whose name or title holds
    every term, 1 for the rest; order by it, then by something unique."""
    from partnerships.search.kinds import found_ids

    terms = [term for term in terms if searchable(term)]
    called = found_ids(queryset.model, terms, "name") if terms else []
    return queryset.annotate(
        search_rank=Case(
            When(pk__in=called, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
