from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from partnerships.models import Agreement, Company, Person, Source, Statement

ARTICLE_FIXTURES = ["article"]


class Command(BaseCommand):
    help = (
        "Load the first article's records, but only into an empty database, so "
        "that an editor's changes are never overwritten."
    )

    def handle(self, *args, **options) -> None:
        curated = (Company, Person, Source, Agreement, Statement)
        if any(model.objects.exists() for model in curated):
            self.stdout.write(
                "The database already holds records: the article's fixtures were not "
                "loaded, so no editor's change is overwritten."
            )
            return
        with transaction.atomic():
            call_command("loaddata", *ARTICLE_FIXTURES, verbosity=0)
        counts = ", ".join(
            f"{model.objects.count()} {model._meta.verbose_name_plural}"
            for model in curated
        )
        self.stdout.write(
            self.style.SUCCESS(f"Loaded the article's records: {counts}.")
        )
