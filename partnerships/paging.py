"""Pages of a list inside a bigger page: a company's agreements, what its
people said, the rows of the timeline ...

A page that shows several lists gives each its own parameter
(`?agreements=2&said_by=3`), so that moving through one keeps the others where
they were. Each is read as list pages read `page` (`partnerships.browse`): a
value that is not a page number is a 400 naming the parameter, a page past
the last a 404 saying how many there are. The total is known before the page
is fetched (counted by the query that fetches the record the page is about,
or by the caller), so a list with nothing in it costs no query at all.
"""

from dataclasses import dataclass

from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from django.http import HttpRequest

from partnerships.deep_pages import read_from_end


class BadQuery(Exception):
    """A query-string parameter the page cannot honour; the message names it."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def page_number(request: HttpRequest, param: str) -> int:
    values = request.GET.getlist(param)
    if len(values) > 1:
        raise BadQuery(f"Give {param} only once.")
    raw = values[0] if values else "1"
    if not raw.isdecimal() or int(raw) < 1 or len(raw) > 9:
        raise BadQuery(f"“{raw}” is not a page number ({param}): use 1, 2, 3 …")
    return int(raw)


@dataclass
class Section:
    """One page of a list: its records, where they stand in the whole, and
    links to the pages before and after it (to `anchor`, the list's heading)."""

    param: str
    number: int
    size: int
    total: int
    request: HttpRequest
    anchor: str = ""
    records: list | None = None

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first_shown(self) -> int:
        return self.offset + 1 if self.total else 0

    @property
    def last_shown(self) -> int:
        return min(self.offset + self.size, self.total)

    @property
    def skipped(self) -> int:
        """The rows passed over to reach this page from the nearer end of the
        list (`fetch` reads a page in the second half from the end)."""
        return min(self.offset, self.total - self.last_shown)

    @property
    def is_paged(self) -> bool:
        return self.total > self.size

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    def url(self, number: int) -> str:
        query = self.request.GET.copy()
        if number == 1:
            query.pop(self.param, None)
        else:
            query[self.param] = str(number)
        path = (
            f"{self.request.path}?{query.urlencode()}" if query else self.request.path
        )
        return f"{path}#{self.anchor}" if self.anchor else path

    @property
    def previous_url(self) -> str:
        return self.url(self.number - 1)

    @property
    def next_url(self) -> str:
        return self.url(self.number + 1)

    def check(self) -> "Section":
        if self.number > self.num_pages:
            pages = self.num_pages
            raise BadQuery(
                f"There is no page {self.number} ({self.param}): this list has "
                f"{pages} page{'s' if pages != 1 else ''}.",
                status=404,
            )
        return self

    def fetch(self, queryset: QuerySet) -> list:
        """This page's records of `queryset`, or none without asking the
        database when the list is empty. A page in the second half is read in
        the reverse order, from the end, so that the last page skips as few
        rows as the first: `queryset`'s order must be total (end on a unique
        field) and `total` its length."""
        if self.records is not None:
            return self.records
        if not self.total:
            self.records = []
        elif self.offset > self.total // 2:
            self.records = read_from_end(
                queryset,
                skip=self.total - self.last_shown,
                count=self.last_shown - self.offset,
                at_least=self.size,
            )
        else:
            self.records = list(queryset[self.offset : self.offset + self.size])
        return self.records


def section(
    request: HttpRequest, param: str, total: int, size: int, anchor: str = ""
) -> Section:
    """The page of a list of `total` records that the request asks for with
    `param`: checked (BadQuery) but not yet fetched."""
    return Section(
        param=param,
        number=page_number(request, param),
        size=size,
        total=total,
        request=request,
        anchor=anchor,
    ).check()


def counted(queryset: QuerySet, column: str = "pk", distinct: bool = False) -> Subquery:
    """How many rows (or distinct `column` values) `queryset` has: an
    annotation, so that a page's totals come with the record it is about."""
    template = (
        "COUNT(DISTINCT %(expressions)s)"
        if distinct
        else "%(function)s(%(expressions)s)"
    )
    number = Func(
        F(column), function="COUNT", template=template, output_field=IntegerField()
    )
    return Subquery(queryset.order_by().values(n=number))
