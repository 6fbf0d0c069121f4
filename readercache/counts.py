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

Counts made stale by a write are counted again by one request: the first to
miss them takes a lock in the cache, and the others asking for the same
counts meanwhile wait for its answer (`COUNTS_WAIT_SECONDS` at most, then
count for themselves; 0: no one waits), so that a write does not set every
reader of a long list counting the same facets at once.
"""

import hashlib
import logging
import time
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
    lock, wait = f"{key}:counting", settings.COUNTS_WAIT_SECONDS
    try:
        counting_here = not wait or cache.add(lock, True, wait)
    except RedisError:
        log.exception("Counts not locked in the cache: it did not answer")
        return count()
    if not counting_here:
        counted = _counted_elsewhere(key)
        if counted is not None:
            return counted
    try:
        counted = count()
        try:
            cache.set(key, counted, seconds)
        except RedisError:
            log.exception("Counts not kept in the cache: it did not answer")
    finally:
        if wait and counting_here:  # counted, or failed: no one waits longer
            _unlock(lock)
    return counted


def _unlock(lock: str) -> None:
    try:
        cache.delete(lock)
    except RedisError:
        log.exception("Counts' lock not taken off: the cache did not answer")


# How often a request waiting for counts another is making asks for them.
WAIT_STEP_SECONDS = 0.05


def _counted_elsewhere(key: str):
    """What another request counting the same counts kept, asked for until
    COUNTS_WAIT_SECONDS have passed; None if it kept nothing by then."""
    deadline = time.monotonic() + settings.COUNTS_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
        try:
            kept = cache.get(key)
        except RedisError:
            log.exception("Counts not read from the cache: it did not answer")
            return None
        if kept is not None:
            return kept
    return None
