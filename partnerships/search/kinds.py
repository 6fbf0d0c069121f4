"""How one search term finds each kind of record: by the record's own text,
or through a related record the reader sees (rule 2 of
`partnerships.visibility`), as the lists and the API always searched:

- a company by its name, an alias, or its owner's ("亚马逊" finds AWS);
- an agreement by a party called so (or owned by a company called so);
- a statement by its speaker's name;
- a source by the words cited from it.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet
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
from partnerships.search.backends import Alternative, Clause, entries
from partnerships.search.documents import CITATIONS, DOCUMENTS
from partnerships.visibility import Reader


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


def own_text(model, term: str) -> Q:
    return Q(pk__in=found_ids(model, [term]))


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


def company(reader: Reader, term: str) -> Q:
    return own_text(Company, term) | Q(pk__in=named(reader, term))


def agreement(reader: Reader, term: str) -> Q:
    # A party of an agreement the reader sees (the queryset searched) and of a
    # company the reader sees (named): both ends seen, as rule 2 asks, without
    # reader.links(), whose joins made SQLite read every agreement's parties.
    parties = AgreementParty.objects.filter(company__in=named(reader, term)).values(
        "agreement"
    )
    return own_text(Agreement, term) | Q(pk__in=parties)


def statement(reader: Reader, term: str) -> Q:
    speakers = reader.records(Person).filter(pk__in=found_ids(Person, [term], "name"))
    return own_text(Statement, term) | Q(speaker__in=speakers)


def person(reader: Reader, term: str) -> Q:
    return own_text(Person, term)


def source(reader: Reader, term: str) -> Q:
    # The sources searched are the reader's (`matching`): a citation's source
    # end is not looked up again, which read each match's source row.
    condition = own_text(Source, term)
    for model in CITATIONS:
        cited = reader.links(model, checked=["source"]).filter(
            pk__in=found_ids(model, [term])
        )
        condition |= Q(pk__in=cited.values("source"))
    return condition


FINDERS: dict[type, Callable[[Reader, str], Q]] = {
    Company: company,
    Agreement: agreement,
    Statement: statement,
    Person: person,
    Source: source,
}
