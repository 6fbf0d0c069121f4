"""Looking tokens up in the index, the one part that differs by database.

A `Clause` is what one search term asks of an entry: all its tokens in one
column (the last as a prefix), or else, for a name, all its three-letter
pieces. Both databases compare the same stored tokens, split at spaces, so
they find the same entries.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, F, Func, Lookup, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from partnerships.search.models import SearchEntry


@dataclass(frozen=True)
class Alternative:
    column: str  # name, text or grams
    tokens: tuple[str, ...]
    prefix: bool  # whether the last token may begin a longer one


# One term: an entry matches when any alternative does.
Clause = tuple[Alternative, ...]


def entries(kind: str, clauses: list[Clause]) -> QuerySet | RawSQL:
    """The record ids of `kind` whose entry matches every clause, for `pk__in`."""
    if connection.vendor == "postgresql":
        found = SearchEntry.objects.filter(kind=kind)
        for clause in clauses:
            found = found.filter(postgresql_clause(clause))
        return found.values("record_id")
    # One level of SQL, not a subquery in a subquery: SQLite's parser has a
    # fixed depth, which the relations' subqueries around this one also take.
    # CROSS JOIN keeps the full-text match as the outer loop: driven from the
    # entries of the kind, SQLite ran the match once per entry (22 s at M).
    # The kind is matched in the index (search migration 0002), so only the
    # kind's entries are read for their record ids.
    return RawSQL(
        "SELECT entry.record_id FROM search_entry_fts"
        " CROSS JOIN search_searchentry entry ON entry.id = search_entry_fts.rowid"
        " WHERE search_entry_fts MATCH %s",
        [fts5_query(kind, clauses)],
    )


def fts5_query(kind: str, clauses: list[Clause]) -> str:
    return " AND ".join([f'(kind : "{kind}")', *map(fts5_clause, clauses)])


def entry_counts(kind: str, searches: list[list[Clause]]) -> list[int]:
    """How many entries of `kind` match every clause of each search, and how
    many it has (last), in one query."""
    selected, params = [], []
    for clauses in searches:
        if connection.vendor == "postgresql":
            found = SearchEntry.objects.filter(kind=kind)
            for clause in clauses:
                found = found.filter(postgresql_clause(clause))
            sql, found_params = found.order_by().values("pk").query.sql_with_params()
            selected.append(f"(SELECT count(*) FROM ({sql}) found)")
            params.extend(found_params)
        else:
            selected.append(
                "(SELECT count(*) FROM search_entry_fts"
                " WHERE search_entry_fts MATCH %s)"
            )
            params.append(fts5_query(kind, clauses))
    selected.append("(SELECT count(*) FROM search_searchentry WHERE kind = %s)")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selected)}", [*params, kind])
        return list(cursor.fetchone())


def held(clause: Clause) -> Q:
    """An entry's own row matches `clause`, read from its columns rather than
    looked up in the full-text index: for asking one record at a time, which
    the index answers slowly for a prefix (SQLite's FTS5 gathers every entry
    a prefix finds, whichever one it is asked about: 8 ms for "compute*" at
    L)."""
    condition = Q()
    for alternative in clause:
        last = len(alternative.tokens) - 1
        sought = tuple(
            f" {token}" if alternative.prefix and position == last else f" {token} "
            for position, token in enumerate(alternative.tokens)
        )
        condition |= Q(HoldsTokens(F(alternative.column), sought))
    return condition


class HoldsTokens(Lookup):
    """A column of tokens separated by single spaces holds each of `rhs`: a
    token as ` token ` in ` column `, the start of one as ` token`. One
    expression, not one per token: a search's conditions are built for each
    request, and their trees of functions took longer to build than to run."""

    lookup_name = "holds_tokens"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.lhs)
        position = "strpos" if connection.vendor == "postgresql" else "instr"
        spaced = f"(' ' || {column} || ' ')"
        found = [f"{position}({spaced}, %s) > 0" for _ in self.rhs]
        return (
            f"({' AND '.join(found)})",
            [value for sought in self.rhs for value in (*params, sought)],
        )


def fts5_clause(clause: Clause) -> str:
    # Tokens are letters and digits only (partnerships.search.text): quoting
    # them is enough to keep FTS5 from reading any of them as an operator.
    alternatives = []
    for alternative in clause:
        quoted = [f'"{token}"' for token in alternative.tokens]
        if alternative.prefix:
            quoted[-1] += "*"
        alternatives.append(f"({alternative.column} : ({' AND '.join(quoted)}))")
    return f"({' OR '.join(alternatives)})"


class TokensMatch(Func):
    """`column`'s tokens match a tsquery, through the GIN index on the same
    expression (migration search 0001)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        column, query = self.source_expressions
        column_sql, column_params = compiler.compile(column)
        query_sql, query_params = compiler.compile(query)
        return (
            f"array_to_tsvector(string_to_array({column_sql}, ' ')) "
            f"@@ ({query_sql})::tsquery",
            (*column_params, *query_params),
        )


def postgresql_clause(clause: Clause) -> Q:
    condition = Q()
    for alternative in clause:
        quoted = [f"'{token}'" for token in alternative.tokens]
        if alternative.prefix:
            quoted[-1] += ":*"
        condition |= Q(TokensMatch(F(alternative.column), Value(" & ".join(quoted))))
    return condition
