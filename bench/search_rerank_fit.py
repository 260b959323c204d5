"""Fit the passage-evidence weights of the second ranking stage on the dev set.

``akhbar.search.rerank`` adds to the best first-pass candidates a share of the
best one's score for the question's words gathered in a short window of the
text (COVERAGE_WEIGHT, COVERAGE_WINDOW) and takes a share off per unit of the
text's log length (LENGTH_WEIGHT). This script searches a grid of those
constants through the site's own search (the index of bench/search_quality.py,
with entities) and prints nDCG@10 on the two fixed halves of the questions:
the weights best on half A judged on half B, and the other way round, beside
the shipped constants. Weights that win on one half only are fitted to ARCD,
not to Arabic questions; the shipped ones gain on both.

With ``--distinct`` it searches the same-headline discrimination instead
(DISTINCT_WEIGHT, ``rerank.distinct_bonus``, over PROXIMITY_CANDIDATES
candidates), the passage weights as shipped.

Run: PYTHONPATH=src .venv/bin/python bench/search_rerank_fit.py \
    [--quick | --distinct] [DATA_DIR]
"""

import itertools
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.test")
sys.path.insert(0, os.path.dirname(__file__))
# search_quality reads the data directory from the first argument.
QUICK_RUN = "--quick" in sys.argv
DISTINCT_RUN = "--distinct" in sys.argv
for flag in ("--quick", "--distinct"):
    if flag in sys.argv:
        sys.argv.remove(flag)

from search_quality import ANT, BEIR, evaluate, patched  # noqa: E402

COVERAGE_WEIGHTS = (0.0, 0.05, 0.1, 0.15)
LENGTH_WEIGHTS = (0.0, 0.05 / 6, 0.1 / 6, 0.15 / 6)
WINDOWS = (8, 16, 32)
# --quick: the shipped weights' neighbours only, at the shipped window.
QUICK = ((0.0, 0.1, 0.15), (0.0, 0.1 / 6, 0.15 / 6), (16,))
# --distinct: the constants searched and their grid.
DISTINCT_NAMES = ("DISTINCT_WEIGHT", "PROXIMITY_CANDIDATES")
DISTINCT = ((0.0, 0.5, 1.0, 1.5), (15, 20, 25))
PASSAGE_NAMES = ("COVERAGE_WEIGHT", "LENGTH_WEIGHT", "COVERAGE_WINDOW")


def main():
    import django

    django.setup()
    from akhbar.search import evaluation, rerank

    documents = list(evaluation.corpus_documents(BEIR / "corpus.jsonl"))
    documents += list(evaluation.corpus_documents(ANT))
    documents = evaluation.with_entities(documents)
    queries = evaluation.read_queries(BEIR / "queries.jsonl")
    qrels = evaluation.read_qrels(BEIR / "qrels" / "test.tsv")
    names = DISTINCT_NAMES if DISTINCT_RUN else PASSAGE_NAMES
    shipped = tuple(getattr(rerank, name) for name in names)
    if DISTINCT_RUN:
        axes = DISTINCT
    else:
        axes = QUICK if QUICK_RUN else (COVERAGE_WEIGHTS, LENGTH_WEIGHTS, WINDOWS)
    grid = list(itertools.product(*axes))
    if shipped not in grid:
        grid.append(shipped)
    results = {}
    started = time.perf_counter()
    with evaluation.throwaway_database() as alias:
        backend = evaluation.evaluation_backend(alias)
        backend.rebuild(documents)
        for key in grid:
            with patched(rerank, dict(zip(names, key, strict=True))):
                hits = evaluation.run_queries(backend, queries, k=10)
            ranked = {q: [d for d, _ in found] for q, found in hits.items()}
            results[key] = [m.ndcg for m in evaluate(ranked, qrels)]
    print("%d settings in %.0f s" % (len(grid), time.perf_counter() - started))

    def label(key):
        return ", ".join(
            "%s %s" % (name.lower(), value)
            for name, value in zip(names, key, strict=True)
        )

    # Off: no passage evidence, or (--distinct) no discrimination over main's
    # 15 candidates.
    off = min(key for key in results if key[0] == 0 and (DISTINCT_RUN or key[1] == 0))
    print("\n%-52s %7s %7s %7s" % ("setting", "nDCG@10", "A", "B"))
    rows = [("off", off), ("shipped", shipped)]
    fitted_a = max(results, key=lambda key: results[key][1])
    fitted_b = max(results, key=lambda key: results[key][2])
    both = max(
        results,
        key=lambda key: min(
            r - o for r, o in zip(results[key][1:], results[off][1:], strict=True)
        ),
    )
    rows += [("best on A", fitted_a), ("best on B", fitted_b), ("best on both", both)]
    for name, key in rows:
        print(
            "%-52s %7.4f %7.4f %7.4f" % ("%s: %s" % (name, label(key)), *results[key])
        )


if __name__ == "__main__":
    main()
