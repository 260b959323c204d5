"""Search quality on the dev set, side by side with BM25 + Snowball Arabic.

Dev set: ARCD train questions (BEIR layout) over their Wikipedia passages with the
ANT news articles (title + body) as distractors: 10,369 documents, 693 questions.

Prints nDCG@10, MRR@10 and Recall@10 of
* BM25 + Snowball Arabic (bm25s + PyStemmer, both measured in this run);
* Akhbar's search, through the very code of ``akhbar search-eval`` (throwaway
  SQLite database, the site's indexing and ranking);
* ablations of Akhbar's query side (same index, fewer word forms), which show
  what each analysis adds, and of its second stage (``akhbar.search.rerank``:
  proximity of query words, passage evidence: the question's words gathered
  in a short window of the text and a slight preference for shorter texts,
  discriminating words among candidates sharing a headline, the headline's
  words set aside among them, pseudo-relevance feedback);
* ablations of the query's own steps (mistyped question words mended, words no
  document holds respelled);
* before/after entities: the same corpus indexed with the entities the site
  finds in each article (one id term per canonical entity), queried with the
  entities each question names at several weights;
with ratios against BM25 and the share of the gap to 1.0 that is closed, on all
questions and on two fixed halves of them (A and B, by a hash of the question
id): parameters are chosen on half A and must hold on half B, since the held-out
set is another one.

Run: PYTHONPATH=src .venv/bin/python bench/search_quality.py [SHARED_DATA_DIR]
(needs ``pip install bm25s``; PyStemmer is a dependency of Akhbar.)
"""

import contextlib
import hashlib
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.test")

SHARED = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data")
BEIR = SHARED / "arcd-train" / "beir"
ANT = SHARED / "ant-news" / "ant_v1.1.jsonl"


def half(query_id: str) -> str:
    """The fixed half (A or B) a question belongs to."""
    digest = hashlib.md5(query_id.encode(), usedforsecurity=False).hexdigest()
    return "A" if int(digest, 16) % 2 == 0 else "B"


def evaluate(ranked, qrels):
    """Metrics on all questions, half A and half B."""
    from akhbar.search import evaluation

    return [
        evaluation.evaluate_run(
            ranked, {q: r for q, r in qrels.items() if part in (None, half(q))}
        )
        for part in (None, "A", "B")
    ]


def run(backend, queries, qrels):
    """(metrics on all, A, B; CPU ms a query) of the site's search."""
    from akhbar.search import evaluation

    started = time.process_time()
    hits = evaluation.run_queries(backend, queries, k=10)
    elapsed = 1000 * (time.process_time() - started) / len(queries)
    ranked = {q: [d for d, _ in found] for q, found in hits.items()}
    return evaluate(ranked, qrels), elapsed


