"""API requests count against their client's rate limits (`partnerships.limits`)."""

from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from partnerships import limits


class RateLimited(Throttled):
    """429 saying which limit was hit, in the same words as the site's page
    (DRF's own would add a second "available in" sentence)."""

    def __init__(self, refusal: limits.Refusal) -> None:
        super().__init__(detail=refusal.message)
        self.wait = refusal.wait  # the exception handler's Retry-After


class RateLimitThrottle(BaseThrottle):
    """Every request counts against `user` (with a token) or `anon`; a search
    and a CSV download also against `search` and `csv`, shared with the site."""

    def allow_request(self, request: Request, view) -> bool:
        scopes = ["user" if request.user.is_authenticated else "anon"]
        renderer = getattr(request, "accepted_renderer", None)
        scopes += limits.costly_scopes(
            search=request.query_params.get("search", ""),
            csv=getattr(renderer, "format", None) == "csv",
        )
        refusal = limits.check(request, scopes)
        if refusal is not None:
            raise RateLimited(refusal)
        return True
