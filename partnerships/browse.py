"""Lists a reader can search, filter, sort, page through and download as CSV.

A list page reads its query string strictly: an unknown parameter, a filter
value that names nothing, a sort it does not offer or a page that is not a
number is answered with a 400 page naming the parameter, never ignored.
Facets count the records matching the other filters, as Datasette's do, so a
reader sees how many records each choice would leave. A facet shows its
FACET_CHOICES commonest choices and links to the rest (`more=<facet>`), a page
of FACET_MORE_CHOICES at a time (`choices=2`): no list page grows with the
number of companies, speakers or sources there are.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.response import TemplateResponse

from partnerships import (
    groups,
    kept_queries,
    limits,
    search,
    search_limits,
    spreadsheets,
)
from partnerships.deep_pages import TwoEndedPaginator
from partnerships.models import Company
from partnerships.paging import BadQuery
from partnerships.qualified import PreciseDate, parse_period
from partnerships.search import plans
from partnerships.visibility import PUBLIC
from readercache import counts

PAGE_SIZE = 25


def bad_request(request: HttpRequest, error: BadQuery) -> TemplateResponse:
    return TemplateResponse(
        request,
        "partnerships/bad_request.html",
        {"problem": str(error), "title": "That request could not be answered"},
        status=error.status,
    )


def too_many_requests(request: HttpRequest, refusal: limits.Refusal) -> HttpResponse:
    response = TemplateResponse(
        request,
        "partnerships/too_many_requests.html",
        {"problem": refusal.message, "title": "Too many requests"},
        status=429,
    )
    response["Retry-After"] = str(refusal.wait)
    return response


def costly_read_refused(request: HttpRequest) -> HttpResponse | None:
    """A search (`q`) or a CSV download past the client's limit (partnerships.limits)."""
    scopes = limits.costly_scopes(
        search=request.GET.get("q", ""), csv=request.GET.get("format") == "csv"
    )
    refusal = limits.check(request, scopes)
    return too_many_requests(request, refusal) if refusal else None


@dataclass
class FacetChoice:
    value: str
    label: str
    count: int
    url: str
    selected: bool = False


@dataclass(frozen=True)
class ChoiceFacet:
    """A filter on a field with fixed choices: status, kind, form ..."""

    param: str
    label: str
    field: str
    choices: type[models.TextChoices] | None = None
    label_for: Callable[[str], str] = str

    def validate(self, value: str, records: QuerySet) -> str:
        if self.choices is not None and value not in self.choices.values:
            allowed = ", ".join(self.choices.values)
            raise BadQuery(
                f"“{value}” is not a valid {self.param}: choose one of {allowed}."
            )
        if self.choices is None and not records.filter(**{self.field: value}).exists():
            raise BadQuery(f"No published record has {self.param} “{value}”.")
        return value

    def apply(self, queryset: QuerySet, value: str) -> QuerySet:
        return queryset.filter(**{self.field: value})

    def counts(
        self, queryset: QuerySet, window: slice, only: str | None = None
    ) -> list[tuple[str, str, int]]:
        rows = (
            queryset.order_by()
            .exclude(**{self.field: ""})
            .values_list(self.field)
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", self.field)
        )
        if only is not None:
            rows = rows.filter(**{self.field: only})
        labels = dict(self.choices.choices) if self.choices is not None else {}
        return [
            (value, labels.get(value) or self.label_for(value), n)
            for value, n in rows[window]
        ]


@dataclass(frozen=True)
class RelatedFacet:
    """A filter on a related record named by its slug: a company, a speaker ...

    `through` gives the rows linking a listed record (column `record`) to a
    related one (column `related_field`): a many-to-many table, or the listed
    model itself with `record="pk"` for a foreign key. Only what the public
    sees is offered; a draft's slug is refused as an unknown one is.
    """

    param: str
    label: str
    related: type[models.Model]
    through: Callable[[], QuerySet]
    record: str
    related_field: str

    def validate(self, value: str, records: QuerySet) -> str:
        if not PUBLIC.named(self.related, value).exists():
            name = self.related._meta.verbose_name
            raise BadQuery(f"There is no {name} “{value}” to filter by ({self.param}).")
        return value

    def apply(self, queryset: QuerySet, value: str) -> QuerySet:
        matching = self.through().filter(**{f"{self.related_field}__slug": value})
        return queryset.filter(pk__in=matching.values(self.record))

    def counts(
        self, queryset: QuerySet, window: slice, only: str | None = None
    ) -> list[tuple[str, str, int]]:
        related = self.related_field
        name = (
            f"{related}__name" if hasattr(self.related, "name") else f"{related}__title"
        )
        through = self.through()
        if self.record == "pk" and through.model is queryset.model:
            # A column of the listed records themselves (a statement's
            # speaker): counted on them. Asking each row whether it is listed
            # read every statement's row again (SQLite at L: 1.26 s, now 0.05).
            rows = queryset.order_by().filter(PUBLIC.condition(related, self.related))
        else:
            # EXISTS, not IN: SQLite plans `record IN (every matching record)`
            # as a probe of that whole list for each related record (minutes
            # at L).
            listed = plans.gathered(queryset.order_by())
            rows = through.filter(
                PUBLIC.condition(related, self.related),
                Exists(listed.filter(pk=OuterRef(self.record))),
            )
        if only is not None:
            rows = rows.filter(**{f"{related}__slug": only})
        return list(
            rows.values_list(f"{related}__slug", name)
            .annotate(n=Count(self.record, distinct=True))
            .order_by("-n", name)[window]
        )


