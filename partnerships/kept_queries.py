"""Querysets built once a process and copied for each request.

A list's records query (the site's lists, `BrowseList.records`; the API's
viewsets, `RecordViewSet.get_queryset`) holds nothing of a request or of the
day, yet building it cost a request milliseconds: the companies' group counts
2.4 ms of /companies/' 15 at S, an agreement's prefetches 0.65 ms, which DRF
asks for twice a request. So each is built once under its key and only copies
(`.all()`) are handed out: no query run on a copy keeps its rows in the one
kept.
"""

from collections.abc import Callable, Hashable

from django.db.models import QuerySet

_kept: dict[Hashable, QuerySet] = {}


def copy_of(key: Hashable, build: Callable[[], QuerySet]) -> QuerySet:
    """A copy of what `build()` gave the first time it was asked for `key`."""
    if (kept := _kept.get(key)) is None:
        kept = _kept.setdefault(key, build())
    return kept.all()
