"""The REST API, version 1: read for everyone, write for editors.

Each viewset's `records_queryset()` fetches, in a fixed number of queries, exactly
what its serializer shows, and takes every record and every nested list from
the request's `Reader` (`partnerships.visibility`): what the reader may see.
"""

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView

from partnerships import kept_queries
from partnerships.api import filters, serializers, versions
from partnerships.api.errors import Conflict
from partnerships.api.renderers import CSVRenderer, stream_csv
from partnerships.api.serializers import kept
from partnerships.history import History
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementParty,
    Commitment,
    Company,
    CompanyCitation,
    Person,
    PersonCitation,
    Source,
    Statement,
    StatementCitation,
    TermReport,
)
from partnerships.views.merged import SAFE_METHODS, merged_address
from partnerships.visibility import Reader

API_DESCRIPTION = """
Sourced records of the agreements that shape the AI industry.

**Reading** is open to everyone and shows published records. **Writing** needs
an editor's token: `Authorization: Token <key>`.

Lists take filters, `search`, `ordering` (comma-separated, `-` for descending),
`page` and `page_size` (1 to 100); a JSON page names its neighbours in `next`,
`previous` and a `Link` header (`first`, `prev`, `next`, `last`). `?format=csv`
gives the same list as CSV: every matching row, streamed, or one page when
`page` or `page_size` is given; it starts with a UTF-8 byte order mark.

Dates in filters take a year, a month or a day (`2031`, `2031-06`,
`2031-06-15`), each the whole period; amounts take `10bn`, `10 billion`,
`500m` or a number. Exclusive agreements expiring before 2031, worth at least
USD 10 billion:

    /api/v1/agreements/?exclusivity=exclusive&expires_before=2031&value_min=10bn

**Errors** are always JSON in one shape:

    {"status": 400, "code": "invalid", "detail": "Invalid value for: page_size.",
     "errors": {"page_size": ["Give a whole number from 1 to 100, not '-3'."]}}

`errors` names each field or query parameter at fault (400 only). Other codes:
401 (no or bad credentials), 403 (no permission), 404 (no such record, or a
page past the last), 405 (method not allowed, see `Allow`), 406 (a format this
endpoint does not offer), 409 (record still referred to), 412 (the record
changed since the `If-Match` version; `current` holds it now), 413 (body over
1 MiB), 414 (a request line longer than the web server reads; its own text, not
JSON), 415 (body not JSON), 429 (too many requests: try again after
`Retry-After` seconds), 503 (database unreachable: retry after the
`Retry-After` seconds). A body that is not UTF-8, not JSON or nested more
than 50 levels deep is a 400 naming `body`.

**Rate limits.** Each client (its token's account, else its address) may send
a number of requests a minute, fewer searches (`search`) and fewer CSV
downloads; searches and downloads count together with the site's.

**Versions.** Every record's GET returns an `ETag`. Send it back as `If-Match`
with PUT, PATCH or DELETE and the write is refused with 412 if anyone changed
the record meanwhile, so that no edit is silently overwritten; send it as
`If-None-Match` with a GET to get 304 when nothing changed. `If-Match` compares
strongly (RFC 9110): a weak (`W/"..."`) or empty tag never matches. A write
whose body is invalid is refused with 400 before its `If-Match` is compared.
Writes take an optional `change_reason`. `.../{slug}/history/` lists every
change (who, when, why, field by field, the record's parts included) and
`?as_of=2025-11-05T00:00:00Z` on a record shows it as it stood then.
"""


WRITE_METHODS = {"POST", "PUT", "PATCH"}


class TrackerAPIRoot(APIRootView):
    __doc__ = API_DESCRIPTION

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        namespace = request.resolver_match.namespace
        for name in ("schema", "docs"):
            response.data[name] = reverse(
                f"{namespace}:{name}", request=request, format=kwargs.get("format")
            )
        # The change feed (following/api.py), routed beside the API.
        response.data["changes"] = reverse("api-changes", request=request)
        return response


