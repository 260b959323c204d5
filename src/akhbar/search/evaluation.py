"""Batch evaluation: BEIR-style corpora through the site's own index and ranking.

The corpus goes into a throwaway SQLite database (the search tables only, in a
temporary directory) by the same backend class the site uses, so the figures are
those of the code readers get.
"""

import contextlib
import datetime
import json
import math
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connections

from akhbar.core.processes import can_fork

from .backends import IndexDocument, SearchQuery, backend_class_for
from .backends.sqlite import SQLiteSearchBackend
from .models import (
    SearchDocument,
    SearchFacet,
    SearchIndexState,
    SearchPosting,
    SearchTerm,
)

EVAL_ALIAS = "akhbar_search_eval"
CORPUS_KIND = "doc"
RUN_TAG = "akhbar"


def read_jsonl(path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def corpus_documents(path) -> Iterator[IndexDocument]:
    """Yield index documents from a JSONL corpus.

    BEIR lines ({"_id", "title", "text"}) and ANT news lines ({"id", "title",
    "body"}) are both accepted, with an optional ISO "published" date; lines
    without text are skipped.
    """
    for record in read_jsonl(path):
        object_id = record.get("_id") or record.get("id")
        text = record.get("text") or record.get("body") or ""
        if not object_id or not text.strip():
            continue
        yield IndexDocument(
            kind=CORPUS_KIND,
            object_id=str(object_id),
            headline=record.get("title") or "",
            body=text,
            published_at=_published(record.get("published")),
        )


def _published(value) -> datetime.datetime | None:
    """An ISO date or date and time of a corpus line, as an aware datetime."""
    if not value or not isinstance(value, str):
        return None
    try:
        published = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=datetime.UTC)
    return published


# Documents per task handed to a worker finding entities.
_ENTITY_CHUNK = 100


def with_entities(documents, *, progress: bool = False) -> list[IndexDocument]:
    """``documents`` with their entity names found as the site finds them
    (``services.entity_names``), by forked workers when the machine has cores
    to spare."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from tqdm import tqdm

    from .services import entity_names

    documents = list(documents)
    texts = ["%s\n%s" % (d.headline, d.body) for d in documents]
    chunks = [texts[i : i + _ENTITY_CHUNK] for i in range(0, len(texts), _ENTITY_CHUNK)]
    bar = tqdm(total=len(texts), disable=not progress, unit="doc", desc="entities")
    found: list[str] = []
    entity_names("")  # Load the lists and the model once, before forking.
    if can_fork() and len(chunks) > 1:
        context = multiprocessing.get_context("fork")
        # This process only waits for the workers meanwhile.
        workers = os.cpu_count() or 2
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for names in pool.map(_entity_names_of, chunks):
                found += names
                bar.update(len(names))
    else:
        for chunk in chunks:
            found += _entity_names_of(chunk)
            bar.update(len(chunk))
    bar.close()
    for document, names in zip(documents, found, strict=True):
        document.entities = names
    return documents


def _entity_names_of(texts: list[str]) -> list[str]:
    from .services import entity_names

    return [entity_names(text) for text in texts]


def read_queries(path) -> list[tuple[str, str]]:
    return [(str(r["_id"]), r["text"]) for r in read_jsonl(path)]


def read_qrels(path) -> dict[str, dict[str, int]]:
    """Read a BEIR qrels TSV (query-id, corpus-id, score; a header is skipped)."""
    qrels: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or not parts[2].lstrip("-").isdigit():
                continue
            qrels.setdefault(parts[0], {})[parts[1]] = int(parts[2])
    return qrels


@dataclass
class Metrics:
    ndcg: float
    mrr: float
    recall: float
    queries: int


def evaluate_run(
    run: dict[str, list[str]], qrels: dict[str, dict[str, int]], k: int = 10
) -> Metrics:
    """nDCG@k, MRR@k and Recall@k averaged over the judged queries."""
    ndcg = mrr = recall = 0.0
    judged = [q for q, rels in qrels.items() if any(v > 0 for v in rels.values())]
    for query_id in judged:
        relevant = qrels[query_id]
        ranked = run.get(query_id, [])[:k]
        dcg = sum(
            (2 ** relevant.get(d, 0) - 1) / math.log2(i + 2)
            for i, d in enumerate(ranked)
        )
        ideal = sorted((v for v in relevant.values() if v > 0), reverse=True)[:k]
        idcg = sum((2**v - 1) / math.log2(i + 2) for i, v in enumerate(ideal))
        ndcg += dcg / idcg if idcg else 0.0
        for i, d in enumerate(ranked):
            if relevant.get(d, 0) > 0:
                mrr += 1 / (i + 1)
                break
        hits = sum(1 for d in ranked if relevant.get(d, 0) > 0)
        recall += hits / sum(1 for v in relevant.values() if v > 0)
    n = len(judged) or 1
    return Metrics(ndcg / n, mrr / n, recall / n, len(judged))


@contextlib.contextmanager
def throwaway_database(extra_models=()) -> Iterator[str]:
    """Yield the alias of a new SQLite database holding empty search tables
    (and tables for ``extra_models``, e.g. another app's evaluation)."""
    directory = Path(tempfile.mkdtemp(prefix="akhbar-search-eval-"))
    configured = connections.configure_settings(
        {
            "default": connections.settings["default"],
            EVAL_ALIAS: {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(directory / "eval.sqlite3"),
                "OPTIONS": {"init_command": "PRAGMA journal_mode=OFF;"},
            },
        }
    )
    connections.settings[EVAL_ALIAS] = configured[EVAL_ALIAS]
    try:
        connection = connections[EVAL_ALIAS]
        with connection.schema_editor() as editor:
            for model in (
                SearchDocument,
                SearchFacet,
                SearchTerm,
                SearchPosting,
                SearchIndexState,
                *extra_models,
            ):
                editor.create_model(model)
            SQLiteSearchBackend.install(editor)
        yield EVAL_ALIAS
    finally:
        with contextlib.suppress(KeyError):
            connections[EVAL_ALIAS].close()
            del connections[EVAL_ALIAS]
        connections.settings.pop(EVAL_ALIAS, None)
        shutil.rmtree(directory, ignore_errors=True)


def run_queries(backend, queries: Iterable[tuple[str, str]], *, k: int = 10):
    """Return {query id: [(doc id, score), ...]} for the top ``k`` of each query."""
    run = {}
    for query_id, text in queries:
        results = backend.search(SearchQuery(text=text, limit=k))
        run[query_id] = [(hit.object_id, hit.score) for hit in results.hits]
    return run


def trec_lines(run: dict[str, list[tuple[str, float]]]) -> Iterator[str]:
    """TREC run lines: ``qid Q0 docid rank score akhbar``."""
    for query_id, ranked in run.items():
        for rank, (document_id, score) in enumerate(ranked, start=1):
            yield "%s Q0 %s %d %.6f %s" % (query_id, document_id, rank, score, RUN_TAG)


def evaluation_backend(alias: str):
    """The backend class the site would use on SQLite, bound to ``alias``."""
    cls = backend_class_for(alias)
    return cls({}, using=alias)
