"""``akhbar related --rebuild``: recompute every live article's related list."""

import time

from django.core.management.base import BaseCommand, CommandError

from akhbar.related import services


class Command(BaseCommand):
    help = (
        "Recompute the related lists and duplicate flags of every live article "
        "from the search index (run 'akhbar reindex' first if it is stale)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="recompute every list"
        )

    def handle(self, *args, **options):
        if not options["rebuild"]:
            raise CommandError("Nothing to do: pass --rebuild.")
        started = time.perf_counter()
        count = services.related_rebuild(progress=options["verbosity"] > 0)
        self.stdout.write(
            "Related lists of %d articles in %.1f s."
            % (count, time.perf_counter() - started)
        )