class RecordViewSet(viewsets.ModelViewSet):
    """Shared behaviour: slugs in URLs, strict query parameters, CSV lists."""

    lookup_field = "slug"
    lookup_value_regex = serializers.SLUG.pattern
    write_serializer_class: type[serializers.RecordWriteSerializer]
    filterset_class: type
    ordering_fields: list[str] = []

    @property
    def reader(self) -> Reader:
        return Reader.of(self.request.user)

    def records_queryset(self) -> QuerySet:
        """What the viewset reads, with all it shows: of the reader alone."""
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        """A copy of `records_queryset`, built once a process per viewset and
        reader (`kept_queries`)."""
        return kept_queries.copy_of((type(self), self.reader), self.records_queryset)

    def visible(self, model) -> QuerySet:
        return self.reader.records(model)

    def visible_citations(self, model) -> Prefetch:
        """Citations whose source the reader may see, with that source."""
        citations = self.reader.links(model).select_related("source")
        return Prefetch("citations", citations)

    def get_serializer_class(self):
        # By method, so that OPTIONS describes what a POST or PUT accepts.
        if self.request is not None and self.request.method in WRITE_METHODS:
            return self.write_serializer_class
        return self.serializer_class

    def get_serializer(self, *args, **kwargs):
        # A list read (a JSON page, a CSV chunk) reuses its thread's tree.
        if kwargs.get("many") and self.request.method not in WRITE_METHODS:
            return kept.listing(
                self.get_serializer_class(), *args, self.get_serializer_context()
            )
        return super().get_serializer(*args, **kwargs)

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers.append(CSVRenderer())
        return renderers

    def list(self, request, *args, **kwargs):
        # A whole list as CSV is streamed, however long (see pagination.py).
        if self.paginator.wants_every_row(request):
            return stream_csv(self, self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs) -> None:
        # An unsupported method is a 405 for everyone, before any 401 or 403.
        if getattr(self, request.method.lower(), None) is None:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        self.check_query_parameters(request)

    def check_query_parameters(self, request) -> None:
        allowed = {"format"}
        if self.action == "retrieve":
            allowed.add("as_of")
        if self.action == "history":
            allowed |= {self.paginator.page_query_param}
            allowed |= {self.paginator.page_size_query_param}
        if self.action == "list":
            paginator = self.paginator
            allowed |= set(self.filterset_class.base_filters)
            allowed |= {"search", "ordering"}
            allowed |= {paginator.page_query_param, paginator.page_size_query_param}
            allowed.add(paginator.cursor_query_param)
        errors = {}
        for name in sorted(set(request.query_params) - allowed):
            errors[name] = [
                f"Unknown parameter; this takes: {', '.join(sorted(allowed))}."
            ]
        for name, value in request.query_params.items():
            if "\x00" in value:
                errors[name] = ["A NUL character is not allowed here."]
        for name in sorted(self.valued_parameters() & set(request.query_params)):
            if not request.query_params[name]:
                errors[name] = ["Give a value, or leave the parameter out."]
        if errors:
            raise ValidationError(errors)

    def valued_parameters(self) -> set[str]:
        """Parameters whose empty value would be a silently ignored filter."""
        names = {"format", "as_of"}
        if self.action == "history":
            names |= {"page", "page_size"}
        if self.action == "list":
            names |= {"ordering", "page", "page_size", "cursor"}
            names |= filters.typed_filters(self.filterset_class)
        return names

    def handle_exception(self, exc):
        if isinstance(exc, Http404 | NotFound) and "slug" in self.kwargs:
            merged = self.merged_answer()
            if isinstance(merged, Response):
                return merged
            exc = merged or exc
        response = super().handle_exception(exc)
        # Errors are JSON even when the list was asked for as CSV.
        if isinstance(getattr(self.request, "accepted_renderer", None), CSVRenderer):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response

    def merged_answer(self) -> Response | Conflict | None:
        """For the address of a record merged into one the reader sees: a 301
        to the same address of that record for a read, a 409 naming it for a
        write (a write is not replayed elsewhere unasked). None otherwise."""
        model = self.get_queryset().model
        record = self.reader.successor(model, self.kwargs["slug"])
        if record is None:
            return None
        address = self.request.build_absolute_uri(
            merged_address(self.request, record.slug)
        )
        if self.request.method in SAFE_METHODS:
            return Response(
                status=status.HTTP_301_MOVED_PERMANENTLY, headers={"Location": address}
            )
        name = model._meta.verbose_name
        return Conflict(
            f"This {name} was merged into {record}: it is now {address}; send "
            "the write there."
        )

    def read(self, instance) -> dict:
        """The record as GET shows it, fetched with the same prefetching."""
        fresh = self.get_queryset().get(pk=instance.pk)
        return self.represent(fresh)

    def represent(self, instance) -> dict:
        return self.serializer_class(
            instance, context=self.get_serializer_context()
        ).data

    def retrieve(self, request, *args, **kwargs) -> Response:
        instance = self.get_object()
        if "as_of" in request.query_params:
            instance = versions.record_as_of(instance, self.as_of_moment(), self.reader)
        data = self.represent(instance)
        tag = versions.entity_tag(data)
        failed = versions.failed_precondition(request.headers, tag, safe=True)
        if failed == "If-Match":
            raise versions.PreconditionFailed(data, tag)
        if failed == "If-None-Match":
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag})
        return Response(data, headers={"ETag": tag})

    def as_of_moment(self):
        raw = self.request.query_params["as_of"]
        try:
            moment = versions.parse_moment(raw)
        except versions.MomentOutOfRange:
            raise ValidationError(
                {
                    "as_of": [
                        f"{raw!r} is outside the calendar once taken to UTC: give "
                        "a time between the years 1 and 9999."
                    ]
                }
            ) from None
        if moment is None:
            raise ValidationError(
                {
                    "as_of": [
                        f"Give an ISO 8601 date or date-time such as "
                        f"2025-11-05T00:00:00Z, not {raw!r}."
                    ]
                }
            )
        return moment

    def locked(self):
        """The record with its row locked until the write commits, and, when the
        request is conditional, its representation now: what the write replaces."""
        # Lock first, then read: what is read is then what the write replaces.
        model = self.get_queryset().model
        list(
            model.objects.select_for_update()
            .filter(slug=self.kwargs["slug"])
            .values_list("pk", flat=True)
        )
        instance = self.get_object()
        headers = self.request.headers
        if "If-Match" not in headers and "If-None-Match" not in headers:
            return instance, None  # nothing to compare: no need to read it whole
        return instance, self.represent(instance)

    def check_preconditions(self, current: dict | None) -> None:
        """412 when `If-Match` does not name the version read under the lock,
        or `If-None-Match` does (`versions.failed_precondition`)."""
        if current is None:
            return
        tag = versions.entity_tag(current)
        failed = versions.failed_precondition(self.request.headers, tag, safe=False)
        if failed is not None:
            raise versions.PreconditionFailed(current, tag, failed)

    def written(self, instance, status_code=status.HTTP_200_OK) -> Response:
        data = self.read(instance)
        headers = {"ETag": versions.entity_tag(data)}
        if status_code == status.HTTP_201_CREATED:
            headers["Location"] = data["url"]
        return Response(data, status=status_code, headers=headers)

    def create(self, request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.written(serializer.save(), status.HTTP_201_CREATED)

    @transaction.atomic
    def update(self, request, *args, **kwargs) -> Response:
        # Validation first, then the preconditions: a body that is invalid is a
        # 400 even with a stale If-Match, so that a client learns of the conflict
        # once its body is right. Some rules are only checked as the record and
        # its parts are written (the model's own, a nested list's), so the write
        # is made and, when a precondition fails, undone with this transaction.
        instance, current = self.locked()
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        saved = serializer.save()
        self.check_preconditions(current)
        return self.written(saved)

    @transaction.atomic
    def destroy(self, request, *args, **kwargs) -> Response:
        reason = request.headers.get("X-Change-Reason", "")
        limit = serializers.MAX_CHANGE_REASON
        if len(reason) > limit:
            raise ValidationError({"X-Change-Reason": [f"At most {limit} characters."]})
        instance, current = self.locked()
        self.check_preconditions(current)
        instance._change_reason = reason
        instance.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Changes to this record and its parts",
        responses=serializers.HistoryEntrySerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, *args, **kwargs) -> Response:
        """Every change to this record and its parts, newest first."""
        # The record alone: its history needs none of what GET prefetches.
        record = get_object_or_404(
            self.visible(self.get_queryset().model), slug=kwargs["slug"]
        )
        self.check_object_permissions(request, record)
        entries = History(record, self.reader).entries()
        page = self.paginate_queryset(entries)
        serializer = serializers.HistoryEntrySerializer(page, many=True)
        return self.get_paginated_response(serializer.data)


