"""``akhbar related-eval``: related lists of a JSONL corpus, as a TREC run."""

import time

from django.core.management.base import BaseCommand, CommandError

from akhbar.related import evaluation


class Command(BaseCommand):
    help = (
        "Load a corpus ({_id, title, text, published} per line) into a throwaway "
        "database through the site's indexing, entity and related code, and write "
        "each document's top-k related documents as TREC lines."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpus", required=True, help="corpus.jsonl")
        parser.add_argument("--k", type=int, default=5, help="related per document")
        parser.add_argument("--out", required=True, help="TREC run file to write")

    def handle(self, *args, **options):
        if options["k"] < 1:
            raise CommandError("--k must be at least 1.")
        progress = options["verbosity"] > 0
        started = time.perf_counter()
        documents = evaluation.corpus_with_entities(
            options["corpus"], progress=progress
        )
        run = evaluation.related_run(documents, k=options["k"], progress=progress)
        with open(options["out"], "w", encoding="utf-8") as handle:
            for line in evaluation.trec_lines(run):
                handle.write(line + "\n")
        self.stdout.write(
            "%d documents, related lists in %.1f s"
            % (len(run), time.perf_counter() - started)
        )
