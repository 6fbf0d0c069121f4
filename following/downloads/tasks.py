"""The export the task worker (`manage.py db_worker`) runs after publishes."""

from django.tasks import task

from following.downloads import files


@task
def export_dataset_task() -> None:
    """Regenerate the JSON, CSV (ZIP) and SQLite downloads."""
    files.export_dataset()
