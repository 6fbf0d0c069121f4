"""Alert mails go through the database backend and the task worker
(`manage.py db_worker`), as in production: the page and `send_alert_digests`
queue, the worker sends. Outside a test transaction: the worker commits."""

import signal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.alerts_records import ask, links
from tests.following_records import reported_deal


@pytest.fixture
def worker_pass(settings):
    """Run the worker once over the queue, as `db_worker --batch` does."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def run() -> None:
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval=0",
            stdout=StringIO(),
        )

    yield run
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


def test_the_worker_sends_the_confirmation_and_the_digest(
    transactional_db, client, worker_pass
):
    deal = reported_deal()

    ask(client, deal)
    assert mail.outbox == []  # queued, not sent by the page
    worker_pass()
    (confirmation,) = mail.outbox
    (confirm,) = links(confirmation, "confirm")
    client.post(confirm)

    deal.value_amount = 7 * 10**9
    deal.value_qualifier = "exact"
    deal.save()
    out = StringIO()
    call_command("send_alert_digests", stdout=out)
    assert "Queued the daily alert digests" in out.getvalue()
    assert len(mail.outbox) == 1
    worker_pass()

    digest = mail.outbox[1]
    assert "to “USD 7 billion” (reported)" in digest.body

    call_command("send_alert_digests", stdout=StringIO())
    worker_pass()
    assert len(mail.outbox) == 2  # the day's digest is made once
    # The alerts' tasks all ran (the downloads' export the edits queued waits
    # its DOWNLOADS_EXPORT_DELAY).
    alerts_tasks = DBTaskResult.objects.filter(task_path__startswith="alerts.")
    assert alerts_tasks.exists()
    assert {task.status for task in alerts_tasks} == {"SUCCESSFUL"}
