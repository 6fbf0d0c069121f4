from django.core.management.base import BaseCommand

from alerts.tasks import send_daily_digests


class Command(BaseCommand):
    help = (
        "Queue today's alert digests for the task worker: one mail per confirmed "
        "address with the public changes of its daily watches it has not had. "
        "Run it once a day (cron or a systemd timer); a second run on the same "
        "day (UTC) sends nothing."
    )

    def handle(self, *args, **options) -> None:
        result = send_daily_digests.enqueue()
        self.stdout.write(
            f"Queued the daily alert digests (task {result.id}); the task worker "
            "(manage.py db_worker) sends them."
        )
