"""Related articles on the ANT dev set, side by side with BM25 more-like-this.

ANT's sections are hidden from both systems and used only to score: precision@5
is the share of the five suggestions that sit in the article's own section.
Near-copy suggestions count the suggested stories whose body is a copy of the
article's (exact Jaccard similarity of word 3-shingles >= 0.5, identical
bodies included), measured independently of Akhbar's MinHash.

Prints, in one run,
* BM25 more-like-this (bm25s + PyStemmer's Snowball Arabic, the query is the
  title and the first 60 words of the body);
* Akhbar through the very code of ``akhbar related-eval`` (throwaway SQLite
  database, the site's indexing, entities and related ranking);
* Akhbar's duplicate detection: identical-body pairs flagged, pairs flagged
  that are not identical (inspect a sample), and edited copies found;
with seconds to build each.

Run: PYTHONPATH=src .venv/bin/python bench/related.py [ANT_JSONL] [--limit N]
(--limit: a seeded random sample of N articles, for a quicker run;
--keep FILE: save the built database; --reuse FILE [--variant NAME ...]:
re-rank its stored candidate lists by the VARIANTS below, no rebuild)
(needs the ``bench`` extra: bm25s.)
"""

import argparse
import contextlib
import json
import os
import random
import re
import statistics
import tempfile
import time
from collections import defaultdict

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.test")

ANT = "/work/shared/data/ant-news/ant_v1.1.jsonl"
K = 5


def read_ant(path, limit=None):
    """The articles with a body; with ``limit``, a seeded random sample of them
    (the file is ordered by section, so its head is not a fair subset)."""
    records = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["body"].strip():
                records.append(record)
    if limit and limit < len(records):
        records = random.Random(1).sample(records, limit)
    return records


def bm25_more_like_this(records):
    """Top-K by BM25 for the title + first 60 words of each article."""
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("arabic")
    texts = ["%s %s" % (r["title"], r["body"]) for r in records]
    corpus = bm25s.tokenize(texts, stopwords=None, stemmer=stemmer, show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    queries = [
        "%s %s" % (r["title"], " ".join(r["body"].split()[:60])) for r in records
    ]
    tokens = bm25s.tokenize(
        queries, stopwords=None, stemmer=stemmer, show_progress=False
    )
    results, _ = retriever.retrieve(tokens, k=K + 1, show_progress=False)
    run = {}
    for record, row in zip(records, results, strict=True):
        ids = [records[i]["id"] for i in row if records[i]["id"] != record["id"]]
        run[record["id"]] = ids[:K]
    return run


def word_shingles(text):
    words = re.findall(r"\w+", text)
    return {" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1))}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a and b else 0.0


def halves(records):
    """Two seeded halves of the articles' ids: parameters are chosen on the
    first, the second is the held-out figure."""
    ids = sorted(r["id"] for r in records)
    tune = set(random.Random(17).sample(ids, len(ids) // 2))
    return tune, set(ids) - tune


def score(run, records, shingles):
    """(P@5 overall, P@5 on each half, near-copy suggestions, short lists)."""
    section = {r["id"]: r["category"] for r in records}
    precisions, copies, short = {}, 0, 0
    for doc_id in section:
        suggested = run.get(doc_id, [])[:K]
        if len(suggested) < K:
            short += 1
        precisions[doc_id] = (
            sum(section.get(s) == section[doc_id] for s in suggested) / K
        )
        copies += sum(
            jaccard(shingles[doc_id], shingles[s]) >= 0.5
            for s in suggested
            if s in shingles
        )
    tune, held_out = halves(records)
    return (
        statistics.mean(precisions.values()),
        statistics.mean(precisions[i] for i in tune),
        statistics.mean(precisions[i] for i in held_out),
        copies,
        short,
    )


def edited_copy(record, rng):
    """A wire copy as a second desk would file it: a new headline, a dateline,
    one paragraph moved and an agency signature."""
    sentences = [s for s in re.split(r"(?<=[.!؟])\\s+", record["body"]) if s]
    if len(sentences) > 2:
        moved = sentences.pop(rng.randrange(len(sentences)))
        sentences.insert(0, moved)
    body = "تونس (وكالات) - " + " ".join(sentences) + " (وات)"
    return dict(
        record, id=record["id"] + "-copy", title="عاجل: " + record["title"], body=body
    )


def publish_times(alias, documents, count=30):
    """Seconds to store one story's list after publish: its profile, duplicate
    check and list, plus the lists of its neighbours (what the site does once
    the search index has the story)."""
    from akhbar.related.services import related_document_update

    rng = random.Random(3)
    times = []
    for document in rng.sample(documents, count):
        started = time.perf_counter()
        related_document_update(document, using=alias)
        times.append(time.perf_counter() - started)
    return times


def save_built(alias, path):
    """Keep the built database (index, entities, profiles with their candidate
    lists) at ``path``, so ranking variants can be re-run on it (--reuse)."""
    import shutil

    from django.db import connections

    connections[alias].close()
    shutil.copyfile(connections.settings[alias]["NAME"], path)


def related_table(records, shingles, keep=None):
    from akhbar.related import evaluation

    started = time.perf_counter()
    baseline = bm25_more_like_this(records)
    baseline_seconds = time.perf_counter() - started

    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
        "w", suffix=".jsonl", encoding="utf-8", delete=False
    )
    path = handle.name
    with handle:
        for r in records:
            line = {
                "_id": r["id"],
                "title": r["title"],
                "text": r["body"],
                "published": r["published"],
            }
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    started = time.perf_counter()
    documents = evaluation.corpus_with_entities(path)
    os.unlink(path)
    entity_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with evaluation.loaded(documents) as alias:
        akhbar_seconds = time.perf_counter() - started
        run = evaluation.stored_run(alias, k=K)
        if keep:
            save_built(alias, keep)
        update_times = publish_times(alias, documents)
    ranked = {q: [d for d, _ in hits] for q, hits in run.items()}

    rows = [
        (
            "BM25 more-like-this (bm25s)",
            score(baseline, records, shingles),
            baseline_seconds,
        ),
        ("akhbar related", score(ranked, records, shingles), akhbar_seconds),
    ]
    base_p = rows[0][1][0]
    print()
    print(
        "%-30s %8s %8s %8s %8s %8s %8s %9s"
        % (
            "system",
            "P@5",
            "tune",
            "held-out",
            "x BM25",
            "copies",
            "<5 sugg",
            "build s",
        )
    )
    for label, (p, tune, held_out, copies, short), seconds in rows:
        print(
            "%-30s %8.4f %8.4f %8.4f %8.3f %8d %8d %9.1f"
            % (label, p, tune, held_out, p / base_p, copies, short, seconds)
        )
    print(
        "(akhbar's entity extraction, included in the site's indexing: %.1f s)"
        % entity_seconds
    )
    print(
        "publish -> related lists stored (story + neighbours), %d stories: "
        "median %.3f s, range %.3f-%.3f s"
        % (
            len(update_times),
            statistics.median(update_times),
            min(update_times),
            max(update_times),
        )
    )


# Ranking variants re-run by --reuse: overrides of ranking's constants, and
# "weights": overrides of some of ranking.WEIGHTS (bench/related_fit.py fits
# them).
VARIANTS = {
    "as built": {},
    "no shared neighbours": {"weights": {"shared": 0.0}},
    "no agreement": {"weights": {"agreement": 0.0}},
    "no mutual": {"weights": {"mutual": 0.0}},
    "agreement 0.5": {"weights": {"agreement": 0.5}},
    "agreement 2": {"weights": {"agreement": 2.0}},
    "mutual 1": {"weights": {"mutual": 1.0}},
    "shared 1": {"weights": {"shared": 1.0}},
    "shared 4": {"weights": {"shared": 4.0}},
    "agreement of 5": {"AGREEMENT_OF": 5},
    "agreement of 20": {"AGREEMENT_OF": 20},
}


def variant_weights(variant):
    """ranking.WEIGHTS as ``variant`` sets them."""
    from akhbar.related import ranking

    return {**ranking.WEIGHTS, **variant.get("weights", {})}


@contextlib.contextmanager
def reused(path):
    """The alias of a database kept by --keep, opened in place."""
    from django.db import connections

    from akhbar.search.evaluation import EVAL_ALIAS

    configured = connections.configure_settings(
        {
            "default": connections.settings["default"],
            EVAL_ALIAS: {"ENGINE": "django.db.backends.sqlite3", "NAME": path},
        }
    )
    connections.settings[EVAL_ALIAS] = configured[EVAL_ALIAS]
    try:
        yield EVAL_ALIAS
    finally:
        connections[EVAL_ALIAS].close()


def stored_profiles(alias):
    from akhbar.related.models import RelatedProfile
    from akhbar.related.services import stored_profile

    rows = RelatedProfile.objects.using(alias).all()
    return {row.object_id: stored_profile(row) for row in rows}


def sweep(records, shingles, path, names):
    """Re-rank every stored candidate list by each variant; P@5, copies and
    ranking CPU milliseconds per article, median (all variants interleaved per
    article)."""
    from akhbar.related import ranking
    from akhbar.related.services import recency_options

    with reused(path) as alias:
        profiles = stored_profiles(alias)
        options = recency_options()
    names = names or list(VARIANTS)
    runs = {name: {} for name in names}
    times = {name: [] for name in names}
    settings = {
        name: {
            **{k: v for k, v in VARIANTS[name].items() if k.isupper()},
            "WEIGHTS": variant_weights(VARIANTS[name]),
        }
        for name in names
    }
    defaults = {key: getattr(ranking, key) for v in settings.values() for key in v}
    for object_id, profile in profiles.items():
        for name in names:
            for key, value in {**defaults, **settings[name]}.items():
                setattr(ranking, key, value)
            # CPU time: the machine may be shared, and wall time says more of
            # the neighbours' load than of the ranking.
            started = time.process_time()
            ranked = ranking.rerank(profile, profile.candidates, profiles, **options)
            times[name].append(time.process_time() - started)
            runs[name][object_id] = [d for d, _ in ranked[:K]]
    for key, value in defaults.items():
        setattr(ranking, key, value)
    print()
    print(
        "%-34s %7s %7s %8s %7s %7s %9s"
        % ("variant", "P@5", "tune", "held-out", "copies", "<5", "CPU ms")
    )
    for name in names:
        p, tune, held_out, copies, short = score(runs[name], records, shingles)
        print(
            "%-34s %7.4f %7.4f %8.4f %7d %7d %9.2f"
            % (
                name[:34],
                p,
                tune,
                held_out,
                copies,
                short,
                1000 * statistics.median(times[name]),
            )
        )


# Candidate variants re-run by --reuse --candidates: overrides of the "more
# like this" query's constants (akhbar.search.backends.similar), "boosts" for
# the field boosts the related app passes and "limit" for its CANDIDATES.
CANDIDATE_VARIANTS = {
    "as built": {},
    "terms 25": {"TERMS": 25},
    "terms 40": {"TERMS": 40},
    "terms 60": {"TERMS": 60},
    "terms 100": {"TERMS": 100},
    "terms 250": {"TERMS": 250},
    "headline 1.5": {"boosts": {"headline": 1.5}},
    "headline 2": {"boosts": {"headline": 2.0}},
    "entities 0.5": {"boosts": {"entities": 0.5}},
    "candidates 40": {"limit": 40},
    "candidates 100": {"limit": 100},
}


@contextlib.contextmanager
def candidate_variant(overrides):
    """The related app's field boosts with ``overrides`` applied, and the
    similar-documents constants overridden meanwhile."""
    from akhbar.related import ranking
    from akhbar.search.backends import similar

    constants = {k: v for k, v in overrides.items() if k not in ("boosts", "limit")}
    saved = {key: getattr(similar, key) for key in constants}
    for key, value in constants.items():
        setattr(similar, key, value)
    try:
        yield {**ranking.FIELD_BOOSTS, **overrides.get("boosts", {})}
    finally:
        for key, value in saved.items():
            setattr(similar, key, value)


def ceiling(run_pools, section):
    """Mean of min(K, same-section stories in each pool) / K: the precision
    a perfect ranking of the pool would reach."""
    return statistics.mean(
        min(K, sum(section.get(c) == section[q] for c in pool)) / K
        for q, pool in run_pools.items()
    )


def recandidate(records, shingles, path, names):
    """Re-run the index's candidates of every story of a kept database by each
    candidate variant (no re-indexing), then the site's re-ranking; P@5,
    copies, the pools' ceilings and CPU milliseconds per article (candidates,
    ranking), medians, variants interleaved per article."""
    import dataclasses

    from akhbar.related import ranking
    from akhbar.related.services import recency_options
    from akhbar.search.evaluation import CORPUS_KIND, evaluation_backend

    names = names or list(CANDIDATE_VARIANTS)
    section = {r["id"]: r["category"] for r in records}
    with reused(path) as alias:
        profiles = stored_profiles(alias)
        options = recency_options()
        backend = evaluation_backend(alias)
        documents = backend.stored_documents(CORPUS_KIND, list(profiles))
        pools = {name: {} for name in names}
        find_ms = {name: [] for name in names}
        for document in documents:
            for name in names:
                with candidate_variant(CANDIDATE_VARIANTS[name]) as boosts:
                    started = time.process_time()
                    limit = CANDIDATE_VARIANTS[name].get("limit", ranking.CANDIDATES)
                    found = backend.similar_documents(
                        document, limit=limit, boosts=boosts
                    )
                    find_ms[name].append(time.process_time() - started)
                pools[name][str(document.object_id)] = found
    print()
    print(
        "%-22s %7s %7s %8s %6s %4s %7s %7s %7s %7s"
        % (
            "candidates",
            "P@5",
            "tune",
            "held-out",
            "copies",
            "<5",
            "ceil",
            "ceil10",
            "cand ms",
            "rank ms",
        )
    )
    for name in names:
        variant = {
            i: dataclasses.replace(p, candidates=pools[name].get(i, []))
            for i, p in profiles.items()
        }
        run, rank_ms = {}, []
        for object_id, profile in variant.items():
            started = time.process_time()
            ranked = ranking.rerank(profile, profile.candidates, variant, **options)
            rank_ms.append(time.process_time() - started)
            run[object_id] = [d for d, _ in ranked[:K]]
        p, tune, held_out, copies, short = score(run, records, shingles)
        top = {q: [c for c, _ in found] for q, found in pools[name].items()}
        print(
            "%-22s %7.4f %7.4f %8.4f %6d %4d %7.4f %7.4f %7.2f %7.2f"
            % (
                name[:22],
                p,
                tune,
                held_out,
                copies,
                short,
                ceiling(top, section),
                ceiling({q: c[:10] for q, c in top.items()}, section),
                1000 * statistics.median(find_ms[name]),
                1000 * statistics.median(rank_ms),
            )
        )


def rebuild_seconds(path):
    """CPU and wall seconds of the site's bulk build of related lists
    (``related_documents_rebuild``) over the index of a kept database, and the
    CPU seconds of every story's index matches asked one at a time (as on
    publish)."""
    from akhbar.related import ranking
    from akhbar.related.services import related_documents_rebuild
    from akhbar.search.evaluation import CORPUS_KIND, evaluation_backend

    with reused(path) as alias:
        backend = evaluation_backend(alias)
        ids = list(stored_profiles(alias))
        documents = backend.stored_documents(CORPUS_KIND, ids)
        started = time.process_time()
        # (Code before similar_documents_many, measured against, has only the
        # one-at-a-time call.)
        for document in documents:
            backend.similar_documents(
                document, limit=ranking.CANDIDATES, boosts=ranking.FIELD_BOOSTS
            )
        matching = time.process_time() - started
        started, wall = time.process_time(), time.perf_counter()
        related_documents_rebuild(documents, using=alias)
        cpu, wall = time.process_time() - started, time.perf_counter() - wall
    print(
        "related_documents_rebuild, %d stories: %.1f CPU s (%.1f s wall); "
        "one at a time, candidates alone %.1f CPU s, %.2f ms a story"
        % (len(documents), cpu, wall, matching, 1000 * matching / len(documents))
    )


def main():
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=ANT)
    parser.add_argument("--limit", type=int)
    parser.add_argument(
        "--duplicates-only", action="store_true", help="skip the related lists"
    )
    parser.add_argument("--keep", help="copy the built database to this file")
    parser.add_argument(
        "--reuse", help="re-rank the lists of a database kept by --keep, by variant"
    )
    parser.add_argument("--variant", action="append", help="with --reuse; repeatable")
    parser.add_argument(
        "--build-time",
        action="store_true",
        help="with --reuse: time the bulk build of related lists on it",
    )
    parser.add_argument(
        "--candidates",
        action="append",
        nargs="?",
        const="",
        help="with --reuse: re-run the index's candidates by CANDIDATE_VARIANTS "
        "(repeatable; bare: all of them), then the ranking",
    )
    args = parser.parse_args()
    django.setup()
    from akhbar.related import minhash, ranking
    from akhbar.search.evaluation import IndexDocument

    records = read_ant(args.corpus, args.limit)
    shingles = {r["id"]: word_shingles(r["body"]) for r in records}
    print("ANT: %d articles with a body" % len(records))

    if args.reuse and args.build_time:
        rebuild_seconds(args.reuse)
        return
    if args.reuse and args.candidates is not None:
        names = [name for name in args.candidates if name]
        recandidate(records, shingles, args.reuse, names)
        return
    if args.reuse:
        sweep(records, shingles, args.reuse, args.variant)
        return
    if not args.duplicates_only:
        related_table(records, shingles, keep=args.keep)

    # Duplicates: MinHash groups against identical bodies and exact Jaccard.
    signatures = {r["id"]: minhash.signature(r["body"]) for r in records}
    by_body = defaultdict(list)
    for r in records:
        by_body[" ".join(r["body"].split())].append(r["id"])
    identical = [
        (a, b)
        for ids in by_body.values()
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    ]
    flagged = 0
    for a, b in identical:
        flagged += (
            minhash.similarity(signatures[a], signatures[b])
            >= ranking.DUPLICATE_SIMILARITY
        )
    documents_only = [
        IndexDocument(kind="doc", object_id=r["id"], body=r["body"], published_at=None)
        for r in records
    ]
    from akhbar.related.services import document_profile, duplicate_groups

    profiles = {d.object_id: document_profile(d) for d in documents_only}
    groups = duplicate_groups(documents_only, profiles)
    identical_ids = {x for pair in identical for x in pair}
    not_identical = [(a, g) for a, (g, _) in groups.items() if a not in identical_ids]
    exact = [jaccard(shingles[a], shingles[g]) for a, g in not_identical]
    false_flags = sum(j < 0.3 for j in exact)
    print()
    print(
        "duplicates: %d identical-body pairs, %d flagged (MinHash >= %.2f)"
        % (len(identical), flagged, ranking.DUPLICATE_SIMILARITY)
    )
    print(
        "  %d articles flagged beyond identical bodies; exact Jaccard of those: "
        "median %.2f, %d below 0.3 (%.2f %% of %d distinct articles)"
        % (
            len(not_identical),
            statistics.median(exact) if exact else 0,
            false_flags,
            100 * false_flags / len(records),
            len(records),
        )
    )
    rng = random.Random(7)
    long_enough = [r for r in records if len(r["body"].split()) >= 30]
    sample = rng.sample(long_enough, min(500, len(long_enough)))
    found = sum(
        minhash.similarity(
            signatures[r["id"]], minhash.signature(edited_copy(r, rng)["body"])
        )
        >= ranking.DUPLICATE_SIMILARITY
        for r in sample
    )
    print(
        "  edited copies (headline, dateline, moved paragraph, signature): "
        "%d of %d found" % (found, len(sample))
    )


if __name__ == "__main__":
    main()
