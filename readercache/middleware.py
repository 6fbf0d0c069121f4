"""Anonymous readers' GETs answered from the cache, with conditional GET.

A page or API read that an anonymous reader (no session cookie, no
`Authorization`) receives as a plain 200 is kept in the configured cache for
`READER_CACHE_SECONDS`, keyed by the scheme, host, path, query string and
`Accept`, so that absolute links naming the host and content negotiation are
kept apart. An entry holds the version of what readers see
(`readercache.versions`: every write moves it) read before its answer was
made, and answers only while that is still the version: the two are read in
one round trip, and a stale entry is replaced by the next answer made.
Nothing personal can be kept: a response that sets a cookie or renders a
CSRF token, varies on anything but `Accept` and `Cookie`, is private,
streams, or is not a 200 passes through as it is; so do the admin, static
files and every other method.

Rate limits still count every request: the scopes a request was counted
against when its answer was made (`partnerships.limits` records them) are
counted again for each request the entry answers; one past its limit goes on
to the view, which refuses it as usual.

The middleware sits outermost, so an entry holds the headers every other
middleware added. The one that differs per response, the Content-Security-
Policy nonce, is replaced by a fresh one in the body and the header at each
use. The entity tag (weak: pages carry a new nonce each time) is a hash of the
body without its nonce, so every process, and every render of the same data,
gives the same tag; a response that has its own tag (an API record's) keeps
it. `If-None-Match` naming it is answered 304.
"""

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.csp import CSP, generate_nonce
from redis.exceptions import RedisError

from partnerships import limits
from readercache import versions

log = logging.getLogger(__name__)

# Larger answers are made afresh each time rather than crowd out the others.
MAX_ENTRY_BYTES = 512 * 1024
# What a cached response may vary on: `Accept` is in the key, and the only
# cookie an answered request may carry is the CSRF token's, which a response
# that never rendered a token (`CSRF_COOKIE_USED`) does not depend on.
VARY_ALLOWED = frozenset({"accept", "cookie"})
CSP_HEADERS = (CSP.HEADER_ENFORCE, CSP.HEADER_REPORT_ONLY)
NONCE_PLACEHOLDER = b"\0nonce\0"


def anonymous(request: HttpRequest) -> bool:
    """No credentials, and no cookie but the CSRF token's: a session's, or the
    messages' that a page shows once (after a reader's correction is sent)."""
    return "HTTP_AUTHORIZATION" not in request.META and set(request.COOKIES) <= {
        settings.CSRF_COOKIE_NAME
    }


def uncached_path(path: str) -> bool:
    return path.startswith((reverse("admin:index"), settings.STATIC_URL))


def entry_key(request: HttpRequest) -> str:
    asked = "\n".join(
        (
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            request.META.get("HTTP_ACCEPT", "").strip(),
        )
    )
    digest = hashlib.sha256(asked.encode()).hexdigest()
    return f"readercache:entry:{versions.release()}:{digest}"


def cacheable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED"):
        return False
    if len(response.content) > MAX_ENTRY_BYTES:
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control:
        return False
    varies = {
        header.strip().lower()
        for header in response.get("Vary", "").split(",")
        if header.strip()
    }
    return varies <= VARY_ALLOWED


def request_nonce(request: HttpRequest) -> str | None:
    """The CSP nonce this response's body and header carry, if one was made."""
    nonce = getattr(request, "_csp_nonce", None)
    return str(nonce) if nonce else None


def entry_of(
    response: HttpResponse, nonce: str | None, scopes: list[str], version: int
) -> dict:
    body = response.content
    if nonce:
        body = body.replace(nonce.encode(), NONCE_PLACEHOLDER)
    headers = dict(response.items())
    if "ETag" not in response:
        headers["ETag"] = 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if nonce:
        for header in CSP_HEADERS:
            if header in headers:
                headers[header] = headers[header].replace(nonce, "\0nonce\0")
    return {
        "body": body,
        "headers": headers,
        "scopes": scopes,
        "version": version,
        "nonce": bool(nonce),
    }


def response_of(entry: dict) -> HttpResponse:
    body, headers = entry["body"], entry["headers"]
    if entry["nonce"]:  # a page's (an API read has none)
        nonce = generate_nonce()
        body = body.replace(NONCE_PLACEHOLDER, nonce.encode())
        headers = {
            name: value.replace("\0nonce\0", nonce) for name, value in headers.items()
        }
        if "Content-Length" in headers:
            headers["Content-Length"] = str(len(body))
    response = HttpResponse(body)
    for name, value in headers.items():
        response[name] = value
    return response


class ReaderCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        seconds = settings.READER_CACHE_SECONDS
        if (
            not seconds
            or request.method != "GET"
            or not anonymous(request)
            or uncached_path(request.path)
        ):
            return self.get_response(request)
        try:
            key = entry_key(request)
            version, entry = versions.current_and(key)
        except DisallowedHost:
            return self.get_response(request)  # Django's 400, as for any request
        except RedisError:
            log.exception("Reader cache not read: the cache did not answer")
            return self.get_response(request)
        if entry is not None and entry.get("version") != version:
            entry = None  # made before the last write
        if entry is not None and limits.check(request, entry["scopes"]) is None:
            return self.conditional(request, response_of(entry))
        if entry is not None:
            # Past a limit: the view counts this request again and refuses it.
            return self.get_response(request)
        response = self.get_response(request)
        if not cacheable(request, response):
            return response
        entry = entry_of(
            response, request_nonce(request), limits.counted(request), version
        )
        try:
            cache.set(key, entry, seconds)
        except RedisError:
            log.exception("Reader cache not written: the cache did not answer")
        response["ETag"] = entry["headers"]["ETag"]
        return self.conditional(request, response)

    @staticmethod
    def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        return get_conditional_response(
            request, etag=response["ETag"], response=response
        )
