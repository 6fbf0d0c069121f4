"""A database that cannot answer is a 503 with Retry-After, not a 500.

Django reconnects on the next request (and, with CONN_HEALTH_CHECKS, checks a
kept connection before reusing it), so the site recovers by itself once the
database is back: a client told to retry later will succeed.

Not every OperationalError is an outage: SQLite's "Expression tree is too
large" is a query the database refuses, every time. The error counts as an
outage only if the request's connection is gone (connecting failed, or it broke
and was closed) or no longer answers, or if SQLite stayed busy with other
writes past its timeout.
"""

import logging

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER = 30  # seconds: about how long a database restart or failover takes
SQLITE_BUSY = {"SQLITE_BUSY", "SQLITE_LOCKED"}


def connection_answers() -> bool:
    """Whether the request's connection is open and still answers. (Not a new
    connection: during an outage that would be one more wait to time out.)"""
    return connection.connection is not None and connection.is_usable()


def is_outage(exc: BaseException) -> bool:
    """Whether `exc` means the database cannot answer now, but may soon."""
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    if getattr(exc.__cause__, "sqlite_errorname", None) in SQLITE_BUSY:
        return True
    return not connection_answers()


def outage_page(request: HttpRequest) -> HttpResponse:
    """The 503 page, rendered from the template alone: no context processor,
    nothing that would ask the database."""
    content = render_to_string("503.html", {"request": request})
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


class DatabaseOutageMiddleware:
    """Pages whose database is unreachable answer the 503 page. (The API's
    exception handler answers its own JSON 503 before this sees anything.)"""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not is_outage(exception):
            return None
        logger.warning(
            "Database unavailable: %s %s: %s", request.method, request.path, exception
        )
        return outage_page(request)
