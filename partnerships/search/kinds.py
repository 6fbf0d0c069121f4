"""How one search term finds each kind of record: by the record's own text,
or through a related record the reader sees (rule 2 of
`partnerships.visibility`), as the lists and the API always searched:

- a company by its name, an alias, or its owner's ("亚马逊" finds AWS);
- an agreement by a party called so (or owned by a company called so);
- a statement by its speaker's name;
- a source by the words cited from it.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL

from partnerships.models import (
    Agreement,
    AgreementParty,
    Company,
    CompanyAlias,
    Person,
    Source,
    Statement,
)
from partnerships.search import text
from partnerships.search.backends import Alternative, Clause, entries, held
from partnerships.search.documents import CITATIONS, DOCUMENTS
from partnerships.search.models import SearchEntry
from partnerships.visibility import Reader


@dataclass(frozen=True)
class Finding:
    """What one term finds, said twice (`partnerships.search.plans`): as ids
    gathered from the index, and as a question asked of each record."""

    gathered: Q
    asked: Q
    # Whether it also finds records through related ones, not only by their
    # own text.
    related: bool = False

    def __or__(self, other: "Finding") -> "Finding":
        return Finding(
            self.gathered | other.gathered,
            self.asked | other.asked,
            self.related or other.related,
        )

    def __and__(self, other: "Finding") -> "Finding":
        return Finding(
            self.gathered & other.gathered,
            self.asked & other.asked,
            self.related or other.related,
        )

    @classmethod
    def through(cls, condition: Q) -> "Finding":
        """Records found through related ones: a condition that reads as
        little one way as the other."""
        return cls(condition, condition, related=True)


def clause(model, term: str, column: str) -> Clause:
    """What `term` asks of an entry of `model` in `column` (name or text);
    part of a word is enough in a name that is searched by substrings."""
    found = (Alternative(column, tuple(text.query_tokens(term)), prefix=True),)
    pieces = text.query_grams(term)
    if pieces and DOCUMENTS[model].substrings:
        found += (Alternative("grams", tuple(pieces), prefix=False),)
    return found


def found_ids(model, terms: list[str], column: str = "text") -> QuerySet | RawSQL:
    """Ids of the `model` records whose own text holds every term."""
    return entries(
        DOCUMENTS[model].kind, [clause(model, term, column) for term in terms]
    )


def held_by_entry(model, terms: list[str], column: str, record: str = "pk") -> Q:
    """A record's own entry holds every term in `column`, asked of the row
    (whose field `record` is the record's id).
    As a value of the entry, not as EXISTS: PostgreSQL, with no statistics
    for the words, made an EXISTS a hash of every entry that holds them
    (130 ms for "compute" at L, against 10 ms row by row)."""
    holds = Q()
    for term in terms:
        holds &= held(clause(model, term, column))
    entry = SearchEntry.objects.filter(
        kind=DOCUMENTS[model].kind, record_id=OuterRef(record)
    ).order_by()
    value = ExpressionWrapper(holds, output_field=BooleanField())
    return Q(Subquery(entry.values(holds=value), output_field=BooleanField()))


def own_text(model, term: str) -> Finding:
    return Finding(
        gathered=Q(pk__in=found_ids(model, [term])),
        asked=held_by_entry(model, [term], "text"),
    )


def named(reader: Reader, term: str) -> QuerySet:
    """Ids of the companies the reader sees called `term` (by name, or by an
    alias, which is seen with its company), and of those such a company owns.

    Unions, not ORs: SQLite uses no index for an OR of subqueries and then
    scanned every company, and every party of every agreement (0.8 s for
    one word at scale M; 0.03 s so)."""
    called = (
        Company.objects.filter(pk__in=found_ids(Company, [term], "name"))
        .values("pk")
        .union(
            CompanyAlias.objects.filter(
                pk__in=found_ids(CompanyAlias, [term], "name")
            ).values("company")
        )
    )
    owners = reader.records(Company).filter(pk__in=called).values("pk")
    return owners.union(reader.records(Company).filter(parent__in=owners).values("pk"))


def called_so(term: str, company: str = "pk") -> Q:
    """The company whose id is the row's field `company` is called `term`, by
    its name or an alias (seen with it), asked of the row."""
    aliases = CompanyAlias.objects.filter(company=OuterRef(company)).filter(
        held_by_entry(CompanyAlias, [term], "name")
    )
    return held_by_entry(Company, [term], "name", company) | any_row(aliases)


def named_asked(reader: Reader, term: str) -> Q:
    """`named`, asked of a company the reader sees: called `term`, or owned
    by a company the reader sees called so."""
    called = called_so(term)
    owner = reader.records(Company).filter(called, pk=OuterRef("parent"))
    return called | any_row(owner)


def company(reader: Reader, term: str) -> Finding:
    return own_text(Company, term) | Finding(
        gathered=Q(pk__in=named(reader, term)),
        asked=named_asked(reader, term),
        related=True,
    )


def agreement(reader: Reader, term: str) -> Finding:
    # A party of an agreement the reader sees (the queryset searched) and of a
    # company the reader sees (named): both ends seen, as rule 2 asks, without
    # reader.links(), whose joins made SQLite read every agreement's parties.
    parties = AgreementParty.objects.filter(company__in=named(reader, term))
    party_named = reader.records(Company).filter(
        named_asked(reader, term), pk=OuterRef("company")
    )
    parties_asked = AgreementParty.objects.filter(
        Exists(party_named), agreement=OuterRef("pk")
    )
    return own_text(Agreement, term) | Finding(
        gathered=Q(pk__in=parties.values("agreement")),
        asked=any_row(parties_asked),
        related=True,
    )


def any_row(rows: QuerySet) -> Q:
    """`rows` has a row, asked for each record as a value: as EXISTS, which
    PostgreSQL hashed, it read all 225,000 parties at L (200 ms)."""
    found = rows.order_by().values(found=Value(True))[:1]
    return Q(Subquery(found, output_field=BooleanField()))


def statement(reader: Reader, term: str) -> Finding:
    speakers = reader.records(Person).filter(pk__in=found_ids(Person, [term], "name"))
    return own_text(Statement, term) | Finding.through(Q(speaker__in=speakers))


def person(reader: Reader, term: str) -> Finding:
    return own_text(Person, term)


def source(reader: Reader, term: str) -> Finding:
    # The sources searched are the reader's (`matching`): a citation's source
    # end is not looked up again, which read each match's source row.
    # Asked of a source, its own citations are looked at: the ids of every
    # citation holding the words, for a common word, were most statements'
    # (a page of /sources/?q=compute at L took 330 ms to gather them).
    finding = own_text(Source, term)
    for model in CITATIONS:
        seen = reader.links(model, checked=["source"])
        cited = seen.filter(pk__in=found_ids(model, [term]))
        cited_here = seen.filter(held_by_entry(model, [term], "text"))
        finding |= Finding(
            gathered=Q(pk__in=cited.values("source")),
            asked=any_row(cited_here.filter(source=OuterRef("pk"))),
            related=True,
        )
    return finding


FINDERS: dict[type, Callable[[Reader, str], Finding]] = {
    Company: company,
    Agreement: agreement,
    Statement: statement,
    Person: person,
    Source: source,
}


@functools.lru_cache(maxsize=64)
def finding(model, reader: Reader, term: str) -> Finding:
    """What `term` finds among `model`'s records for `reader`, built once
    while kept. Building one resolves its nested subqueries (four deep for an
    agreement's party owned by a company called so): 4 ms of an agreements
    search's 28 at S. Nothing in it is a row: its querysets are never run,
    only cloned into each search's query, so one serves every search. One
    takes about 100 KB: the 64 kept, 6 MB a process."""
    return FINDERS[model](reader, term)