@extend_schema_view(
    list=extend_schema(summary="List companies"),
    retrieve=extend_schema(summary="A company"),
)
class CompanyViewSet(RecordViewSet):
    """Companies: AI labs, cloud providers, chip makers, investors; with aliases."""

    serializer_class = serializers.CompanySerializer
    write_serializer_class = serializers.CompanyWriteSerializer
    filterset_class = filters.CompanyFilter
    ordering_fields = ["name", "slug", "created_at", "updated_at"]
    ordering = ["name", "pk"]

    def records_queryset(self) -> QuerySet:
        return (
            self.visible(Company)
            .select_related("parent")
            .prefetch_related(
                "kinds", "aliases", self.visible_citations(CompanyCitation)
            )
        )


@extend_schema_view(
    list=extend_schema(summary="List people"),
    retrieve=extend_schema(summary="A person"),
)
class PersonViewSet(RecordViewSet):
    """People whose statements the tracker records, with their company and role."""

    serializer_class = serializers.PersonSerializer
    write_serializer_class = serializers.PersonWriteSerializer
    filterset_class = filters.PersonFilter
    ordering_fields = ["name", "slug", "created_at", "updated_at"]
    ordering = ["name", "pk"]

    def records_queryset(self) -> QuerySet:
        return (
            self.visible(Person)
            .select_related("affiliation")
            .prefetch_related(self.visible_citations(PersonCitation))
        )


