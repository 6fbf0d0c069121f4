"""manage.py rebuild_search_index: index every searchable record afresh."""

import time

from django.core.management.base import BaseCommand

from partnerships.search import indexing


class Command(BaseCommand):
    help = (
        "Write the search index afresh from the records: after loading records "
        "in bulk (generate_data runs it itself)."
    )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        written = indexing.rebuild()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {written:,} records in {elapsed:.1f} s.")
        )
