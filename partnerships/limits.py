"""How often a client may ask: limits that hold across the app's processes.

A limit is a number of requests per period (`settings.RATE_LIMITS`) for a
scope: `anon` or `user` for every API request (without or with a token), and
`search` and `csv` for the costly reads wherever they are asked (the site's
search and the `q` of its lists, the API's `search`; `format=csv` on either),
so that one door's limit cannot be got round through the other.

Each client (its account when signed in or sending a token, else its address)
is counted in the configured cache, so that with Redis every process counts the
same requests. A client's window opens with its first request and lasts one
period; each request is one atomic increment, so that requests sent in parallel
to different processes cannot slip past the limit. A refused request answers
429 with `Retry-After`: the seconds until its window closes.

If the cache cannot be reached, requests go through and the error is logged: a
limit protects the site, it must not take it down.
"""

import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

WHAT = {
    "anon": "API requests",
    "user": "API requests",
    "search": "searches",
    "csv": "CSV downloads",
    "alerts": "requests for email alerts",
    "alerts_address": "confirmation mails to one address",
    "correction": "suggested corrections",
}


@dataclass(frozen=True)
class Rate:
    requests: int
    period: str

    @classmethod
    def of(cls, scope: str) -> "Rate":
        number, _, period = settings.RATE_LIMITS[scope].partition("/")
        return cls(int(number), period)

    @property
    def seconds(self) -> int:
        return settings.RATE_PERIODS[self.period]

    def __str__(self) -> str:
        return f"{self.requests} per {self.period}"


@dataclass(frozen=True)
class Refusal:
    """A request past a limit: which one, and how long until the next is let in."""

    scope: str
    rate: Rate
    wait: int

    @property
    def message(self) -> str:
        seconds = "second" if self.wait == 1 else "seconds"
        return (
            f"Too many {WHAT[self.scope]}: the limit is {self.rate}. "
            f"Try again in {self.wait} {seconds}."
        )


def client_address(request: HttpRequest) -> str:
    """The client's IP address: the connection's, or behind `PROXY_COUNT`
    proxies, the one the outermost proxy saw (as DRF's NUM_PROXIES reads it)."""
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if settings.PROXY_COUNT and forwarded:
        return forwarded[-min(settings.PROXY_COUNT, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def client_key(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"account:{user.pk}"
    return f"address:{client_address(request)}"


def costly_scopes(*, search: str, csv: bool) -> list[str]:
    """The costly reads a request asks for: a search, a CSV download, both."""
    return [
        scope for scope, asked in (("search", search.strip()), ("csv", csv)) if asked
    ]


def check(request: HttpRequest, scopes: Iterable[str]) -> Refusal | None:
    """Count the request against each scope; the longest refusal if any is spent."""
    scopes = list(scopes)
    counted(request).extend(scopes)
    refusals = [
        refusal for scope in scopes if (refusal := count(request, scope)) is not None
    ]
    return max(refusals, key=lambda refusal: refusal.wait, default=None)


def counted(request: HttpRequest) -> list[str]:
    """The scopes `request` has been counted against so far: a cached answer
    to it counts the same for each request it answers (`readercache`)."""
    request = getattr(request, "_request", request)  # DRF's Request wraps it
    if not hasattr(request, "rate_limit_scopes"):
        request.rate_limit_scopes = []
    return request.rate_limit_scopes


def count(request: HttpRequest, scope: str) -> Refusal | None:
    return count_for(client_key(request), scope)


def count_for(client: str, scope: str) -> Refusal | None:
    """Count one request of `client` (any stable key: an account, an address,
    the hash of an email address) against `scope`."""
    rate = Rate.of(scope)
    try:
        requests, left = count_in_window(f"limits:{scope}:{client}", rate.seconds)
    except RedisError:
        log.exception("Rate limit %s not counted: the cache did not answer", scope)
        return None
    if requests <= rate.requests:
        return None
    return Refusal(scope, rate, max(1, math.ceil(left)))


def count_in_window(key: str, seconds: int) -> tuple[int, float]:
    """One more request in the window under `key`, which opens with its first
    request and lasts `seconds`: the requests it holds, and the seconds it has
    left. In one round trip with the project's Redis backend
    (`tracker.redis_cache`); with any other cache, in a few calls."""
    if hasattr(cache, "count_in_window"):
        return cache.count_in_window(key, seconds)
    now = time.time()
    try:
        cache.add(key, 0, seconds)
        requests = cache.incr(key)
    except ValueError:
        # The window closed between `add` and `incr`: this request opens none.
        return 0, seconds
    if requests == 1:
        # A window opens. Setting its lifetime again also covers a counter
        # that expired between `add` and `incr`, which Redis recreates
        # without one.
        cache.touch(key, seconds)
        cache.set(f"{key}:opened", now, seconds)
        return requests, seconds
    return requests, cache.get(f"{key}:opened", now) + seconds - now
