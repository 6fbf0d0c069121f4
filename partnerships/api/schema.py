"""Make the OpenAPI schema tell the truth about auth, bodies, CSV and errors."""

from drf_spectacular.openapi import AutoSchema
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
    "415": "The body is not `application/json`.",
}


class TrackerAutoSchema(AutoSchema):
    """Reads are open to everyone, writes need a token; every error is documented."""

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
        codes = ["401", "406"]
        if self._is_list_view():
            codes += ["400", "404"]
        if "{" in self.path:
            codes.append("404")
        if self.method in WRITES:
            codes += ["403", "415"] if self.method != "DELETE" else ["403"]
            codes += ["400"] if self.method != "DELETE" else ["409"]
        if self.method in {"POST", "PUT", "PATCH"}:
            codes.append("409")
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
            if code not in responses:
                response = self._get_response_for_code(
                    ErrorSerializer, code, ["application/json"], direction
                )
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses
