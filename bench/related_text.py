"""Text signals beside the related ranking, screened on a kept ANT database.

Reads a database kept by ``bench/related.py --keep DB``. Each story's best
POOL candidates by the code's ranking (``ranking.WEIGHTS``, time factor
included; copies of the story left out, as in ``bench/related_fit.py``) get
signals read from the two stories' texts as the index stores them:

bigrams    cosine of idf-weighted word bigrams of the analysed text (the
           index's ``tokens``, stems in order): shared multi-word names and
           phrases, «مجلس النواب», «كرة القدم»;
dirichlet  query likelihood of each story's words under the other's
           Dirichlet-smoothed language model (mu = MU), both ways, per word,
           as a gain over the collection model;
entities   cosine of idf-weighted entity names (the index's ``entities``);
rare_ents  the same with idf squared: a shared rare name (a minister) far
           above a shared common one (a capital city);
no_places  entities without the names the gazetteer lists as places (LOC):
           a shared person or body is a strong tie, a shared country weak.

Each signal is divided by its best among the story's POOL candidates and
added, times a weight, to the code's score; P@5 on the tuning half and on
the held-out half (``bench/related.py``'s seeded halves) for every weight.

Measured (session 14), full ANT, the code's ranking at tune 0.7321 /
held-out 0.7291 (this pool-of-40 estimate; bench/related.py gives 0.7325 /
0.7294): no signal at any weight gains beyond noise (about +-0.004 per half)
on the held-out half. Best held-out: rare_ents x 0.1 0.7296; best tune:
no_places x 0.5 0.7347 (held-out 0.7292); bigrams x 0.25 0.7340 / 0.7295;
dirichlet x 0.5 0.7336 / 0.7279; weights of 1-2 lower both halves. The
1,500-article screen agrees (held-out 0.7087 as built, at most 0.7102).

--misses N [--off M]: a seeded sample of N stories whose stored list holds at
least M (2) suggestions from another ANT section, printed with their suggestions
(section, headline, first words), for reading.

Run: PYTHONPATH=src .venv/bin/python bench/related_text.py DB [--misses 30]
"""

import argparse
import math
import os
import random
import sys
from collections import Counter

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.test")

import related_fit  # noqa: E402  (bench/related_fit.py)

related = related_fit.related  # bench/related.py

K = related.K
POOL = 40
MU = 1000.0
SIGNAL_WEIGHTS = (0.1, 0.25, 0.5, 1.0, 2.0)


def index_texts(alias):
    """{object id: (stems in order, entity names)} as the index stores them."""
    from akhbar.search.entities import ENTITY_SEPARATOR
    from akhbar.search.models import SearchDocument

    rows = SearchDocument.objects.using(alias).values_list(
        "object_id", "tokens", "entities"
    )
    return {
        object_id: (
            (tokens or "").split(),
            [n.strip() for n in (entities or "").split(ENTITY_SEPARATOR) if n.strip()],
        )
        for object_id, tokens, entities in rows
    }


def idf_vectors(bags, power=1.0):
    """{id: {key: tf * idf ** power / norm}} for ``bags`` {id: Counter}."""
    frequency = Counter()
    for bag in bags.values():
        frequency.update(bag.keys())
    total = len(bags)
    idf = {key: math.log(total / count) for key, count in frequency.items()}
    vectors = {}
    for object_id, bag in bags.items():
        vector = {
            key: (1 + math.log(tf)) * idf[key] ** power
            for key, tf in bag.items()
            if idf[key] > 0
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors[object_id] = {key: v / norm for key, v in vector.items()}
    return vectors


def cosine(a, b):
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[key] for key, v in a.items() if key in b)


class Dirichlet:
    """Per-word query likelihood gain of one text under another's model."""

    def __init__(self, bags):
        self.bags = bags
        collection = Counter()
        for bag in bags.values():
            collection.update(bag)
        total = sum(collection.values())
        self.p = {w: c / total for w, c in collection.items()}
        self.length = {i: sum(b.values()) for i, b in bags.items()}

    def one_way(self, query, document):
        q, d = self.bags.get(query), self.bags.get(document)
        if not q or not d:
            return 0.0
        gain = sum(
            tf * math.log(1 + d[w] / (MU * self.p[w])) for w, tf in q.items() if w in d
        )
        q_length = self.length[query]
        return gain / q_length + math.log(MU / (self.length[document] + MU))

    def __call__(self, a, b):
        return 0.5 * (self.one_way(a, b) + self.one_way(b, a))


