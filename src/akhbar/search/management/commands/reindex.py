"""``akhbar reindex``: rebuild the search index from the live articles."""

import time

from django.core.management.base import BaseCommand

from akhbar.search import services


class Command(BaseCommand):
    help = "Rebuild the search index from every live, public article."

    def add_arguments(self, parser):
        parser.add_argument(
            "--merge",
            action="store_true",
            help="Only fold recent postings into the main index (fast, e.g. hourly).",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["merge"]:
            services.search_index_merge()
            self.stdout.write("Merged in %.1f s." % (time.perf_counter() - started))
            return
        count = services.search_index_rebuild(progress=options["verbosity"] > 0)
        self.stdout.write(
            "Indexed %d articles in %.1f s." % (count, time.perf_counter() - started)
        )
