"""`GET /api/v1/changes/?since=<cursor>`: the change feed (`following.changefeed`)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from following.changefeed import change_data, changes_after
from partnerships import site_address
from webhooks.models import Change, ChangeType, RecordType

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
PARAMETERS = {"since", "page_size", "format"}
MAX_CURSOR = 2**63 - 1  # the largest key the database holds


class FeedRecordSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=RecordType.choices)
    slug = serializers.CharField(help_text="The slug readers last saw it under.")
    url = serializers.URLField(help_text="The record in the API.")
    html_url = serializers.URLField(help_text="The record's page.")


class FeedChangedRecordSerializer(FeedRecordSerializer):
    id = serializers.IntegerField(
        help_text="The record's number: it stays the same when its slug changes."
    )


class FeedChangeSerializer(serializers.Serializer):
    cursor = serializers.IntegerField(
        help_text="This change's place in the feed: ask with `since=` it for "
        "the changes after it."
    )
    type = serializers.ChoiceField(
        choices=ChangeType.choices,
        help_text="created: readers see the record (first published, or "
        "published again); changed: a published record's public fields or parts "
        "changed; withdrawn: readers no longer see it (unpublished or deleted); "
        "merged: it became the record `merged_into`.",
    )
    at = serializers.DateTimeField(help_text="When the change was made.")
    record = FeedChangedRecordSerializer()
    changed_fields = serializers.ListField(
        child=serializers.CharField(),
        help_text="For `changed`: the public fields and parts (`parties`, "
        "`citations`, …) that changed; empty otherwise.",
    )
    merged_into = FeedRecordSerializer(
        allow_null=True, help_text="For `merged`: the record it became."
    )


class ChangeFeedPageSerializer(serializers.Serializer):
    since = serializers.IntegerField(help_text="The cursor asked with.")
    next_since = serializers.IntegerField(
        help_text="The cursor to ask with next: the last change's on this page, "
        "or `since` when there was none."
    )
    has_more = serializers.BooleanField(
        help_text="Whether changes after this page were already there."
    )
    next = serializers.URLField(
        allow_null=True, help_text="The next page, when `has_more`."
    )
    results = FeedChangeSerializer(many=True)


class ChangeViewSet(viewsets.GenericViewSet):
    """Every change readers saw, oldest first, for mirrors: `?since=` the
    `cursor` of the last change you have read (0 for all). A change is
    logged a moment after it is saved (by the task worker); the feed never
    skips or repeats one, however writes interleave."""

    queryset = Change.objects.all()
    pagination_class = None
    filter_backends = []

    def initial(self, request, *args, **kwargs) -> None:
        if getattr(self, request.method.lower(), None) is None:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    @extend_schema(
        summary="Changes to published records, in order",
        operation_id="changes_list",
        parameters=[
            OpenApiParameter(
                "since",
                {"type": "integer", "minimum": 0, "maximum": MAX_CURSOR},
                OpenApiParameter.QUERY,
                description="The `cursor` of the last change you have read; "
                "0 (the default) for the first.",
            ),
            OpenApiParameter(
                "Link",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=["200"],
                description="When `has_more`: the next page (RFC 8288), "
                '`<https://…/api/v1/changes/?since=42>; rel="next"`.',
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                OpenApiParameter.QUERY,
                description=f"Changes per page, from 1 to {MAX_PAGE_SIZE} "
                f"(default {DEFAULT_PAGE_SIZE}).",
            ),
        ],
        responses=ChangeFeedPageSerializer,
        # A page of its own shape (cursors, not page numbers), not a list.
        filters=False,
    )
    def feed(self, request, *args, **kwargs) -> Response:
        self._check_parameters()
        since = self._number("since", 0, 0, MAX_CURSOR)
        size = self._number("page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        # One query: this page and one more change, which says whether there are more.
        changes = changes_after(since, size + 1)
        has_more = len(changes) > size
        changes = changes[:size]
        next_since = changes[-1].pk if changes else since
        url = site_address.absolute(request.get_full_path(), request)
        following = replace_query_param(url, "since", next_since) if has_more else None
        data = {
            "since": since,
            "next_since": next_since,
            "has_more": has_more,
            "next": following,
            "results": [
                change_data(change, lambda path: site_address.absolute(path, request))
                for change in changes
            ],
        }
        headers = {"Link": f'<{following}>; rel="next"'} if following else {}
        return Response(data, headers=headers)

    def _check_parameters(self) -> None:
        """Strict query strings: an unknown, empty or NUL-holding parameter is
        named, never ignored."""
        errors = {}
        params = self.request.query_params
        for name in sorted(set(params) - PARAMETERS):
            errors[name] = [
                f"Unknown parameter; this takes: {', '.join(sorted(PARAMETERS))}."
            ]
        for name, value in params.items():
            if "\x00" in value:
                errors[name] = ["A NUL character is not allowed here."]
            elif not value and name in PARAMETERS:
                errors[name] = ["Give a value, or leave the parameter out."]
        if errors:
            raise ValidationError(errors)

    def _number(self, name: str, default: int, minimum: int, maximum: int) -> int:
        raw = self.request.query_params.get(name)
        if raw is None:
            return default
        number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 20 else None
        if number is None or not minimum <= number <= maximum:
            raise ValidationError(
                {
                    name: [
                        f"Give a whole number from {minimum} to {maximum}, not {raw!r}."
                    ]
                }
            )
        return number
