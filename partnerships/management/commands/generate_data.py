"""manage.py generate_data --scale S|M|L: synthetic records for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from partnerships.bulk_load import sqlite_bulk_pragmas
from partnerships.models import Company
from partnerships.search import indexing
from partnerships.synthetic import SCALES, Generator


class Command(BaseCommand):
    help = (
        "Fill an empty database with synthetic companies, people, sources, "
        "agreements and statements (with citations, term reports and history) "
        "for benchmarks. Use a database of its own: "
        "DATABASE_URL=sqlite:///bench.sqlite3."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="S",
            help="; ".join(
                f"{name}: {scale.agreements:,} agreements, {scale.companies:,} "
                f"companies, {scale.statements:,} statements"
                for name, scale in SCALES.items()
            ),
        )
        parser.add_argument("--seed", type=int, default=0, help="default: 0")

    def handle(self, *args, scale: str, seed: int, **options) -> None:
        if Company.objects.filter(slug="company-0").exists():
            raise CommandError(
                "This database already holds generated records (company-0): "
                "generate into a new database, e.g. "
                "DATABASE_URL=sqlite:///bench.sqlite3 manage.py migrate first."
            )
        started = time.monotonic()
        with sqlite_bulk_pragmas():
            counts = Generator(
                SCALES[scale], seed=seed, report=lambda line: self.stdout.write(line)
            ).run()
        # The planner's statistics: PostgreSQL's autovacuum would gather them
        # later, SQLite never does. Without them SQLite takes an index on
        # publication_status for a selective one, and reads every agreement
        # in title order to find one page's parties.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # Bulk writes skip the saves that keep the search index in step.
        indexed = indexing.rebuild()
        self.stdout.write(f"search index: {indexed:,} entries")
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Scale {scale} in {elapsed:.0f} s: {summary}.")
        )
