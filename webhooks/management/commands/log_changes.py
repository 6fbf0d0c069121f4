from django.core.management.base import BaseCommand

from following.changefeed import RECORD_TYPES, changes_record
from webhooks.models import PendingChange


class Command(BaseCommand):
    help = (
        "Append the changes saved since the last run to the change feed "
        "(/api/v1/changes/) and queue their webhook deliveries. The task worker "
        "does this after every write; run it by hand without a worker. --all "
        "looks at every record (once, when the feed is first deployed)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="Look at every record, not only those saved since the last run.",
        )

    def handle(self, *args, **options) -> None:
        if options["all"]:
            for model, record_type in RECORD_TYPES.items():
                PendingChange.objects.bulk_create(
                    PendingChange(record_type=record_type, record_id=pk)
                    for pk in model._default_manager.values_list("pk", flat=True)
                )
        appended = changes_record()
        self.stdout.write(f"{len(appended)} change(s) logged.")
