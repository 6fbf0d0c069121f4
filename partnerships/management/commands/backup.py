from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Everything an editor made: the records with their history, the reviews of
# drafts and the answered corrections, the accounts and groups that the history
# names, API tokens, the admin's log, webhooks. Content types
# and permissions are rebuilt by `migrate`, so they are referred to by natural key.
BACKUP_LABELS = [
    "partnerships",
    "editorial",
    "corrections",
    "merges",  # what was merged, so that it can still be undone
    "auth.group",
    "auth.user",
    "authtoken.token",
    "admin.logentry",
    # Webhook endpoints editors registered, and the change log, whose keys are
    # the cursors mirrors hold (deliveries and their attempts are a log only).
    "webhooks.endpoint",
    "webhooks.change",
]


class Command(BaseCommand):
    help = "Write every record, relation and history row to a JSON file (see restore)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Where to write the backup, e.g. backup.json")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.parent.is_dir():
            raise CommandError(f"file: the folder {path.parent} does not exist")
        call_command(
            "dumpdata",
            *BACKUP_LABELS,
            format="backup",
            natural_foreign=True,
            indent=1,
            output=str(path),
            verbosity=0,
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
