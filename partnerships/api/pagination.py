"""Pages of at most 100 records; a bad `page` or `page_size` is named, never ignored.

A JSON page links its neighbours in the body (`next`, `previous`) and in a
`Link` header (RFC 8288: `first`, `prev`, `next`, `last`), as GitHub's API does.
A CSV without `page` or `page_size` is every matching row, streamed
(`partnerships.api.renderers.stream_csv`); with either, it is that page.

A list page also gives `next_cursor`: passed as `cursor`, it pages on from
where this page ended (`partnerships.api.cursors`), stable under inserts and as
fast at any depth. A page reached by cursor is not counted (`count` is null):
the count of a long list is what makes deep pages slow.

A numbered page past the first skips as few rows as it can
(`partnerships.deep_pages`), so that the last page costs what the first does.
"""

from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from partnerships.api import cursors
from partnerships.api.errors import PageNotFound
from partnerships.deep_pages import TwoEndedPaginator

MAX_PAGE_SIZE = 100


def _whole_number(request, name: str, default: int, maximum: int | None) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    bound = f"from 1 to {maximum}" if maximum else "of at least 1"
    try:
        number = int(raw)
    except ValueError:
        number = None
    if number is None or number < 1 or (maximum and number > maximum):
        raise ValidationError({name: [f"Give a whole number {bound}, not {raw!r}."]})
    return number


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        return _whole_number(
            request, self.page_size_query_param, self.page_size, self.max_page_size
        )

    cursor_query_param = cursors.PARAMETER
    keyset = None
    next_cursor = None

    def wants_every_row(self, request) -> bool:
        """A CSV without `page`, `page_size` or `cursor`: every matching row."""
        paging = {self.page_query_param, self.page_size_query_param}
        asks_for_page = (paging | {self.cursor_query_param}) & set(request.query_params)
        renderer = getattr(request, "accepted_renderer", None)
        return getattr(renderer, "format", None) == "csv" and not asks_for_page

    def paginate_queryset(self, queryset, request, view=None):
        """CSV returns every matching row unless a page is asked for."""
        self.request = request
        if self.wants_every_row(request):
            return None
        page_size = self.get_page_size(request)
        if isinstance(queryset, QuerySet):
            self.keyset = cursors.Keyset(queryset)
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor is not None:
            return self.paginate_after(queryset, cursor, page_size)
        number = _whole_number(request, self.page_query_param, 1, None)
        paginator = TwoEndedPaginator(queryset, page_size)
        if number > paginator.num_pages:
            raise PageNotFound(
                f"Page {number} does not exist: the last page is {paginator.num_pages}."
            )
        self.page = paginator.page(number)
        rows = list(self.page)
        if self.keyset and self.page.has_next():
            self.next_cursor = self.keyset.cursor_after(rows[-1])
        return rows

    def paginate_after(self, queryset, cursor: str, page_size: int) -> list:
        if self.page_query_param in self.request.query_params:
            raise cursors.refused(
                f"Give `{self.page_query_param}` or `{self.cursor_query_param}`, not both."
            )
        self.page = None
        rows = list(self.keyset.rows_after(queryset, cursor)[: page_size + 1])
        if len(rows) > page_size:
            rows = rows[:page_size]
            self.next_cursor = self.keyset.cursor_after(rows[-1])
        return rows

    def get_paginated_response(self, data):
        if self.page is None:
            response = Response(
                {
                    "count": None,
                    "next": self.cursor_link(),
                    "previous": None,
                    "next_cursor": self.next_cursor,
                    "results": data,
                }
            )
        else:
            response = super().get_paginated_response(data)
            if self.keyset:
                response.data["next_cursor"] = self.next_cursor
        links = self.get_links()
        if links:
            response["Link"] = ", ".join(
                f'<{url}>; rel="{rel}"' for rel, url in links.items()
            )
        return response

    def get_links(self) -> dict[str, str]:
        """The pages around this one, by RFC 8288 relation: absolute URLs on
        the host the request was made to, its other parameters kept."""
        page = self.page
        if page is None:
            return {"next": self.cursor_link()} if self.next_cursor else {}
        url = self.request.build_absolute_uri()
        number = page.paginator.num_pages
        links = {}
        if page.has_previous():
            links["first"] = remove_query_param(url, self.page_query_param)
            links["prev"] = self.get_previous_link()
        if page.has_next():
            links["next"] = self.get_next_link()
            links["last"] = replace_query_param(url, self.page_query_param, number)
        return links

    def cursor_link(self) -> str | None:
        if self.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        paginated["description"] = (
            "One page; the `Link` header names the first, prev, next and last "
            "pages (RFC 8288) when there are others (only `next` for a page "
            "reached by `cursor`)."
        )
        properties = paginated["properties"]
        properties["count"].update(
            nullable=True,
            description="Matching records; null on a page reached by `cursor`.",
        )
        properties["next_cursor"] = {
            "type": "string",
            "nullable": True,
            "description": (
                "Lists only: pass as `cursor` for the page after this one "
                "(null on the last page)."
            ),
        }
        return paginated

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "A page number (1 is the first page). A CSV (`format=csv`) "
                    "without `page` or `page_size` holds every matching row."
                ),
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Records per page, from 1 to {MAX_PAGE_SIZE} "
                    f"(default {self.page_size})."
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            *self.cursor_parameters(view),
        ]

    def cursor_parameters(self, view) -> list[dict]:
        if getattr(view, "action", None) != "list":
            return []
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "A page's `next_cursor`: the page after it, in the same "
                    "ordering, unaffected by records added meanwhile and not "
                    "counted. Not with `page`."
                ),
                "schema": {"type": "string", "pattern": r"^[A-Za-z0-9_.:-]+$"},
            }
        ]