@dataclass(frozen=True)
class DayFilter:
    """Records as they stood on a day (`in_force_on=2030-06-01`, say), or at
    some time in a month or a year (`2030-06`, `2030`), read as the API reads
    them (`partnerships.qualified.parse_period`).

    Some records' dates cannot say how they stood (`undated` tells the reader
    which): they are left out unless `include_undated=1`.
    """

    param: str
    label: str
    undated: str
    apply: Callable[[QuerySet, PreciseDate, bool], QuerySet]
    undated_param: ClassVar[str] = "include_undated"

    @property
    def params(self) -> set[str]:
        return {self.param, self.undated_param}

    def read(self, query: QueryDict) -> tuple[PreciseDate, bool] | None:
        raw, undated = query.get(self.param, ""), query.get(self.undated_param, "")
        if undated not in ("", "1"):
            raise BadQuery(
                f"“{undated}” is not a choice for {self.undated_param}: give 1 to "
                "include undated records, or leave it out."
            )
        if not raw:
            if undated:
                raise BadQuery(
                    f"{self.undated_param} applies only with {self.param}: give "
                    f"the day too, or leave {self.undated_param} out."
                )
            return None
        try:
            period = parse_period(raw)
        except ValueError as error:
            raise BadQuery(f"{self.param}: {error}") from None
        return period, undated == "1"


@dataclass(frozen=True)
class GroupFacet:
    """A filter on a company's group (`partnerships.groups`): the agreements of
    an owner and of the companies it owns. Owners are offered, counted by their
    group's agreements; a company that owns nothing is refused (its group is
    itself: that is the party filter), a draft's slug as an unknown one is."""

    param: str
    label: str

    def validate(self, value: str, records: QuerySet) -> str:
        if groups.owners(PUBLIC).filter(slug=value).exists():
            return value
        if PUBLIC.named(Company, value).exists():
            raise BadQuery(
                f"“{value}” owns no company, so its group is itself ({self.param}): "
                "filter by party instead (company)."
            )
        raise BadQuery(f"There is no company “{value}” to filter by ({self.param}).")

    def apply(self, queryset: QuerySet, value: str) -> QuerySet:
        parties = groups.group_parties(PUBLIC, PUBLIC.named(Company, value))
        return queryset.filter(pk__in=parties.values("agreement"))

    def counts(
        self, queryset: QuerySet, window: slice, only: str | None = None
    ) -> list[tuple[str, str, int]]:
        owners = groups.owners(PUBLIC)
        if only is not None:
            owners = owners.filter(slug=only)
        counted = groups.group_agreement_counts(PUBLIC, owners, queryset)
        rows = sorted(
            ((slug, name, n) for (slug, name), n in counted.items()),
            key=lambda row: (-row[2], row[1]),
        )
        return rows[window]


class ListPaginator(TwoEndedPaginator):
    """A deep page skips as few rows as the API's do: reading page 10,500 of
    12,000 statements took 1.3 s at L by OFFSET, 22 ms from the end. The count
    is of the matching records alone (`TwoEndedPaginator.count`): what a page
    shows of each (how many agreements a company has, say) is worked out for
    its rows, never for the whole list just to count it."""


@dataclass(frozen=True)
class Sort:
    label: str
    ordering: tuple


