import argparse
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from partnerships.imports import (
    FORMATS,
    MAX_FILE_BYTES,
    RECORD_TYPES,
    ThrottledProgress,
    columns_help,
    format_from_filename,
    records_import,
    rows_problem,
    size_problem,
)

# Seconds between two progress lines on stderr.
PROGRESS_EVERY = 2.0


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Keeps the column tables of the epilog as written."""


class Command(BaseCommand):
    help = (
        "Import agreements, companies or statements from a CSV or JSON file. "
        "Without --commit this is a dry run: it reports row by row what would be "
        "created, changed, left unchanged or rejected, and writes nothing. With "
        "--commit every row is written, or none if any row is rejected. A file "
        f"over the caps ({MAX_FILE_BYTES // 2**20} MB; rows per record type, listed "
        "below) is refused before its rows are read. Progress goes to stderr "
        "(not with -v 0)."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs.setdefault(
            "epilog",
            "Columns (* required; lists as “a|b”; dates as 2030, 2026-03 or "
            "2025-11-03):\n\n" + columns_help(),
        )
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "record_type", choices=RECORD_TYPES, help="What the file holds."
        )
        parser.add_argument("file", metavar="FILE", help="The CSV or JSON file.")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="The file's format (default: from its extension, .csv or .json).",
        )
        parser.add_argument(
            "--commit",
            action="store_true",
            help="Write the records (all of them, or none if a row is rejected).",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="The editor the history records as having made the import.",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"FILE: no such file: {path}")
        if not path.is_file():
            raise CommandError(f"FILE: {path} is not a file")
        fmt = options["format"] or format_from_filename(path.name)
        if fmt is None:
            raise CommandError(
                f"--format: cannot tell whether {path.name} is CSV or JSON from its "
                "name; pass --format csv or --format json"
            )
        if problem := size_problem(path.stat().st_size):
            raise CommandError(f"FILE: {problem}")
        content = path.read_bytes()
        if problem := rows_problem(content, fmt, options["record_type"]):
            raise CommandError(f"FILE: {problem}")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user: no user is named {options['user']!r}")

        report = records_import(
            record_type=options["record_type"],
            content=content,
            filename=path.name,
            fmt=fmt,
            commit=options["commit"],
            user=user,
            progress=(
                ThrottledProgress(self._show_progress, every=PROGRESS_EVERY)
                if options["verbosity"]
                else None
            ),
        )
        for line in report.lines():
            self.stdout.write(line)
        if report.refused:
            raise CommandError(report.summary)
        self.stdout.write(report.summary)
        rejected = report.counts["rejected"]
        if rejected:
            raise CommandError(
                f"{rejected} row(s) rejected: nothing was written. Fix them and "
                "run the import again."
            )
        if report.committed and not report.has_changes:
            self.stdout.write("Nothing to change: every row matches the database.")
        elif report.committed:
            self.stdout.write(self.style.SUCCESS("Imported: the changes are saved."))
        else:
            self.stdout.write(
                "Dry run: nothing was written. Run again with --commit to apply."
            )

    def _show_progress(self, done: int, total: int) -> None:
        self.stderr.write(f"rows done: {done:,} of {total:,}")