def signals(texts):
    """{signal name: function(a, b)}."""
    bigram_bags = {
        i: Counter(zip(stems, stems[1:], strict=False))
        for i, (stems, _) in texts.items()
    }
    bigrams = idf_vectors(bigram_bags)
    entity_bags = {i: Counter(names) for i, (_, names) in texts.items()}
    entities = idf_vectors(entity_bags)
    rare = idf_vectors(entity_bags, power=2.0)
    places = place_names()
    not_places = idf_vectors(
        {
            i: Counter(n for n in bag if n not in places)
            for i, bag in entity_bags.items()
        }
    )
    dirichlet = Dirichlet({i: Counter(stems) for i, (stems, _) in texts.items()})
    empty = {}
    return {
        "bigrams": lambda a, b: cosine(bigrams.get(a, empty), bigrams.get(b, empty)),
        "dirichlet": dirichlet,
        "entities": lambda a, b: cosine(entities.get(a, empty), entities.get(b, empty)),
        "rare_ents": lambda a, b: cosine(rare.get(a, empty), rare.get(b, empty)),
        "no_places": lambda a, b: cosine(
            not_places.get(a, empty), not_places.get(b, empty)
        ),
    }


def place_names():
    """Canonical names the shipped gazetteer lists as places."""
    from akhbar.arabic.entities.gazetteer import Gazetteer

    return {
        canonical
        for canonical, kind, _ in Gazetteer.default().entries.values()
        if kind == "LOC"
    }


def pools(stories, weights):
    """{story: (ids, base scores, labels, factors)} of its best POOL."""
    found = {}
    for name, (ids, features, factors, labels) in stories.items():
        base = (features[:, : len(weights)] @ weights) * factors
        top = np.argsort(-base, kind="stable")[:POOL]
        found[name] = ([ids[i] for i in top], base[top], labels[top], factors[top])
    return found


def precision(pooled, names, extra, weight):
    total = 0.0
    for name in names:
        _, base, labels, factors = pooled[name]
        scores = base + weight * extra[name] * factors
        top = np.argsort(-scores, kind="stable")[:K]
        total += labels[top].sum() / K
    return total / len(names)


def normalised(values):
    values = np.array(values, dtype=float)
    values = values - min(values.min(), 0.0)
    best = values.max()
    return values / best if best > 0 else values


def misses(alias, records, count, least=2):
    """Print ``count`` stories with >= ``least`` off-section suggestions."""
    from akhbar.related import evaluation

    by_id = {r["id"]: r for r in records}
    run = evaluation.stored_run(alias, k=K)
    bad = sorted(
        q
        for q, hits in run.items()
        if q in by_id
        and sum(by_id[d]["category"] != by_id[q]["category"] for d, _ in hits) >= least
    )
    print(
        "stories with >= %d off-section suggestions: %d of %d"
        % (least, len(bad), len(run))
    )

    def line(record):
        words = " ".join(record["body"].split()[:25])
        return "[%s] %s | %s" % (record["category"], record["title"], words)

    for q in random.Random(3).sample(bad, min(count, len(bad))):
        print("\n=== %s %s" % (q, line(by_id[q])))
        for d, _ in run[q]:
            mark = "  " if by_id[d]["category"] == by_id[q]["category"] else "x "
            print("  %s%s %s" % (mark, d, line(by_id[d])))


def main():
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("db", help="a database kept by bench/related.py --keep")
    parser.add_argument("--corpus", default=related.ANT)
    parser.add_argument("--misses", type=int, default=0)
    parser.add_argument(
        "--off", type=int, default=2, help="with --misses: off-section at least"
    )
    parser.add_argument("--only", action="append", help="signal names to screen")
    args = parser.parse_args()
    django.setup()
    from akhbar.related import ranking
    from akhbar.related.services import recency_options

    records = related.read_ant(args.corpus)
    section = {r["id"]: r["category"] for r in records}
    with related.reused(args.db) as alias:
        if args.misses:
            misses(alias, records, args.misses, args.off)
            return
        profiles = related.stored_profiles(alias)
        options = recency_options()
        texts = index_texts(alias)
    stories = related_fit.story_matrices(profiles, section, options)
    weights = np.array([ranking.WEIGHTS.get(n, 0.0) for n in ranking.FEATURES])
    pooled = pools(stories, weights)
    tune, held_out = related.halves(records)
    tune = [i for i in tune if i in pooled]
    held_out = [i for i in held_out if i in pooled]
    found = signals(texts)
    zero = {name: np.zeros(len(p[0])) for name, p in pooled.items()}
    print(
        "%-22s tune %.4f held-out %.4f"
        % (
            "code's ranking",
            precision(pooled, tune, zero, 0.0),
            precision(pooled, held_out, zero, 0.0),
        )
    )
    for signal_name, signal in found.items():
        if args.only and signal_name not in args.only:
            continue
        extra = {
            name: normalised([signal(name, other) for other in ids])
            for name, (ids, *_) in pooled.items()
        }
        for weight in SIGNAL_WEIGHTS:
            print(
                "%-22s tune %.4f held-out %.4f"
                % (
                    "%s x %.2f" % (signal_name, weight),
                    precision(pooled, tune, extra, weight),
                    precision(pooled, held_out, extra, weight),
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()
