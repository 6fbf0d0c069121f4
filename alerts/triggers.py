"""When to look for immediate alerts: after any transaction that saved a
version of something (simple-history's signal). Which of those changes readers
can see is not decided here but by the task, from public history, so a draft's
save queues a look that finds nothing to send."""

from django.db import transaction


def version_saved(**kwargs) -> None:
    """Queue one look per transaction, however many versions it saves (an
    admin save writes the record and each of its inline parts)."""
    connection = transaction.get_connection()
    if any(func is _queue_immediate for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_queue_immediate)


def _queue_immediate() -> None:
    from alerts.models import Watch
    from alerts.tasks import send_immediate_alerts

    # No task for the worker while no one asked for immediate alerts.
    if Watch.objects.immediate().exists():
        send_immediate_alerts.enqueue()
