"""Old addresses of merged records: a 301 to the record they were merged into.

A record merged into another (`merges.services`) is seen by no reader, so its
pages answer 404 on their own; wrapped in `follows_merges`, a page (or a feed,
a calendar) instead answers a GET with a permanent redirect to the same page of
the surviving record, when the public may see it (`Reader.successor`).
"""

from collections.abc import Callable
from functools import wraps

from django.db import models
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse

from partnerships.visibility import PUBLIC

SAFE_METHODS = ("GET", "HEAD")


def merged_address(request: HttpRequest, slug: str) -> str:
    """The URL of this request with `slug` in place of the merged record's."""
    match = request.resolver_match
    address = reverse(
        match.view_name, args=match.args, kwargs={**match.kwargs, "slug": slug}
    )
    query = request.META.get("QUERY_STRING", "")
    return f"{address}?{query}" if query else address


def follows_merges(model: type[models.Model]) -> Callable[[Callable], Callable]:
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def view_or_redirect(request: HttpRequest, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Http404:
                if request.method not in SAFE_METHODS or "slug" not in kwargs:
                    raise
                # One query, only for an address that names no visible record.
                record = PUBLIC.successor(model, kwargs["slug"])
                if record is None:
                    raise
                return HttpResponsePermanentRedirect(
                    merged_address(request, record.slug)
                )

        return view_or_redirect

    return decorate
