"""Pages of at most 100 records; a bad `page` or `page_size` is named, never ignored."""

from django.core.paginator import Paginator
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from partnerships.api.errors import PageNotFound

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

    def paginate_queryset(self, queryset, request, view=None):
        """CSV returns every matching row unless a page is asked for."""
        self.request = request
        asks_for_page = {self.page_query_param, self.page_size_query_param} & set(
            request.query_params
        )
        if getattr(request, "accepted_renderer", None) is not None:
            if request.accepted_renderer.format == "csv" and not asks_for_page:
                return None
        page_size = self.get_page_size(request)
        number = _whole_number(request, self.page_query_param, 1, None)
        paginator = Paginator(queryset, page_size)
        if number > paginator.num_pages:
            raise PageNotFound(
                f"Page {number} does not exist: the last page is {paginator.num_pages}."
            )
        self.page = paginator.page(number)
        return list(self.page)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number (1 is the first page).",
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
        ]
