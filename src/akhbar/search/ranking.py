"""BM25F ranking over several analyses of each word; the same on every database.

A document's score for a query is

    sum over query terms t of  q(t) * idf(t) * impact(t, d)

where a term is one analysis of a word (see :mod:`akhbar.arabic.search_terms`),
q(t) the weight of its analysis times its count in the query, and impact the BM25F
saturation of its field-weighted, length-normalised frequency:

    tf'(t, d) = sum over fields f of  w_f * tf_f / (1 - b + b * len_f / avglen_f)
    impact    = tf' * (k1 + 1) / (k1 + tf')

Impacts are computed when a document is indexed and stored as one byte (impact
quantisation, as in Lucene's and PISA's impact indexes: top-10 order does not
change measurably), so a query only reads packed postings and adds.
"""

import math
from collections import Counter, defaultdict

import numpy as np

from akhbar.arabic.search_terms import (
    BARE,
    PREFIX,
    ROOTISH,
    STEM,
    SURFACE,
    content_words,
    query_words,
    word_forms,
)

from .entities import ENTITY_TAG, entity_terms

# k1 and b chosen on Arabic QA retrieval over news distractors, in the flat part of
# the curve (k1 0.8-1.2 and b 0.75-1.0 are all within 1 point of nDCG@10). b is high
# because news articles vary in length far more than the questions about them.
K1 = 0.9
B = 0.9
# Headline over standfirst over body, as editors write them; tags and entity names
# are chosen words, worth more than a word of body text.
FIELD_WEIGHTS = {
    "headline": 2.0,
    "standfirst": 1.5,
    "body": 1.0,
    "tags": 1.5,
    "entities": 1.0,
    "authors": 1.0,
}
FIELDS = tuple(FIELD_WEIGHTS)
# The light stem carries the match; the exact surface form and the bare word act as
# an exact-form boost; the prefix and Snowball forms rescue variants the light
# stemmer keeps apart. Measured on the dev set, each loose form alone ranks below
# the stem, and together they add about three points of nDCG@10.
FORM_WEIGHTS = {STEM: 1.0, BARE: 0.5, PREFIX: 0.5, ROOTISH: 0.25, SURFACE: 0.25}
# A query's entity in another spelling (``entities.spelled_otherwise``) against
# a document's entity id term: worth this many words of the query.
ENTITY_WEIGHT = 1.0
# Average field lengths (in content words) assumed before an index has statistics
# of its own: a news article of some 300 words.
DEFAULT_LENGTHS = {
    "headline": 7.0,
    "standfirst": 20.0,
    "body": 250.0,
    "tags": 2.0,
    "entities": 6.0,
    "authors": 2.0,
}
IMPACT_SCALE = 255
_MAX_IMPACT = K1 + 1


def analyse_fields(fields: dict[str, str]) -> tuple[dict, dict, list[str]]:
    """Analyse a document's fields.

    Returns (term -> {field: count}, field -> length in content words, stems in
    order for phrase matching). The ``entities`` field also gives one id term
    per canonical name (``entities.entity_term``).
    """
    frequencies: dict[str, dict[str, int]] = defaultdict(dict)
    lengths = {}
    stems = []
    for field in FIELDS:
        text = fields.get(field) or ""
        length = 0
        for word, _, _ in content_words(text):
            forms = word_forms(word)
            if not forms:
                continue
            length += 1
            stems.append(forms[0][1])
            for tag, form in forms:
                counts = frequencies[tag + form]
                counts[field] = counts.get(field, 0) + 1
        lengths[field] = length
        if field == "entities":
            for term in entity_terms(text):
                counts = frequencies[term]
                counts[field] = counts.get(field, 0) + 1
    return frequencies, lengths, stems


