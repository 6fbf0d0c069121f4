"""CSV for spreadsheets and notebooks, and a 406 for a format we do not serve.

A list's CSV without `page` or `page_size` is every matching row, streamed a
chunk at a time (`stream_csv`); a page of it goes through `CSVRenderer`. Both
start with a UTF-8 byte order mark and neutralise every cell
(`partnerships.spreadsheets`).
"""

import csv
import io

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from rest_framework import exceptions, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer

from partnerships import spreadsheets
from partnerships.spreadsheets import neutralise

LABEL_KEYS = ("display", "name", "title", "text", "slug")
DETAIL_KEYS = ("role", "locator")


def csv_columns(serializer: serializers.Serializer, prefix: tuple = ()) -> list[tuple]:
    """One column per scalar field; nested objects spread into `parent.child`."""
    columns = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        if isinstance(field, serializers.Serializer):
            columns.extend(csv_columns(field, (*prefix, name)))
        else:
            columns.append((*prefix, name))
    return columns


def summarise(item) -> str:
    """A value in one cell: a list item by item, a record by its label and
    details: “OpenAI (customer); Amazon Web Services (provider)”."""
    if item is None:
        return ""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, list):
        return "; ".join(summarise(each) for each in item)
    if not isinstance(item, dict):
        return str(item)
    label = next((item[key] for key in LABEL_KEYS if item.get(key)), None)
    if label is None:
        nested = next((value for value in item.values() if isinstance(value, dict)), {})
        label = summarise(nested)
    details = [str(item[key]) for key in DETAIL_KEYS if item.get(key)]
    return f"{label} ({', '.join(details)})" if details else str(label)


def cell(value) -> str:
    return neutralise(summarise(value))


def lookup(row: dict, path: tuple):
    for key in path:
        if not isinstance(row, dict):
            return None
        row = row.get(key)
    return row


class CSVRenderer(BaseRenderer):
    """A list as CSV: one row per record, the header from the serializer's fields."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        rows = data if isinstance(data, list) else [data]
        columns = csv_columns(view.get_serializer()) if view else []
        if not columns and rows:
            columns = [(key,) for key in rows[0]]
        response = renderer_context.get("response")
        if response is not None and view is not None:
            response["Content-Disposition"] = f'attachment; filename="{filename(view)}"'
        out = io.StringIO()
        out.write(spreadsheets.BOM)
        writer = csv.writer(out)
        writer.writerow([".".join(column) for column in columns])
        for row in rows:
            writer.writerow([cell(lookup(row, column)) for column in columns])
        return out.getvalue().encode(self.charset)


def filename(view) -> str:
    return f"{view.serializer_class.Meta.model._meta.verbose_name_plural}.csv"


def stream_csv(view, queryset: QuerySet) -> StreamingHttpResponse:
    """Every record of `queryset` as CSV, read and serialised a chunk at a time
    (each chunk with its prefetches, so the queries per chunk stay fixed and
    memory holds one chunk), in the columns and cells `CSVRenderer` writes."""
    columns = csv_columns(view.get_serializer())

    def rows():
        for chunk in spreadsheets.in_chunks(queryset):
            for row in view.get_serializer(chunk, many=True).data:
                yield [summarise(lookup(row, column)) for column in columns]

    header = [".".join(column) for column in columns]
    return spreadsheets.csv_download(filename(view), header, rows())


class StrictContentNegotiation(DefaultContentNegotiation):
    """An unknown `?format=` is a 406 naming the formats on offer (DRF says 404)."""

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            offered = ", ".join(sorted({renderer.format for renderer in renderers}))
            raise exceptions.NotAcceptable(
                f"format: {format!r} is not offered here; use one of: {offered}."
            )
        return matching
