"""Two ways to find the records a search matches, the cheaper one per query.

A search's records can be *gathered*: every match looked up in the index,
then sorted for the page. For a common word that means tens of thousands of
rows to read and sort for twenty (a statements search for "compute" at L:
54,050 matches, 0.29 s on SQLite). Or each record can be *asked*, in turn,
along the index of the list's order, until the page is full: about
`page / density` records asked (1 ms for that search's first page), but the
whole list for a rare word.

`EitherPlan` holds both conditions and writes the asked one only into a query
that reads few rows (a page, `high_mark`) from a list whose matches are dense
enough for that many (`walk_within`, from `worth_walking`); counts, facets
and exports, which read every match, gather.
"""

from django.db.models import Q, QuerySet
from django.db.models.sql.where import AND, WhereNode


def worth_walking(found: int, entries: int) -> int:
    """How far into a list it pays to walk, when `found` of its `entries`
    match: walking to row r asks about r × entries / found records, and
    gathering reads `found`; a record asked costs about a row gathered
    (measured at L, SQLite: 285,000 statements asked in 1.3 s, 54,050
    gathered and sorted in 0.29 s). Half that, for a margin."""
    if not entries:
        return 0
    return found * found // (2 * entries)


def gathered(queryset: QuerySet) -> QuerySet:
    """`queryset` with its matches gathered whatever its limit: for a query
    asked once per row of another (`EXISTS`, whose LIMIT 1 would otherwise
    ask each record along the list for every row: a facet of "compute" at
    L took 1.4 to 2.0 s so, 0.3 to 0.6 s gathered)."""
    queryset = queryset.all()
    queryset.query.gathers_matches = True  # kept by every clone of the query
    return queryset


def filtered(queryset: QuerySet, gathered: Q, asked: Q, walk_within: int) -> QuerySet:
    """`queryset` with the records `gathered` or `asked` find (`EitherPlan`),
    the plan a child of its WHERE itself. `filter()` would wrap it in an
    `= true` whose compiling resolves it again, both plans and every
    subquery in them copied once more for each query compiled (at S, 1.2 ms
    of an agreements search's 22.7, 3.4 of the search page's 19.8)."""
    if queryset.query.is_sliced:  # as filter() refuses
        raise TypeError("Cannot filter a query once a slice has been taken.")
    queryset = queryset.all()
    query = queryset.query
    plan = EitherPlan(gathered, asked, walk_within)
    # Appended, not `add()`ed: `add` merges a node joined by AND into the
    # WHERE's own children, which would ask both plans.
    query.where.children.append(plan.resolve_expression(query, allow_joins=True))
    return queryset


class EitherPlan(WhereNode):
    """`gathered` or `asked`, the same records either way (see the module)."""

    def __init__(self, gathered: Q, asked: Q, walk_within: int):
        super().__init__([gathered, asked], AND)
        self.walk_within = walk_within

    def clone(self):
        clone = super().clone()
        clone.walk_within = self.walk_within
        return clone

    def replace_expressions(self, replacements):
        replaced = super().replace_expressions(replacements)
        replaced.walk_within = self.walk_within
        return replaced

    def resolve_expression(self, query=None, *args, **kwargs):
        clone = self.clone()
        clone.children = [
            child.resolve_expression(query, *args, **kwargs) for child in self.children
        ]
        clone.resolved = True
        return clone

    def walks(self, query) -> bool:
        # The limit of a grouped query (a facet's commonest choices) is of
        # groups, each of which may hold any match: asking every record along
        # the list took a facet of "compute" 2.1 s at L (0.2 s gathered).
        return (
            query.high_mark is not None
            and query.high_mark <= self.walk_within
            and not query.group_by
            and not getattr(query, "gathers_matches", False)
        )

    def as_sql(self, compiler, connection):
        gathered, asked = self.children
        return compiler.compile(asked if self.walks(compiler.query) else gathered)