def document_impacts(
    frequencies: dict, lengths: dict, average_lengths: dict
) -> dict[str, int]:
    """Return term -> quantised BM25F impact (1-255) for one analysed document."""
    norms = {}
    for field in FIELDS:
        average = average_lengths.get(field) or DEFAULT_LENGTHS[field]
        norms[field] = FIELD_WEIGHTS[field] / (
            1 - B + B * lengths.get(field, 0) / max(average, 1.0)
        )
    impacts = {}
    for term, counts in frequencies.items():
        tf = sum(norms[field] * count for field, count in counts.items())
        impact = tf * (K1 + 1) / (K1 + tf)
        impacts[term] = max(1, round(impact / _MAX_IMPACT * IMPACT_SCALE))
    return impacts


def average_lengths(all_lengths) -> dict[str, float]:
    """Average each field's length over an iterable of per-document lengths."""
    totals: Counter = Counter()
    count = 0
    for lengths in all_lengths:
        totals.update(lengths)
        count += 1
    if not count:
        return dict(DEFAULT_LENGTHS)
    return {field: max(totals[field] / count, 1.0) for field in FIELDS}


def query_term_weights(text: str) -> tuple[dict[str, float], list[str]]:
    """Return (term -> query weight, light stems of the query's words)."""
    weights: Counter = Counter()
    stems = []
    for word in query_words(text):
        forms = word_forms(word)
        if not forms:
            continue
        stems.append(forms[0][1])
        for tag, form in forms:
            weights[tag + form] += FORM_WEIGHTS[tag]
    return dict(weights), stems


# "More like this" queries keep the document's strongest terms only: the rest
# add little to the order of the top candidates and cost a postings read each.
SIMILAR_TERMS = 150
# The light stem alone: measured on related news, the looser forms that help a
# short query find its words only blur a whole story's profile.
SIMILAR_FORM_WEIGHTS = {STEM: 1.0, BARE: 0.0, PREFIX: 0.0, ROOTISH: 0.0, SURFACE: 0.0}
_TAGGED = frozenset(FORM_WEIGHTS) - {STEM}


def similarity_weights(
    impacts: dict[str, int], frequencies: dict, boosts=None
) -> dict[str, float]:
    """Query weights of a whole document, for "more like this".

    Each term weighs its BM25F impact in the document (``document_impacts``:
    saturated, so a word repeated ten times is not ten times the evidence)
    times its form's weight in SIMILAR_FORM_WEIGHTS, times ``boosts[field]``
    when it occurs in that field.
    """
    boosts = boosts or {}
    weights = {}
    for term, impact in impacts.items():
        if term[0] == ENTITY_TAG:
            # Entity ids are for queries that name an entity; a whole story's
            # entities already count as the words of their field.
            continue
        tag = term[0] if term[0] in _TAGGED else STEM
        weight = SIMILAR_FORM_WEIGHTS[tag] * impact / IMPACT_SCALE
        for field, boost in boosts.items():
            if field in frequencies[term]:
                weight *= boost
        if weight > 0:
            weights[term] = weight
    return weights


def strongest_terms(
    weights: dict[str, float], main: dict, recent: dict, document_count: int, count
) -> dict[str, float]:
    """The ``count`` terms of ``weights`` with the highest weight times idf."""
    ranked = []
    for term, weight in weights.items():
        frequency = len(main.get(term, _EMPTY)[0]) + len(recent.get(term, _EMPTY)[0])
        if frequency:
            ranked.append((weight * idf(frequency, document_count), term))
    ranked.sort(reverse=True)
    return {term: weights[term] for _, term in ranked[:count]}


def idf(document_frequency: int, document_count: int) -> float:
    """BM25's idf, kept positive for terms in more than half the documents."""
    n = max(document_count, document_frequency, 1)
    return math.log(1 + (n - document_frequency + 0.5) / (document_frequency + 0.5))


def pack_postings(ids: np.ndarray, impacts: np.ndarray) -> bytes:
    """Pack ascending uint32 ids and uint8 impacts into one main-tier blob."""
    return (
        np.asarray(ids, dtype="<u4").tobytes()
        + np.asarray(impacts, dtype=np.uint8).tobytes()
    )


