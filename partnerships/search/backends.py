"""Looking tokens up in the index, the one part that differs by database.

A `Clause` is what one search term asks of an entry: all its tokens in one
column (the last as a prefix), or else, for a name, all its three-letter
pieces. Both databases compare the same stored tokens, split at spaces, so
they find the same entries.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
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
    kind_clause = f'(kind : "{kind}")'
    return RawSQL(
        "SELECT entry.record_id FROM search_entry_fts"
        " CROSS JOIN search_searchentry entry ON entry.id = search_entry_fts.rowid"
        " WHERE search_entry_fts MATCH %s",
        [" AND ".join([kind_clause, *(fts5_clause(clause) for clause in clauses)])],
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