class BrowseList:
    """One list page: its search, facets, sorts, columns for CSV and template."""

    template_name: str
    title: str
    description: str
    search_help: str
    facets: tuple = ()
    day_filter: DayFilter | None = None
    sorts: dict[str, Sort] = {}
    csv_columns: tuple[str, ...] = ()

    def base_queryset(self) -> QuerySet:
        """The records the list shows, with what it shows of each. Built once
        a process (`records`): nothing of a request or of the day in it."""
        raise NotImplementedError

    def records(self) -> QuerySet:
        """A copy of `base_queryset`, built once a process (`kept_queries`)."""
        return kept_queries.copy_of(self, self.base_queryset)

    def search(self, queryset: QuerySet, q: str) -> QuerySet:
        """The records every word of `q` finds (`partnerships.search`)."""
        return search.matching(queryset, q.split(), PUBLIC)

    def csv_row(self, record) -> Iterable:
        raise NotImplementedError

    def extra_context(self, records: list) -> dict:
        return {}

    @property
    def default_sort(self) -> Sort:
        return next(iter(self.sorts.values()))

    # -- reading the query string --------------------------------------------------

    def read(self, request: HttpRequest, base: QuerySet) -> dict:
        facet_params = {facet.param for facet in self.facets}
        known = {"q", "sort", "page", "format", "more", "choices"} | facet_params
        if self.day_filter is not None:
            known |= self.day_filter.params
        unknown = sorted(set(request.GET) - known)
        if unknown:
            raise BadQuery(
                f"Unknown parameter {', '.join(unknown)}: this page accepts "
                f"{', '.join(sorted(known))}."
            )
        for name, values in request.GET.lists():
            if len(values) > 1:
                raise BadQuery(f"Give {name} only once.")
            if "\x00" in values[0]:
                raise BadQuery(f"{name} holds a NUL character, which no record has.")
        q = read_search(request)
        sort = request.GET.get("sort") or next(iter(self.sorts))
        if sort not in self.sorts:
            raise BadQuery(
                f"“{sort}” is not a way to sort this list (sort): choose one of "
                f"{', '.join(self.sorts)}."
            )
        output = request.GET.get("format", "html")
        if output not in ("html", "csv"):
            raise BadQuery(f"“{output}” is not a format (format): use html or csv.")
        selected = {}
        for facet in self.facets:
            value = request.GET.get(facet.param, "")
            if value:
                selected[facet.param] = facet.validate(value, base)
        day = self.day_filter.read(request.GET) if self.day_filter else None
        more = request.GET.get("more") or None
        if more is not None and more not in facet_params:
            raise BadQuery(
                f"“{more}” is not a filter of this list (more): choose one of "
                f"{', '.join(sorted(facet_params))}."
            )
        choices = request.GET.get("choices", "1")
        if not choices.isdecimal() or int(choices) < 1 or len(choices) > 9:
            raise BadQuery(f"“{choices}” is not a page number (choices): use 1, 2, 3 …")
        if choices != "1" and more is None:
            raise BadQuery(
                "choices applies only with more: give the filter whose choices "
                "to page through (more), or leave choices out."
            )
        return {
            "q": q,
            "sort": sort,
            "format": output,
            "selected": selected,
            "day": day,
            "more": more,
            "choices": int(choices),
        }

    def filtered(
        self, base: QuerySet, params: dict, skip: str | None = None
    ) -> QuerySet:
        queryset = base
        if params["q"]:
            queryset = self.search(queryset, params["q"])
        for facet in self.facets:
            value = params["selected"].get(facet.param)
            if value and facet.param != skip:
                queryset = facet.apply(queryset, value)
        if params["day"]:
            queryset = self.day_filter.apply(queryset, *params["day"])
        return queryset

    # -- answering ---------------------------------------------------------------

    def ordering(self, queryset: QuerySet, sort: str) -> tuple:
        """The sort's ordering, its ties broken by the key unless it ends on a
        unique field: a page read from the list's far end (`ListPaginator`)
        then holds the rows it holds when read from the start."""
        ordering = self.sorts[sort].ordering
        last = ordering[-1]
        if isinstance(last, str):
            try:
                if queryset.model._meta.get_field(last.lstrip("-")).unique:
                    return ordering
            except FieldDoesNotExist:
                pass
        return (*ordering, "pk")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = costly_read_refused(request)
        if refused:
            return refused
        try:
            # The page, each facet and each check start from it.
            base = self.records()
            params = self.read(request, base)
            queryset = self.filtered(base, params)
            queryset = queryset.order_by(*self.ordering(queryset, params["sort"]))
            if params["format"] == "csv":
                return self.as_csv(queryset)
            page = self.page(request, queryset)
            facets = [
                self.facet_context(request, facet, params, base)
                for facet in self.facets
            ]
        except BadQuery as error:
            return bad_request(request, error)
        records = list(page.object_list)
        context = {
            "title": self.title,
            "description": self.description,
            "search_help": self.search_help,
            "page_obj": page,
            "records": records,
            "facets": facets,
            "q": params["q"],
            "sort": params["sort"],
            "sorts": self.sorts,
            "day_filter": self.day_filter_context(request, params["day"]),
            "filtered": bool(params["q"] or params["selected"] or params["day"]),
            **self.extra_context(records),
        }
        return TemplateResponse(request, self.template_name, context)

    def facet_context(
        self, request: HttpRequest, facet, params: dict, base: QuerySet
    ) -> dict:
        """A facet's commonest choices, or with `more` a page of all of them,
        each with its count; the choice selected is shown wherever it ranks."""
        chosen = params["selected"].get(facet.param)

        def records() -> QuerySet:
            return self.filtered(base, params, skip=facet.param)

        expanded = params["more"] == facet.param
        number = params["choices"] if expanded else 1
        size = settings.FACET_MORE_CHOICES if expanded else settings.FACET_CHOICES
        start = (number - 1) * size
        # One row past the page says whether there are more, without a count.
        rows = self.facet_counts(facet, params, records, start, start + size + 1)
        has_more, rows = len(rows) > size, rows[:size]
        if expanded and number > 1 and not rows:
            raise BadQuery(
                f"There is no page {number} of choices for {facet.param} (choices).",
                status=404,
            )
        if chosen and chosen not in {value for value, _, _ in rows}:
            rows = self.facet_counts(facet, params, records, None, None, chosen) + rows
        unpaged = {"more": None, "choices": None}
        choices = [
            FacetChoice(
                value,
                label,
                n,
                url=with_params(request, **{facet.param: value}, **unpaged),
                selected=value == chosen,
            )
            for value, label, n in rows
        ]
        return {
            "facet": facet,
            "choices": choices,
            "selected": chosen,
            "clear_url": with_params(request, **{facet.param: None}),
            "expanded": expanded,
            "more_url": has_more
            and not expanded
            and with_params(request, more=facet.param, choices=None),
            "fewer_url": expanded and with_params(request, **unpaged),
            "next_url": expanded
            and has_more
            and with_params(request, choices=str(number + 1)),
            "previous_url": expanded
            and number > 1
            and with_params(request, choices=str(number - 1) if number > 2 else None),
        }

    def facet_counts(self, facet, params, records, start, stop, only=None) -> list:
        """`facet.counts` of `records()`, kept until the next write
        (readercache.counts): while kept, the records' query is never built."""
        others = sorted(
            (name, value)
            for name, value in params["selected"].items()
            if name != facet.param
        )
        asked = (params["q"], tuple(others), params["day"], start, stop, only)
        return counts.remembered(
            f"{type(self).__name__}.{facet.param}",
            asked,
            lambda: facet.counts(records(), slice(start, stop), only=only),
        )

    def day_filter_context(
        self, request: HttpRequest, day: tuple[PreciseDate, bool] | None
    ) -> dict | None:
        if self.day_filter is None:
            return None
        ours = self.day_filter.params
        return {
            "filter": self.day_filter,
            "day": day[0].iso if day else "",
            "include_undated": bool(day and day[1]),
            # The day's form keeps the search, facets and sort already chosen.
            "kept": [
                (name, value)
                for name, value in request.GET.items()
                if name not in ours and name != "page" and value
            ],
            "clear_url": with_params(request, **dict.fromkeys(ours)),
        }

    def page(self, request: HttpRequest, queryset: QuerySet):
        paginator = ListPaginator(queryset, PAGE_SIZE)
        raw = request.GET.get("page", "1")
        if not raw.isdecimal() or int(raw) < 1:
            raise BadQuery(f"“{raw}” is not a page number (page): use 1, 2, 3 …")
        number = int(raw)
        if number > paginator.num_pages:
            pages = paginator.num_pages
            raise BadQuery(
                f"There is no page {number} (page): this list has "
                f"{pages} page{'s' if pages != 1 else ''}.",
                status=404,
            )
        return paginator.page(number)

    def as_csv(self, queryset: QuerySet) -> HttpResponse:
        """Every matching record, streamed a chunk at a time (with each chunk's
        prefetches), so that a download of any length holds one chunk."""
        name = self.template_name.rsplit("/", 1)[-1].replace("_list.html", "")
        chunks = spreadsheets.in_chunks(queryset)
        rows = (self.csv_row(record) for chunk in chunks for record in chunk)
        return spreadsheets.csv_download(f"{name}s.csv", self.csv_columns, rows)


def read_search(request: HttpRequest) -> str:
    """The search `q`, within `partnerships.search_limits`."""
    q = request.GET.get("q", "").strip()
    problem = search_limits.too_long("q", q) or search_limits.too_many_terms(
        "q", q.split(), unit="words"
    )
    if problem:
        raise BadQuery(problem)
    return q


def with_params(request: HttpRequest, **changes: str | None) -> str:
    """This page's query string with `changes` (None removes), back to page 1."""
    query = request.GET.copy()
    query.pop("page", None)
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return f"{request.path}?{query.urlencode()}" if query else request.path