def bm25_baseline(documents, queries):
    """BM25 (bm25s defaults, k1=1.5 b=0.75) over Snowball Arabic stems."""
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("arabic")
    texts = ["%s %s" % (d.headline, d.body) for d in documents]
    corpus = bm25s.tokenize(texts, stopwords=None, stemmer=stemmer, show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    tokens = bm25s.tokenize(
        [text for _, text in queries],
        stopwords=None,
        stemmer=stemmer,
        show_progress=False,
    )
    results, _ = retriever.retrieve(tokens, k=10, show_progress=False)
    return {
        query_id: [documents[i].object_id for i in row]
        for (query_id, _), row in zip(queries, results, strict=True)
    }


def with_entities(documents, queries, qrels, entity_weight):
    """Rows of the index with every document's entities (found as the site
    finds them), queried by entity ids at several weights."""
    from akhbar.search import evaluation, ranking, rerank

    started = time.perf_counter()
    documents = evaluation.with_entities(documents)
    print("entities found in %.1f s" % (time.perf_counter() - started))
    rows = []
    with evaluation.throwaway_database() as alias:
        backend = evaluation.evaluation_backend(alias)
        backend.rebuild(documents)
        weights = sorted({0.0, 1.0, 2.0, entity_weight})
        for weight in weights:
            ranking.ENTITY_WEIGHT = weight
            label = "entities, ids x%.1f%s" % (
                weight,
                " (default)" if weight == entity_weight else "",
            )
            rows.append((label, *run(backend, queries, qrels)))
        ranking.ENTITY_WEIGHT = entity_weight
        for label, second_stage in SECOND_STAGE_ABLATIONS:
            with patched(rerank, second_stage):
                rows.append(("entities, " + label, *run(backend, queries, qrels)))
        for label, module, values in query_ablations():
            with patched(module, values):
                rows.append(("entities, " + label, *run(backend, queries, qrels)))
    ranking.ENTITY_WEIGHT = entity_weight
    return rows


def query_ablations():
    """(label, module, patched names) of the query side's own steps: mending
    mistyped question words (``query.mend_question_words``) and respelling the
    words no document holds (``query.respelled_words``)."""
    from akhbar.search import query
    from akhbar.search.backends import database

    return [
        ("no question mending", query, {"mend_question_words": lambda text: text}),
        ("no respelling", database, {"respelled_words": lambda *args: []}),
        (
            "neither",
            database,
            {
                "respelled_words": lambda *args: [],
                "parse_query": lambda text: _unmended(query, text),
            },
        ),
    ]


def _unmended(query, text):
    with patched(query, {"mend_question_words": lambda text: text}):
        return query.parse_query(text)


# The first pass alone: no proximity bonus, no passage evidence (window
# coverage and length), no same-headline steps, no feedback (which is
# off by default; on, it reads rerank.FEEDBACK_DOCUMENTS_ON: 5 documents).
# Same-headline steps: discriminating words, the headline's words set aside.
NO_GROUPS = {"DISTINCT_WEIGHT": 0.0, "SET_HEADLINE_ASIDE": False}
NO_PASSAGE = {"COVERAGE_WEIGHT": 0.0, "LENGTH_WEIGHT": 0.0, **NO_GROUPS}
SECOND_STAGE_OFF = {"PROXIMITY_WEIGHT": 0.0, "FEEDBACK_DOCUMENTS": 0, **NO_PASSAGE}
SECOND_STAGE_ABLATIONS = [
    ("no 2nd stage", SECOND_STAGE_OFF),
    ("+ proximity", {"FEEDBACK_DOCUMENTS": 0, **NO_PASSAGE}),
    (
        "+ proximity, coverage",
        {"FEEDBACK_DOCUMENTS": 0, "LENGTH_WEIGHT": 0.0, **NO_GROUPS},
    ),
    (
        "+ proximity, length",
        {"FEEDBACK_DOCUMENTS": 0, "COVERAGE_WEIGHT": 0.0, **NO_GROUPS},
    ),
    ("+ proximity, passage", {"FEEDBACK_DOCUMENTS": 0, **NO_GROUPS}),
    (
        "+ proximity, passage, distinct",
        {"FEEDBACK_DOCUMENTS": 0, "SET_HEADLINE_ASIDE": False},
    ),
    ("+ proximity, passage, distinct, aside", {"FEEDBACK_DOCUMENTS": 0}),
    ("+ proximity, passage, feedback", {"FEEDBACK_DOCUMENTS": 5}),
]


@contextlib.contextmanager
def patched(module, values):
    """``module``'s constants set to ``values`` for the block."""
    saved = {name: getattr(module, name) for name in values}
    for name, value in values.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


def main():
    import django

    django.setup()
    from akhbar.search import evaluation, ranking, rerank

    documents = list(evaluation.corpus_documents(BEIR / "corpus.jsonl"))
    documents += list(evaluation.corpus_documents(ANT))
    queries = evaluation.read_queries(BEIR / "queries.jsonl")
    qrels = evaluation.read_qrels(BEIR / "qrels" / "test.tsv")
    print("dev set: %d documents, %d questions" % (len(documents), len(queries)))

    rows = []
    started = time.process_time()
    baselines = evaluate(bm25_baseline(documents, queries), qrels)
    elapsed = 1000 * (time.process_time() - started) / len(queries)
    rows.append(("BM25 + Snowball (bm25s, +indexing)", baselines, elapsed))

    entity_weight = ranking.ENTITY_WEIGHT
    ranking.ENTITY_WEIGHT = 0.0
    with evaluation.throwaway_database() as alias:
        backend = evaluation.evaluation_backend(alias)
        started = time.perf_counter()
        backend.rebuild(documents)
        build = time.perf_counter() - started
        print("akhbar index built in %.1f s (no entities)" % build)
        full_weights = dict(ranking.FORM_WEIGHTS)
        variants = [
            ("akhbar: light stem only", {"": 1.0}, {}),
            ("akhbar: stem + exact forms", {"": 1.0, "=": 0.5, "!": 0.25}, {}),
            *(
                ("akhbar: all forms, " + label, full_weights, second_stage)
                for label, second_stage in SECOND_STAGE_ABLATIONS
            ),
            ("akhbar (all, default)", full_weights, {}),
        ]
        for label, weights, second_stage in variants:
            ranking.FORM_WEIGHTS.update(
                {tag: weights.get(tag, 0.0) for tag in full_weights}
            )
            try:
                with patched(rerank, second_stage):
                    rows.append((label, *run(backend, queries, qrels)))
            finally:
                ranking.FORM_WEIGHTS.update(full_weights)
    rows += with_entities(documents, queries, qrels, entity_weight)

    print()
    print(
        "%-40s %7s %7s %7s %7s %7s %7s %7s %9s"
        % (
            "system",
            "nDCG@10",
            "A",
            "B",
            "MRR@10",
            "R@10",
            "x BM25",
            "gap",
            "CPU ms/q",
        )
    )
    baseline = baselines[0]
    for label, (metrics, on_a, on_b), elapsed in rows:
        gap = (metrics.ndcg - baseline.ndcg) / (1 - baseline.ndcg)
        print(
            "%-40s %7.4f %7.4f %7.4f %7.4f %7.4f %7.3f %6.1f%% %9.2f"
            % (
                label,
                metrics.ndcg,
                on_a.ndcg,
                on_b.ndcg,
                metrics.mrr,
                metrics.recall,
                metrics.ndcg / baseline.ndcg,
                100 * gap,
                elapsed,
            )
        )
    target = baseline.ndcg + 0.4 * (1 - baseline.ndcg)
    print("\ntarget (40 %% of the gap closed): nDCG@10 >= %.4f" % target)
    print("halves: A %d questions, B %d" % (baselines[1].queries, baselines[2].queries))


if __name__ == "__main__":
    main()
