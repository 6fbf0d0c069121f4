"""The work the task worker (`manage.py db_worker`) does for the change log."""

from django.tasks import task


@task
def log_changes() -> None:
    """Append the committed changes to the change log (and queue their
    webhook deliveries): `following.changefeed.changes_record`."""
    from following.changefeed import changes_record

    changes_record()


@task
def deliver(delivery_id: int) -> None:
    """One attempt at a webhook delivery; a failure queues the next one."""
    from webhooks.delivery import delivery_attempt

    delivery_attempt(delivery_id)
