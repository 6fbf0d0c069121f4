"""One JSON shape for every error the API returns.

    {"status": 400, "code": "invalid", "detail": "Invalid value for: page_size.",
     "errors": {"page_size": ["Give a whole number from 1 to 100."]}}

`errors` names each field or query parameter at fault (nested items by
position: `{"parties": {"1": {"role": ["..."]}}}`), `body` for a body that
cannot be read (400, 413), and is empty for errors that concern the request as
a whole (401, 403, 404, 405, 406, 409, 412, 415, 429, 503).
A 412 also carries `current`: the record as it is now (its ETag in the header);
a 429 says which rate limit was hit, its `Retry-After` header when to try again.
"""

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from health import outages
from partnerships.api.versions import PreconditionFailed


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the record."
    default_code = "conflict"


class BodyTooLarge(exceptions.APIException):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE, refused before it is read."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        detail = (
            f"The body is larger than {limit:,} bytes, the most the API reads: "
            "send a smaller one."
        )
        super().__init__(detail)
        self.errors = {"body": [detail]}


class DatabaseUnavailable(exceptions.APIException):
    """The database cannot be reached (`health.outages`): retry later."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "database_unavailable"
    default_detail = (
        "The database cannot be reached right now: try again after the number "
        "of seconds in Retry-After."
    )
    wait = outages.RETRY_AFTER  # DRF sends it as Retry-After


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (documents the shape in the schema)."""

    status = serializers.IntegerField(help_text="The HTTP status code.")
    code = serializers.CharField(
        help_text="A stable, machine-readable code: invalid, not_authenticated, "
        "authentication_failed, permission_denied, not_found, method_not_allowed, "
        "not_acceptable, unsupported_media_type, parse_error, too_large, "
        "protected, conflict, precondition_failed, throttled, database_unavailable."
    )
    detail = serializers.CharField(help_text="A sentence for people.")
    errors = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Messages by field or query parameter, or `body` for a body "
        "that cannot be read (400 and 413 only; else empty).",
    )
    current = serializers.JSONField(
        required=False,
        help_text="412 only: the record as it is now, to merge your change into.",
    )


class PageNotFound(exceptions.NotFound):
    """A page past the last one: 404, naming the `page` parameter."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.errors = {"page": [detail]}


def error_body(status_code: int, code: str, detail: str, errors: dict | None = None):
    return {
        "status": status_code,
        "code": code,
        "detail": detail,
        "errors": errors or {},
    }


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if outages.is_outage(exc):
        return DatabaseUnavailable()
    if isinstance(exc, RequestDataTooBig):
        return BodyTooLarge()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, ProtectedError | RestrictedError):
        names = sorted({str(obj._meta.verbose_name) for obj in exc.args[1]})
        return Conflict(
            "Other records still refer to this one ("
            + ", ".join(names)
            + "): change or delete them first.",
            code="protected",
        )
    if isinstance(exc, IntegrityError):
        return Conflict("The write conflicts with another record; nothing was changed.")
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    return exc


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        errors = {
            ("non_field_errors" if name == NON_FIELD_ERRORS else name): messages
            for name, messages in errors.items()
        }
        detail = "Invalid value for: " + ", ".join(errors) + "."
        response.data = error_body(response.status_code, "invalid", detail, errors)
    else:
        detail = exc.detail
        errors = getattr(exc, "errors", {})
        if isinstance(detail, dict | list):
            detail = exc.default_detail
        response.data = error_body(
            response.status_code, _code(exc), str(detail), errors
        )
    if isinstance(exc, PreconditionFailed):
        response.data["current"] = exc.current
        response["ETag"] = exc.tag
    return response


@csrf_exempt
def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """JSON 404 for any address under /api/ that names no endpoint."""
    body = error_body(
        404, "not_found", "No endpoint here: see /api/v1/ for the list of endpoints."
    )
    return JsonResponse(body, status=404)
