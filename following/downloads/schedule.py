"""When the downloads are regenerated: a few minutes after what readers see
changes, once for every change within that window (debounced).

Any saved or deleted record of the domain (a record, a party, a citation, a
report of a term, a many-to-many row) may change what readers see: a publish,
a withdrawal, an edit of a published record, a part added to one. Telling a
draft's edit apart would cost a query on every save, and an export that finds
nothing new is only wasted work, so every change counts.

`dataset_changed` only asks for an export: once the change is committed, the
first change of a window queues the export task to run `DOWNLOADS_EXPORT_DELAY`
seconds later and marks the cache until then; a change while the mark stands
is already covered by that run. With Redis as the cache (CACHE_URL), app
processes share the mark.
"""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.tasks import default_task_backend
from django.utils import timezone

logger = logging.getLogger(__name__)

EXPORT_QUEUED = "downloads:export-queued"
_warned = False  # the warning below, once per process rather than per save


def dataset_changed() -> None:
    """Ask for an export of the downloads once the current transaction commits.

    Robust: the change is saved by then, so a queue or a cache that does not
    answer is logged, never the editor's error page."""
    transaction.on_commit(queue_export, robust=True)


def queue_export() -> None:
    """Queue the export `DOWNLOADS_EXPORT_DELAY` seconds from now, unless one
    queued within that window is still waiting."""
    from following.downloads.tasks import export_dataset_task

    global _warned
    delay = settings.DOWNLOADS_EXPORT_DELAY
    if not default_task_backend.supports_defer:
        # Django's ImmediateBackend (the tests' default) would export inside
        # every editor's request; `manage.py export_dataset` is the way there.
        if not _warned:
            logger.warning(
                "The downloads are not regenerated after publishes: the task "
                "backend cannot run a task later (run manage.py export_dataset)."
            )
            _warned = True
        return
    try:
        first = not delay or cache.add(EXPORT_QUEUED, True, timeout=delay)
    except Exception:
        # Without the cache's mark, an export per change beats none.
        logger.exception("The cache did not answer: export queued undebounced.")
        first = True
    if not first:
        return
    run_after = timezone.now() + datetime.timedelta(seconds=delay)
    try:
        export_dataset_task.using(run_after=run_after).enqueue()
    except Exception:
        cache.delete(EXPORT_QUEUED)  # the next change tries again
        raise
