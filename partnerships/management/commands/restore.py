import json
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partnerships.models import Agreement, Company, Person, Source, Statement


class Command(BaseCommand):
    help = (
        "Load a file written by `backup` into a freshly migrated, empty database. "
        "All or nothing: a file that fails half-way leaves the database unchanged."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A backup written by `manage.py backup`")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"file: {path} does not exist")
        held = sum(
            model.objects.count()
            for model in (Company, Person, Source, Agreement, Statement)
        )
        if held:
            raise CommandError(
                f"The database already holds {held} records; restore into an empty "
                "database (migrate a new one) so that nothing is overwritten."
            )
        try:
            backup = json.loads(path.read_text(encoding="utf-8"))
            groups = [o["fields"]["name"] for o in backup if o["model"] == "auth.group"]
        except (ValueError, TypeError, KeyError) as error:
            raise CommandError(f"file: {path} is not a backup ({error})") from error
        with transaction.atomic():
            # `migrate` made these groups afresh; the backup holds them as they were.
            Group.objects.filter(name__in=groups).delete()
            call_command("loaddata", str(path), verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Restored {path}"))
