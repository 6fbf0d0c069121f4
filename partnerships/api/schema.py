"""Make the OpenAPI schema tell the truth about auth, bodies, CSV and errors."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions

from partnerships.api.errors import ErrorSerializer
from partnerships.api.serializers import MAX_CHANGE_REASON
from partnerships.visibility import mergeable

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
MERGEABLE_ACTIONS = {"retrieve", "history"}
MERGED = (
    "The record was merged into another: `Location` names the same address of "
    "the record it was merged into."
)

ERROR_DESCRIPTIONS = {
    "400": "A field, query parameter or header is invalid (an unknown parameter, "
    "a NUL character, a value out of range, a body that is not UTF-8 JSON): "
    "`errors` names each one.",
    "401": "Missing or invalid credentials (send `Authorization: Token <key>`).",
    "403": "Signed in, but without the permission this needs.",
    "404": "No such record (or not published), or a page past the last one.",
    "406": "A `format` or `Accept` this endpoint does not offer.",
    "409": "Other records still refer to this one, or the write conflicts (the "
    "record was merged into another: `detail` names its address).",
    "412": "A precondition failed, so nothing was done: `If-Match` does not name "
    "the current version (a weak tag, an empty value or any other text never "
    "matches), or a write's `If-None-Match` names it (or is `*`). `current` "
    "holds the record as it is now; the `ETag` header names that version.",
    "413": "The body is over the size the API reads (1 MiB): `errors` names `body`.",
    "415": "The body is not `application/json`.",
    "429": "Too many requests from this client (see the rate limits): wait the "
    "`Retry-After` seconds.",
    "503": "The database cannot be reached right now: try again after the "
    "`Retry-After` seconds.",
}
NOT_MODIFIED = (
    "Not modified: `If-None-Match` names the current version (or is `*`); no body."
)
URI_TOO_LONG = (
    "The request line is longer than the web server reads (gunicorn: 4,094 "
    "bytes), so the request never reached the API: shorten the query. The "
    "server's own short text, not the JSON error shape."
)

ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=["200", "201", "304", "412"],
    description="The version of the record as you see it (a strong entity tag); "
    "send it back as `If-Match` or `If-None-Match`.",
)
IF_NONE_MATCH_READ = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="ETags you hold, comma-separated, or `*`: 304 with no body if one "
    "of them names the current version (weak comparison: `W/` is ignored).",
)
IF_NONE_MATCH_WRITE = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="ETags, comma-separated, or `*`: the write is refused with 412 if "
    "one of them names the current version (`*` always does: the record exists).",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of the version you hold (comma-separated ETags, or `*` "
    "for any): unless one of them is the current version, the request is refused "
    "with 412 instead of answering or overwriting a change you have not seen. "
    'Compared strongly (RFC 9110): a weak tag (`W/"..."`) or an empty value '
    "never matches. A write whose body is invalid is refused with 400 first.",
)
AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATETIME,
    OpenApiParameter.QUERY,
    description="Show the record as it stood at this time (ISO 8601; a date means "
    "its end; no offset means UTC). 404 if it did not exist or was not published "
    "then.",
)
CHANGE_REASON = OpenApiParameter(
    "X-Change-Reason",
    {"type": "string", "maxLength": MAX_CHANGE_REASON},
    OpenApiParameter.HEADER,
    description="Why you delete the record (at most 100 characters); kept in "
    "its history.",
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=["429", "503"],
    description="Seconds to wait before trying again.",
)
LINK = OpenApiParameter(
    "Link",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=["200"],
    description="On a JSON page, the first, prev, next and last pages (RFC 8288): "
    '`<https://…/api/v1/agreements/?page=2>; rel="next"`.',
)
VERSION_PARAMETERS = {
    "list": [LINK],
    "retrieve": [AS_OF, IF_MATCH, IF_NONE_MATCH_READ, ETAG],
    "create": [ETAG],
    "update": [IF_MATCH, IF_NONE_MATCH_WRITE, ETAG],
    "partial_update": [IF_MATCH, IF_NONE_MATCH_WRITE, ETAG],
    "destroy": [IF_MATCH, IF_NONE_MATCH_WRITE, CHANGE_REASON, ETAG],
}
CONDITIONAL = {"retrieve", "update", "partial_update", "destroy"}


class TrackerAutoSchema(AutoSchema):
    """Reads are open to everyone, writes need a token; every error is documented."""

    def get_override_parameters(self):
        action = getattr(self.view, "action", None)
        return [
            *super().get_override_parameters(),
            *VERSION_PARAMETERS.get(action, []),
            RETRY_AFTER,
        ]

    def get_auth(self):
        auths = super().get_auth()
        anonymous_readers = any(
            isinstance(permission, permissions.DjangoModelPermissionsOrAnonReadOnly)
            for permission in self.view.get_permissions()
        )
        if anonymous_readers and self.method in permissions.SAFE_METHODS:
            auths.append({})
        return auths

    def get_request_serializer(self):
        write = getattr(self.view, "write_serializer_class", None)
        if write is not None and self.method in WRITES - {"DELETE"}:
            return write()
        return super().get_request_serializer()

    def get_response_serializers(self):
        read = getattr(self.view, "serializer_class", None)
        if read is not None and self.method in WRITES - {"DELETE"}:
            return read()
        return super().get_response_serializers()

    def _merges(self) -> bool:
        """Whether this view's records can be merged into others (`merges`)."""
        serializer = getattr(self.view, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        return model is not None and mergeable(model)

    def error_codes(self) -> list[str]:
        # Every operation checks its query parameters (400) and is throttled.
        codes = ["400", "401", "406", "414", "429", "503"]
        if self._is_list_view() or "{" in self.path:
            codes.append("404")
        if self.method in WRITES:
            codes.append("403")
        if self.method in {"POST", "PUT", "PATCH"}:
            codes += ["409", "413", "415"]
        if self.method == "DELETE":
            codes.append("409")
        action = getattr(self.view, "action", None)
        if action == "retrieve":
            codes.append("304")
        if self.method == "GET" and action in MERGEABLE_ACTIONS and self._merges():
            codes.append("301")
        if action in CONDITIONAL:
            codes.append("412")
        return sorted(set(codes))

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for response in responses.values():
            csv = response.get("content", {}).get("text/csv")
            if csv is not None:
                csv["schema"] = {
                    "type": "string",
                    "description": "One row per record; nested fields as columns.",
                }
        for code in self.error_codes():
            if code == "301":
                responses[code] = {"description": MERGED}
            elif code in {"304", "414"}:
                responses[code] = {
                    "description": NOT_MODIFIED if code == "304" else URI_TOO_LONG,
                    "headers": self._get_response_headers_for_code(code, direction),
                }
            elif code not in responses:
                response = self._get_response_for_code(
                    ErrorSerializer, code, ["application/json"], direction
                )
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses


# No text the API takes may hold a NUL character (a 400 naming the field or
# parameter): say so as a pattern wherever a string has none of its own.
NO_NUL = "^[^\\x00]*$"


def _forbid_nul(schema: dict) -> None:
    if schema.get("type") == "string" and not (
        {"pattern", "enum", "format"} & set(schema)
    ):
        schema["pattern"] = NO_NUL
    for child in schema.get("properties", {}).values():
        _forbid_nul(child)
    if isinstance(schema.get("items"), dict):
        _forbid_nul(schema["items"])


def forbid_nul_characters(result, generator, request, public):
    """drf-spectacular postprocessing hook: every string query parameter and
    every string in a request body refuses a NUL character."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    _forbid_nul(parameter["schema"])
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            _forbid_nul(schema)
    return result
