"""``akhbar search-eval``: rank a BEIR-style corpus with the site's search."""

import itertools
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from akhbar.search import evaluation


class Command(BaseCommand):
    help = (
        "Index a BEIR corpus (plus optional distractors) in a throwaway database with "
        "the site's indexing and ranking, run the queries, write a TREC run and, "
        "with --qrels, print nDCG@10, MRR@10 and Recall@10."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpus", required=True, help="corpus.jsonl")
        parser.add_argument("--queries", required=True, help="queries.jsonl")
        parser.add_argument("--qrels", help="qrels TSV (query-id, corpus-id, score)")
        parser.add_argument(
            "--distractors",
            action="append",
            default=[],
            help="more documents (BEIR or ANT JSONL); may be repeated",
        )
        parser.add_argument("--k", type=int, default=10, help="results per query")
        parser.add_argument("--out", required=True, help="TREC run file to write")

    def handle(self, *args, **options):
        if options["k"] < 1:
            raise CommandError("--k must be at least 1.")
        corpora = [options["corpus"], *options["distractors"]]
        queries = evaluation.read_queries(options["queries"])
        progress = options["verbosity"] > 0
        documents = itertools.chain.from_iterable(
            evaluation.corpus_documents(path) for path in corpora
        )
        started = time.perf_counter()
        if settings.AKHBAR_SEARCH_INDEX_ENTITIES:
            # The entities the site indexes with each article, and queries by.
            documents = evaluation.with_entities(documents, progress=progress)
        with evaluation.throwaway_database() as alias:
            backend = evaluation.evaluation_backend(alias)
            count = backend.rebuild(documents, progress=progress)
            indexed = time.perf_counter() - started
            started = time.perf_counter()
            run = evaluation.run_queries(backend, queries, k=options["k"])
            searched = time.perf_counter() - started
        with open(options["out"], "w", encoding="utf-8") as handle:
            for line in evaluation.trec_lines(run):
                handle.write(line + "\n")
        self.stdout.write(
            "%d documents indexed in %.1f s; %d queries in %.1f s (%.1f ms each)"
            % (
                count,
                indexed,
                len(queries),
                searched,
                1000 * searched / max(len(queries), 1),
            )
        )
        if options["qrels"]:
            qrels = evaluation.read_qrels(options["qrels"])
            ranked = {q: [d for d, _ in hits] for q, hits in run.items()}
            k = options["k"]
            metrics = evaluation.evaluate_run(ranked, qrels, k=k)
            self.stdout.write(
                "nDCG@%d %.4f  MRR@%d %.4f  Recall@%d %.4f  (%d judged queries)"
                % (k, metrics.ndcg, k, metrics.mrr, k, metrics.recall, metrics.queries)
            )
