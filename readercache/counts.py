"""Counts worked out from what readers see, kept until the next write.

A list's facets count every matching record: over 100,000 agreements that is
a second of SQL for the unfiltered page, and the answer changes only when a
record does. Such counts are kept in the configured cache for
`COUNTS_CACHE_SECONDS` under the version of what readers see
(`readercache.versions`), so that a write makes them stale as it makes cached
pages stale: the next request counts afresh. The version is read before the
counting, so counts that a write overtook are filed under a version no one
asks for again.

On by default only with a shared cache (CACHE_URL), as the reader cache is: a
per-process memory cache would not hear of another process's writes.
"""

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from readercache import versions

log = logging.getLogger(__name__)


def remembered[Counted](
    what: str, asked: tuple, count: Callable[[], Counted]
) -> Counted:
    """`count()`, or what it gave for the same `asked` since the last write.
    `asked` holds everything the counts depend on, in a stable order."""
    seconds = settings.COUNTS_CACHE_SECONDS
    if not seconds:
        return count()
    digest = hashlib.sha256(repr(asked).encode()).hexdigest()
    try:
        version = f"{versions.release()}:{versions.current()}"
        key = f"readercache:counts:{version}:{what}:{digest}"
        kept = cache.get(key)
    except RedisError:
        log.exception("Counts not read from the cache: it did not answer")
        return count()
    if kept is not None:
        return kept
    counted = count()
    try:
        cache.set(key, counted, seconds)
    except RedisError:
        log.exception("Counts not kept in the cache: it did not answer")
    return counted
