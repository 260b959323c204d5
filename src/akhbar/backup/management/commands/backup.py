"""``akhbar backup OUT.tar``: the whole site in one archive, while it runs."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand

from akhbar.backup.services import site_backup


class Command(BaseCommand):
    help = (
        "Write every table (one consistent read) and every stored file into "
        "one tar archive, for 'akhbar restore'."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="the archive to write (.tar)")

    def handle(self, *args, out, verbosity, **options):
        started = time.monotonic()
        report = (lambda m: self.stdout.write(m)) if verbosity > 1 else None
        manifest = site_backup(out=out, progress=report)
        for name in manifest["missing"]:
            self.stderr.write("A row names %s, which its storage lacks." % name)
        if verbosity:
            self.stdout.write(
                "%s: %d rows in %d tables, %d files, %.1f s"
                % (
                    out,
                    sum(entry["rows"] for entry in manifest["tables"]),
                    len(manifest["tables"]),
                    len(manifest["media"]),
                    time.monotonic() - started,
                )
            )
