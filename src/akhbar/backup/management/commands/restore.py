"""``akhbar restore ARCHIVE``: fill an empty, migrated site from a backup."""

import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from akhbar.backup.archive import ArchiveError
from akhbar.backup.services import RestoreRefused, site_restore


class Command(BaseCommand):
    help = (
        "Check a backup archive whole, then fill this empty, migrated site from "
        "it in one transaction (nothing is written if any of it fails)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="then rebuild the indexes a backup leaves out (akhbar reindex, "
            "update_index)",
        )

    def handle(self, *args, archive, rebuild, verbosity, **options):
        started = time.monotonic()
        report = (lambda m: self.stdout.write(m)) if verbosity > 1 else None
        if not archive.is_file():
            raise CommandError("%s: no such file" % archive)
        try:
            manifest = site_restore(archive=archive, progress=report)
        except ArchiveError as error:
            raise CommandError(
                "%s cannot be restored: %s. Nothing was written." % (archive, error)
            ) from None
        except RestoreRefused as error:
            raise CommandError("%s Nothing was written." % error) from None
        if verbosity:
            self.stdout.write(
                "restored %d rows in %d tables and %d files in %.1f s"
                % (
                    sum(entry["rows"] for entry in manifest["tables"]),
                    len(manifest["tables"]),
                    len(manifest["media"]),
                    time.monotonic() - started,
                )
            )
        commands = manifest.get("rebuild", [])
        if rebuild:
            for command in commands:
                call_command(command, verbosity=verbosity)
        elif commands and verbosity:
            self.stdout.write(
                "Search indexes are not in the archive: run %s."
                % ", ".join("'akhbar %s'" % command for command in commands)
            )
