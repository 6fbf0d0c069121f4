"""The version of what readers see: one counter, bumped by every write.

Cached pages are keyed by this version (`readercache.middleware`), so a write
does not look for the entries it makes stale: it moves the counter, and the
old entries are never asked for again and expire.

Every save, delete and many-to-many change of a model a cached answer can show
(every app's but those listed in `UNTRACKED_APPS`), and every bulk write of one
(`partnerships.bulk_writes`), bumps it twice: at once, so
that a request inside the writer's own transaction (a test, a service calling
a page) does not read an old entry, and again when the transaction commits,
so that a page another process cached from the data as it stood before the
commit, under the first bump's version, is never served either.

The counter lives in the configured cache, shared by every process with
Redis. When missing (first start, eviction, a flushed Redis) it starts again
from the clock in nanoseconds, never from a number an old entry may carry.

Kept answers are also keyed by the code that made them (`release`): a deploy
changes templates and the shape of kept figures, and a process of the new
release must neither serve a page the old templates rendered nor read
figures the old code pickled.
"""

import functools
import hashlib
import logging
import sys
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from redis.exceptions import RedisError

from partnerships.bulk_writes import written_in_bulk

log = logging.getLogger(__name__)

VERSION_KEY = "readercache:version"

# Apps whose rows no cached answer shows: sign-ins, sessions, tokens, the
# admin's own log, the task queue; alerts' and corrections' pages (they carry a
# CSRF token, so they are never cached); reviews (the admin's). Not webhooks:
# the change feed's entries are its rows.
# Writing them keeps the cache, and their deletes stay fast: Django collects
# rows one by one only for models with delete signal receivers.
UNTRACKED_APPS = frozenset(
    {
        "admin",
        "auth",
        "authtoken",
        "axes",
        "sessions",
        "contenttypes",
        "django_tasks_database",
        "alerts",
        "corrections",
        "editorial",
    }
)


RELEASE_FILES = ("*.py", "*.html", "*.txt", "*.xml")


@functools.cache
def release() -> str:
    """A digest of the project's apps and templates (not the libraries'),
    worked out once per process (about 20 ms)."""
    base = Path(settings.BASE_DIR)
    folders = {base / "templates"} | {
        Path(app.path)
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(base)
        and not Path(app.path).is_relative_to(sys.prefix)  # a virtualenv in it
    }
    digest = hashlib.sha256()
    for folder in sorted(folders):
        for pattern in RELEASE_FILES:
            for path in sorted(folder.rglob(pattern)):
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def current() -> int:
    """The version readers' entries are keyed by now (starting one if missing)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def current_and(key: str) -> tuple[int, object]:
    """The current version and the value under `key`, read together: one round
    trip with Redis, on the path of every answer from the cache."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    return (current() if version is None else version), found.get(key)


def bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no counter yet: any fresh start is a new version
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
    except RedisError:
        log.exception("Reader cache version not bumped: the cache did not answer")


def tracked(model) -> bool:
    return model._meta.app_label not in UNTRACKED_APPS


def record_written(sender, using: str = "default", **kwargs) -> None:
    if not tracked(sender) or kwargs.get("action", "post").startswith("pre_"):
        return
    bump()
    transaction.on_commit(bump, using=using)


def connect() -> None:
    for model in apps.get_models():
        if not tracked(model):
            continue
        uid = f"readercache-{model._meta.label_lower}"
        post_save.connect(record_written, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(record_written, sender=model, dispatch_uid=f"{uid}-del")
    written_in_bulk.connect(record_written, dispatch_uid="readercache-bulk")
    # Sent by a relation's through model, checked by `record_written`.
    m2m_changed.connect(record_written, dispatch_uid="readercache-m2m")
