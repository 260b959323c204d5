"""The query of "more like this" (``similar_documents``): which of a whole
document's terms ask for its neighbours, and at what weight.

A story's own terms, weighted by their BM25F impact in it, find stories that
share its words. Stories on one subject share more than one story's words, so
a second pass may add the words that the best first-pass matches share
(relevance feedback in document space, as RM3 does for a typed query).

On ANT (10,138 stories) the candidates are not what limits related lists: a
perfect ranking of each story's 60 candidates would put 0.9917 of its five
suggestions in its section, of its first 10 candidates 0.9000, where the
re-ranking reaches 0.7310 (bench/related.py --reuse --candidates).
"""

from collections import Counter

from akhbar.arabic.search_terms import STEM

from .. import ranking
from ..entities import ENTITY_TAG

# The document's strongest terms (impact times idf) kept as the query: the rest
# add little to the order of the best candidates and cost a postings read each.
# On ANT (1,500 stories, bench/related.py --candidates) 25, 40 and 100 terms
# lowered precision@5 (0.6993 -> 0.6519, 0.6825, 0.6951), 250 changed nothing.
TERMS = ranking.SIMILAR_TERMS
# Terms found in more than this share of the documents are left out of the
# query (1.0 keeps them all): at 5 % precision@5 fell to 0.6709; the common
# words of a subject (مباراة، الأسعار) tell its stories apart from others.
COMMON = 1.0
# A query term's weight is its impact times idf ** IDF_POWER (the score adds
# one idf of its own; Lucene's more-like-this boosts by tf-idf, which makes
# rare words count as idf squared). 0.5 was +0.0003 overall but down on the
# tuning half; 1 and -0.5 lower.
IDF_POWER = 0.0
# Relevance feedback: the best EXPAND_FROM first-pass matches (0: none) give
# up to EXPAND_TERMS terms, which take EXPAND_WEIGHT of the second query's
# weight; a term must occur in EXPAND_SHARED of those matches at least. Off:
# 5 matches at 0.3 and 10 at 0.5 lowered precision@5 (0.6944, 0.6933), as the
# re-ranking's neighbours' agreement already draws on those matches.
EXPAND_FROM = 0
EXPAND_TERMS = 30
EXPAND_WEIGHT = 0.3
EXPAND_SHARED = 2

_EMPTY = (ranking.unpack_postings(b"", 0)[0], None)


def weighed_terms(frequencies: dict) -> dict:
    """The terms of an analysed document (``ranking.analyse_fields``) that
    ``ranking.similarity_weights`` gives a weight: the forms that
    SIMILAR_FORM_WEIGHTS weighs, no entity id. Their impacts are all it needs,
    and the looser forms are four terms in five."""
    forms = ranking.SIMILAR_FORM_WEIGHTS
    stem = forms[STEM]
    return {
        term: counts
        for term, counts in frequencies.items()
        if term[0] != ENTITY_TAG and forms.get(term[0], stem) > 0
    }


def document_frequency(term: str, main: dict, recent: dict) -> int:
    """How many documents hold ``term``, in both tiers of postings."""
    return len(main.get(term, _EMPTY)[0]) + len(recent.get(term, _EMPTY)[0])


def query_weights(
    weights: dict[str, float], main: dict, recent: dict, document_count: int
) -> dict[str, float]:
    """The TERMS strongest of a document's term ``weights``, without the terms
    of more than COMMON of the documents, rare terms raised by IDF_POWER."""
    if COMMON < 1.0:
        most = COMMON * document_count
        weights = {
            term: weight
            for term, weight in weights.items()
            if document_frequency(term, main, recent) <= most
        }
    weights = ranking.strongest_terms(weights, main, recent, document_count, TERMS)
    if IDF_POWER:
        weights = {
            term: weight
            * ranking.idf(document_frequency(term, main, recent), document_count)
            ** IDF_POWER
            for term, weight in weights.items()
        }
    return weights


def feedback_terms(documents: list[tuple[float, list[str]]]) -> dict[str, float]:
    """Stems shared by the best first-pass ``documents``, by relevance.

    ``documents`` are (score, stems) pairs. A stem's relevance is the sum of
    the score shares of the documents holding it (each document counted once,
    however often it repeats the stem); stems in fewer than EXPAND_SHARED of
    them are left out.
    """
    total = sum(score for score, stems in documents if stems)
    if total <= 0:
        return {}
    relevance: Counter = Counter()
    holders: Counter = Counter()
    for score, stems in documents:
        for stem in set(stems):
            relevance[stem] += score / total
            holders[stem] += 1
    return {
        stem: value
        for stem, value in relevance.items()
        if holders[stem] >= EXPAND_SHARED
    }


def expanded_weights(
    weights: dict[str, float],
    relevance: dict[str, float],
    main: dict,
    recent: dict,
    document_count: int,
) -> dict[str, float]:
    """``weights`` with the EXPAND_TERMS most relevant (times idf) stems of
    ``relevance`` added, which share EXPAND_WEIGHT of the total weight."""
    ranked = []
    for stem, value in relevance.items():
        frequency = document_frequency(stem, main, recent)
        if frequency:
            idf = ranking.idf(frequency, document_count)
            ranked.append((value * idf, stem, value))
    ranked.sort(reverse=True)
    chosen = ranked[:EXPAND_TERMS]
    # The score gives each term its idf: weights hold the relevance alone.
    mass = sum(value for _, _, value in chosen)
    own = sum(weights.values())
    if not chosen or mass <= 0 or own <= 0:
        return weights
    scale = EXPAND_WEIGHT / (1 - EXPAND_WEIGHT) * own / mass
    expanded = dict(weights)
    for _, stem, value in chosen:
        expanded[stem] = expanded.get(stem, 0.0) + scale * value
    return expanded
