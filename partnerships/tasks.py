"""The work the task worker (`manage.py db_worker`) does for the site."""

from django.tasks import task

from partnerships.import_jobs import import_job_run


@task
def run_import_job(job_id: int) -> None:
    """An import's dry run or real run, as its `ImportJob` says."""
    import_job_run(job_id)