@extend_schema_view(
    list=extend_schema(summary="List sources"),
    retrieve=extend_schema(summary="A source"),
)
class SourceViewSet(RecordViewSet):
    """Sources: the articles, podcasts and filings the records rest on."""

    serializer_class = serializers.SourceSerializer
    write_serializer_class = serializers.SourceWriteSerializer
    filterset_class = filters.SourceFilter
    ordering_fields = ["title", "slug", "published_on", "created_at", "updated_at"]
    ordering = ["title", "pk"]

    def records_queryset(self) -> QuerySet:
        return self.visible(Source).select_related("reported_in")


@extend_schema_view(
    list=extend_schema(
        summary="List agreements",
        parameters=[
            OpenApiParameter(
                "currency",
                description="ISO 4217 code of the value, e.g. USD (the default "
                "for value_min and value_max).",
                pattern=filters.CURRENCY_PATTERN,
            ),
            OpenApiParameter(
                "value_min",
                filters.AMOUNT_SCHEMA,
                description=filters.AgreementFilter.base_filters["value_min"].extra[
                    "help_text"
                ],
            ),
            OpenApiParameter(
                "value_max",
                filters.AMOUNT_SCHEMA,
                description=filters.AgreementFilter.base_filters["value_max"].extra[
                    "help_text"
                ],
            ),
        ],
    ),
    retrieve=extend_schema(summary="An agreement"),
)
class AgreementViewSet(RecordViewSet):
    """Agreements: who agreed what with whom, when, for how much, on what source."""

    serializer_class = serializers.AgreementSerializer
    write_serializer_class = serializers.AgreementWriteSerializer
    filterset_class = filters.AgreementFilter
    ordering_fields = [
        "title",
        "slug",
        "announced_on",
        "effective_on",
        "expires_on",
        "value_amount",
        "created_at",
        "updated_at",
    ]
    ordering = ["title", "pk"]

    def records_queryset(self) -> QuerySet:
        parties = self.reader.links(AgreementParty)
        return (
            self.visible(Agreement)
            .select_related("superseded_by")
            .prefetch_related(
                Prefetch("parties", parties.select_related("company")),
                Prefetch("commitments", self.reader.links(Commitment)),
                # Their citations and commitments are the agreement's own,
                # prefetched here: the serializer gives the reports those
                # (`Agreement.share_evidence_with_reports`).
                Prefetch(
                    "term_reports",
                    self.reader.links(TermReport),
                    to_attr="visible_term_reports",
                ),
                self.visible_citations(AgreementCitation),
                # Ordered within each agreement: by title alone, SQLite read
                # every agreement in title order to find a page's few.
                Prefetch(
                    "supersedes",
                    self.reader.records(Agreement, likely=True).order_by(
                        "superseded_by_id", "title"
                    ),
                ),
            )
        )


@extend_schema_view(
    list=extend_schema(summary="List statements"),
    retrieve=extend_schema(summary="A statement"),
)
class StatementViewSet(RecordViewSet):
    """Statements: what people said, as published, with an English rendering."""

    serializer_class = serializers.StatementSerializer
    write_serializer_class = serializers.StatementWriteSerializer
    filterset_class = filters.StatementFilter
    ordering_fields = ["said_on", "slug", "created_at", "updated_at"]
    ordering = ["-said_on", "slug", "pk"]

    def records_queryset(self) -> QuerySet:
        return (
            self.visible(Statement)
            .select_related("speaker__affiliation", "source", "in_reply_to__speaker")
            .prefetch_related(
                Prefetch("companies", self.reader.records(Company, likely=True)),
                Prefetch("agreements", self.reader.records(Agreement, likely=True)),
                "topics",
                self.visible_citations(StatementCitation),
            )
        )