def unpack_postings(blob: bytes, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (ids, impacts) views of a main-tier blob of ``count`` postings."""
    blob = bytes(blob)
    ids = np.frombuffer(blob, dtype="<u4", count=count)
    impacts = np.frombuffer(blob, dtype=np.uint8, count=count, offset=4 * count)
    return ids, impacts


def _weighted_postings(weights, main, recent, dead, document_count):
    """Yield (recent, ids, impacts, factor) of each tier of each term of a query.

    ``dead`` is a boolean array over ids (or None): replaced documents still
    sit in the main tier until a merge, and must not count towards idf either.
    """
    for term, weight in weights.items():
        ids, impacts = main.get(term, _EMPTY)
        new_ids, new_impacts = recent.get(term, _EMPTY)
        frequency = len(ids) + len(new_ids)
        if dead is not None and len(ids):
            frequency -= int(np.count_nonzero(dead[ids[ids < len(dead)]]))
        if not frequency:
            continue
        factor = weight * idf(frequency, document_count) * _MAX_IMPACT / IMPACT_SCALE
        if len(ids):
            yield False, ids, impacts, factor
        if len(new_ids):
            yield True, new_ids, new_impacts, factor


def _dead(garbage: np.ndarray, size: int):
    if not len(garbage):
        return None
    dead = np.zeros(size, dtype=bool)
    dead[garbage[garbage < size]] = True
    return dead


def score_documents(
    *,
    size: int,
    weights: dict[str, float],
    main: dict[str, tuple[np.ndarray, np.ndarray]],
    recent: dict[str, tuple[np.ndarray, np.ndarray]],
    garbage: np.ndarray,
    document_count: int,
) -> np.ndarray:
    """Return the score of every document id below ``size`` for a query.

    ``main`` and ``recent`` map terms to (ids, impacts) from the two tiers;
    ``garbage`` lists ids whose main postings no longer count.
    """
    dead = _dead(garbage, size)
    main_ids, main_values, recent_ids, recent_values = [], [], [], []
    for in_recent, ids, impacts, factor in _weighted_postings(
        weights, main, recent, dead, document_count
    ):
        into = (recent_ids, recent_values) if in_recent else (main_ids, main_values)
        into[0].append(ids)
        into[1].append(impacts * np.float32(factor))
    # One bincount per tier: summing many arrays of the full id range would cost
    # more than the postings themselves.
    if main_ids:
        scores = np.bincount(
            np.concatenate(main_ids), np.concatenate(main_values), minlength=size
        )[:size]
    else:
        scores = np.zeros(size)
    if dead is not None:
        scores[dead] = 0
    if recent_ids:
        scores += np.bincount(
            np.concatenate(recent_ids), np.concatenate(recent_values), minlength=size
        )[:size]
    return scores


def score_candidates(candidates: np.ndarray, **query) -> np.ndarray:
    """The scores of the live documents ``candidates`` only, in their order;
    ``query`` holds the keyword arguments of ``score_documents`` but ``size``.

    What ``score_documents`` gives them, found by binary search in each term's
    postings rather than by adding every posting: a second ranking stage over
    a hundred candidates then costs little however common its terms are.
    """
    candidates = np.asarray(candidates, dtype=np.int64)
    garbage = query["garbage"]
    dead = _dead(garbage, int(garbage.max()) + 1) if len(garbage) else None
    scores = np.zeros(len(candidates))
    for in_recent, ids, impacts, factor in _weighted_postings(
        query["weights"], query["main"], query["recent"], dead, query["document_count"]
    ):
        if in_recent:
            # The recent tier is in insertion order, and small.
            order = np.argsort(ids, kind="stable")
            ids, impacts = ids[order], impacts[order]
        where = np.minimum(np.searchsorted(ids, candidates), len(ids) - 1)
        found = ids[where] == candidates
        scores[found] += impacts[where[found]] * factor
    return scores


_EMPTY = (np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint8))


def top_ids(scores: np.ndarray, count: int) -> np.ndarray:
    """Return the ids of the ``count`` best positive scores, best first.

    Ties go to the higher id, which is the more recently indexed document.
    """
    positive = np.flatnonzero(scores > 0)
    if len(positive) > count:
        part = np.argpartition(-scores[positive], count - 1)[:count]
        positive = positive[part]
    order = np.lexsort((-positive, -scores[positive]))
    return positive[order]
