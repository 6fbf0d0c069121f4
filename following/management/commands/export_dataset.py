"""Regenerate the full downloads now: `manage.py export_dataset [--output DIR]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from following.downloads import files


class Command(BaseCommand):
    help = (
        "Write the published dataset as JSON, a ZIP of CSVs and SQLite into "
        "DOWNLOADS_ROOT (or --output), as /downloads/ lists them."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="The directory to write to, instead of DOWNLOADS_ROOT.",
        )

    def handle(self, *args, output: Path | None, **options) -> None:
        try:
            manifest = files.export_dataset(output)
        except files.ExportError as error:
            where = "--output" if output else "DOWNLOADS_ROOT"
            raise CommandError(f"{where}: {error}") from error
        directory = output or files.root()
        for entry in manifest["files"].values():
            self.stdout.write(
                f"{directory / entry['filename']}: {entry['size']} bytes, "
                f"sha256 {entry['sha256']}"
            )
        counts = ", ".join(f"{n} {table}" for table, n in manifest["counts"].items())
        self.stdout.write(f"Exported {counts}.")
