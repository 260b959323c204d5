"""Fit the related ranking's feature weights (``ranking.WEIGHTS``) on ANT.

Reads a database kept by ``bench/related.py --keep DB``; every story's
candidates get their ``ranking.candidate_features`` once, then the weights are
fitted on the tuning half of the stories only (``bench/related.py``'s seeded
halves) and judged on the held-out half. ANT's section is the label: a
candidate in the story's section is a good one.

Two fits, printed side by side with the weights in the code:
* pairwise logistic regression (a candidate in the section against one that
  is not, among the story's best 30 by the current weights), L2-regularised;
* coordinate ascent on the tuning half's precision@5, from the logistic fit.
P@5 here leaves out copies of the story itself only, as ``rerank`` does before
the list's own copies; ``bench/related.py --reuse DB`` gives the exact figure.

Refit: PYTHONPATH=src .venv/bin/python bench/related_fit.py DB, then copy the
printed weights into ``ranking.WEIGHTS`` and check them with
``bench/related.py --reuse DB``.
"""

import argparse
import os
import random
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.test")

import related  # noqa: E402  (bench/related.py)

K = related.K
# Pairs per story for the logistic fit, among its best POOL candidates.
POOL = 30
PAIRS = 40


# Candidate features tried beside ranking.FEATURES (read from the same lists):
# rank         1 / (1 + the candidate's place in the source's list), 0 absent;
# mutual_rank  1 / (1 + the source's place in the candidate's list), 0 absent;
# balanced     the index score over the geometric mean of both lists' best;
# weighted     agreement, each neighbour weighed by its closeness to the source;
# votes        the share of the source's best matches whose lists hold it;
# reverse      the mean relative score, in the source's list, of the
#              candidate's own best matches (agreement the other way round);
# reciprocal   1 when each is among the other's AGREEMENT_OF best;
# top_shared   the overlap of both best AGREEMENT_OF, each with itself.
EXTRA = (
    "rank",
    "mutual_rank",
    "balanced",
    "weighted",
    "votes",
    "reverse",
    "reciprocal",
    "top_shared",
)


def extra_features(source, ids, profiles):
    """EXTRA of each candidate in ``ids``, rows in that order."""
    from akhbar.related import ranking

    top_n = ranking.AGREEMENT_OF
    candidates = source.candidates
    own = source.relative()
    place = {object_id: i for i, (object_id, _) in enumerate(candidates)}
    best = candidates[0][1] if candidates else 0.0
    neighbours = [object_id for object_id, _ in candidates[:top_n]]
    closeness = sum(own.get(n, 0.0) for n in neighbours) or 1.0
    weighted, votes = {}, {}
    for neighbour in neighbours:
        if neighbour not in profiles:
            continue
        for object_id, score in profiles[neighbour].relative().items():
            close = own.get(neighbour, 0.0) / closeness
            weighted[object_id] = weighted.get(object_id, 0.0) + close * score
            votes[object_id] = votes.get(object_id, 0.0) + 1.0 / len(neighbours)
    top = {source.object_id, *neighbours}
    rows = []
    for object_id in ids:
        profile = profiles.get(object_id)
        rank = place.get(object_id)
        row = dict.fromkeys(EXTRA, 0.0)
        row["rank"] = 0.0 if rank is None else 1.0 / (1 + rank)
        row["weighted"] = weighted.get(object_id, 0.0)
        row["votes"] = votes.get(object_id, 0.0)
        if profile is not None and profile.candidates:
            theirs = [c for c, _ in profile.candidates]
            if source.object_id in theirs:
                row["mutual_rank"] = 1.0 / (1 + theirs.index(source.object_id))
            their_best = profile.candidates[0][1]
            if rank is not None and best > 0 and their_best > 0:
                row["balanced"] = candidates[rank][1] / (best * their_best) ** 0.5
            their_top = theirs[:top_n]
            mine = {**own, source.object_id: 1.0}
            row["reverse"] = sum(mine.get(c, 0.0) for c in their_top) / len(their_top)
            row["reciprocal"] = float(
                rank is not None and rank < top_n and source.object_id in their_top
            )
            row["top_shared"] = (
                len(top.intersection(their_top)) + (object_id in top)
            ) / (top_n + 1)
        rows.append([row[name] for name in EXTRA])
    return rows


