"""Make the OpenAPI schema tell the truth about auth, bodies, CSV and errors."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions

from partnerships.api.errors import ErrorSerializer

WRITES = {"POST", "PUT", "PATCH", "DELETE"}

ERROR_DESCRIPTIONS = {
    "400": "A field or query parameter is invalid: `errors` names each one.",
    "401": "Missing or invalid credentials (send `Authorization: Token <key>`).",
    "403": "Signed in, but without the permission this needs.",
    "404": "No such record (or not published), or a page past the last one.",
    "406": "A `format` or `Accept` this endpoint does not offer.",
    "409": "Other records still refer to this one, or the write conflicts.",
    "412": "The record changed since the `If-Match` version: nothing was written; "
    "`current` holds the record as it is now.",
    "413": "The body is over the size the API reads (1 MiB): `errors` names `body`.",
    "415": "The body is not `application/json`.",
    "429": "Too many requests from this client (see the rate limits): wait the "
    "`Retry-After` seconds.",
    "503": "The database cannot be reached right now: try again after the "
    "`Retry-After` seconds.",
}


NOT_MODIFIED = "Not modified: `If-None-Match` names the current version."

ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=["200", "201", "304", "412"],
    description="The version of the record as you see it; send it back as "
    "`If-Match` or `If-None-Match`.",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="An ETag you hold: 304 with no body if it is still current.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of the version you edited: if the record has changed "
    "since, the write is refused with 412 instead of overwriting that change.",
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
    OpenApiTypes.STR,
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
VERSION_PARAMETERS = {
    "retrieve": [AS_OF, IF_NONE_MATCH, ETAG],
    "create": [ETAG],
    "update": [IF_MATCH, ETAG],
    "partial_update": [IF_MATCH, ETAG],
    "destroy": [IF_MATCH, CHANGE_REASON, ETAG],
}


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
        perms = {type(permission) for permission in self.view.get_permissions()}
        if (
            permissions.DjangoModelPermissionsOrAnonReadOnly in perms
            and self.method in permissions.SAFE_METHODS
        ):
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

    def error_codes(self) -> list[str]:
        codes = ["401", "406", "429", "503"]
        if self._is_list_view():
            codes += ["400", "404"]
        if "{" in self.path:
            codes.append("404")
        if self.method in WRITES:
            codes += ["403", "415"] if self.method != "DELETE" else ["403"]
            codes += ["400"] if self.method != "DELETE" else ["400", "409"]
        if self.method in {"POST", "PUT", "PATCH"}:
            codes += ["409", "413"]
        action = getattr(self.view, "action", None)
        if action == "retrieve":
            codes += ["304", "400"]
        if action in {"update", "partial_update", "destroy"}:
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
            if code == "304":
                responses[code] = {
                    "description": NOT_MODIFIED,
                    "headers": self._get_response_headers_for_code(code, direction),
                }
            elif code not in responses:
                response = self._get_response_for_code(
                    ErrorSerializer, code, ["application/json"], direction
                )
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses
