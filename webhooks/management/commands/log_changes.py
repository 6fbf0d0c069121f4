from django.core.management.base import BaseCommand

from following.changefeed import changes_record


class Command(BaseCommand):
    help = (
        "Append the changes saved since the last run to the change feed "
        "(/api/v1/changes/) and queue their webhook deliveries. The task worker "
        "does this after every write; run it by hand without a worker."
    )

    def handle(self, *args, **options) -> None:
        appended = changes_record()
        self.stdout.write(f"{len(appended)} change(s) logged.")