def story_matrices(profiles, section, options):
    """{story: (candidate ids, features, time factors, labels)}: the columns
    are ranking.FEATURES then EXTRA; copies of the story left out."""
    from akhbar.related import minhash, ranking

    stories = {}
    for object_id, profile in profiles.items():
        found = ranking.candidate_features(profile, profile.candidates, profiles)
        ids, rows, factors, labels = [], [], [], []
        for candidate, values in found.items():
            other = profiles.get(candidate) or ranking.Profile(candidate)
            if (
                profile.signature
                and other.signature
                and minhash.similarity(profile.signature, other.signature)
                >= ranking.LIST_COPY_SIMILARITY
            ):
                continue
            ids.append(candidate)
            rows.append(values)
            factors.append(
                ranking.time_factor(
                    profile.published_at,
                    other.published_at,
                    weight=options["recency"],
                    half_life_days=options["recency_days"],
                )
            )
            labels.append(section.get(candidate) == section.get(object_id))
        if rows:
            extra = extra_features(profile, ids, profiles)
            stories[object_id] = (
                ids,
                np.hstack([np.array(rows, dtype=float), np.array(extra)]),
                np.array(factors),
                np.array(labels, dtype=bool),
            )
    return stories


def precision(stories, names, weights):
    """Mean P@5 over ``names`` with ``weights`` (a vector over FEATURES)."""
    total = 0.0
    for name in names:
        _, features, factors, labels = stories[name]
        scores = (features @ weights) * factors
        top = np.argsort(-scores, kind="stable")[:K]
        total += labels[top].sum() / K
    return total / len(names)


def pairs(stories, names, weights, rng):
    """Differences of features: a candidate in the section minus one not."""
    rows = []
    for name in names:
        _, features, factors, labels = stories[name]
        top = np.argsort(-(features @ weights) * factors, kind="stable")[:POOL]
        good = [i for i in top if labels[i]]
        bad = [i for i in top if not labels[i]]
        if not good or not bad:
            continue
        for _ in range(PAIRS):
            i, j = rng.choice(good), rng.choice(bad)
            rows.append(features[i] * factors[i] - features[j] * factors[j])
    return np.array(rows)


def logistic(differences, l2=1.0, steps=50):
    """Weights of a logistic model of P(first of a pair is better), no bias
    (Newton's method)."""
    x = differences
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        gradient = x.T @ (1 - p) - l2 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w += step
        if np.abs(step).max() < 1e-6:
            break
    return w


def ascent(stories, names, weights, rounds=3):
    """Coordinate ascent on P@5 over ``names``: each weight in turn scaled by
    a few factors, the best kept (the first weight stays 1: scale is free)."""
    weights = weights.copy()
    best = precision(stories, names, weights)
    for _ in range(rounds):
        for k in range(1, len(weights)):
            for factor in (0.0, 0.5, 0.8, 1.25, 2.0, -1.0):
                trial = weights.copy()
                trial[k] = weights[k] * factor if weights[k] else factor * 0.5
                p = precision(stories, names, trial)
                if p > best + 1e-5:
                    best, weights = p, trial
    return weights


def main():
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("db", help="a database kept by bench/related.py --keep")
    parser.add_argument("--corpus", default=related.ANT)
    parser.add_argument("--save", help="pickle the feature matrices to this file")
    args = parser.parse_args()
    django.setup()
    from akhbar.related import ranking
    from akhbar.related.services import recency_options

    records = related.read_ant(args.corpus)
    section = {r["id"]: r["category"] for r in records}
    with related.reused(args.db) as alias:
        profiles = related.stored_profiles(alias)
        options = recency_options()
    stories = story_matrices(profiles, section, options)
    if args.save:
        import pickle

        with open(args.save, "wb") as handle:
            pickle.dump(stories, handle)
    tune, held_out = related.halves(records)
    tune = [i for i in tune if i in stories]
    held_out = [i for i in held_out if i in stories]

    names = (*ranking.FEATURES, *EXTRA)
    current = np.array([ranking.WEIGHTS.get(n, 0.0) for n in names])
    known = np.array([n in ranking.FEATURES for n in names], dtype=float)
    rows = [("in the code", current)]
    for label, mask in (("logistic, code's", known), ("logistic, all", None)):
        differences = pairs(stories, tune, current, random.Random(5))
        if mask is not None:
            differences = differences * mask
        scale = differences.std(0) + 1e-9
        fitted = logistic(differences / scale) / scale
        if mask is not None:
            fitted = fitted * mask
        # The scale is free: the code's "shared" weight is kept.
        fitted = fitted * current[names.index("shared")] / fitted[names.index("shared")]
        rows.append((label, fitted))
        rows.append((label + " + ascent", ascent(stories, tune, fitted)))
    print("%-26s %s" % ("weights", " ".join("%7s" % n[:7] for n in names)))
    for label, weights in rows:
        print(
            "%-26s %s  tune %.4f held-out %.4f"
            % (
                label,
                " ".join("%7.3f" % w for w in weights),
                precision(stories, tune, weights),
                precision(stories, held_out, weights),
            )
        )


if __name__ == "__main__":
    main()
