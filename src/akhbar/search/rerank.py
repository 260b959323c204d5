"""Second-stage ranking of the best first-pass candidates, from their stems.

The first pass (:mod:`.ranking`) sees each document as a bag of terms. Two
signals it cannot see are computed here from the light stems a document keeps
in order (``SearchDocument.tokens``), for the few best candidates only:

* proximity: query words that stand close together in a document (ابن خلدون,
  ولد ... عام) are far stronger evidence than the same words paragraphs apart;
* passage evidence: a question's words gathered in one short stretch of a
  document's text (not only in its headline, which every paragraph of one
  encyclopaedia article or every story of one series shares), and a slight
  preference for the shorter of two documents that match as well;
* discriminating words: among candidates that share a headline, the query's
  words few of them hold count, the ones all of them hold do not;
* the headline's words set aside: among candidates that share a headline,
  the query's words the headline holds do not decide their order;
* pseudo-relevance feedback (RM3): the words the best first-pass matches share
  are added to the query with a small weight, which finds a story that names
  its topic in other words than the reader's.

Both are pure functions of their inputs, so every backend and the evaluation
share them.
"""

import math
from collections import Counter
from functools import lru_cache

from akhbar.arabic.search_terms import FORM_TAGS

from .entities import ENTITY_TAG
from .query import phrase_stems
from .ranking import K1, query_term_weights

# The first characters that mark a term as other than a light stem.
_TAGS = tuple(tag for tag in FORM_TAGS if tag) + (ENTITY_TAG,)

# Measured on the dev set (bench/search_quality.py), on both halves of its
# questions: each of proximity and feedback adds under a point of nDCG@10, and
# larger weights or wider windows lose what they add.
# Candidates whose order the second stage may change: two pages. 15 were
# enough for proximity and passage evidence alone (25 measured +0.0005), but
# same-headline discrimination (below) needs the siblings that stand just
# outside the first page and a half: with it, 15 / 20 / 25 candidates give
# nDCG@10 0.8416 / 0.8434 / 0.8437.
PROXIMITY_CANDIDATES = 20
# Two query words count as close when adjacent (stopwords between them are not
# indexed, so "ابن خلدون" and "عاصمة ... فرنسا" both count).
PROXIMITY_WINDOW = 1
# A pair of close query words is worth this share of a query word's full score.
PROXIMITY_WEIGHT = 0.15
# Passage evidence (``passage_bonus``), measured on the dev set with entities
# (bench/search_quality.py; weights chosen on both halves of its questions,
# bench/search_rerank_fit.py): nDCG@10 0.8337 -> 0.8384, A 0.8265 -> 0.8319,
# B 0.8409 -> 0.8448, for the candidates proximity already reads. Windows of 8
# and 32 words, the share of the question covered anywhere in the text, and
# a penalty on words found only in the headline each measured lower or on one
# half only.
# Words of the text (headline and the chosen-word fields aside) a question's
# words must fall within to count as gathered.
COVERAGE_WINDOW = 16
# Full coverage in one window is worth this share of the best candidate's score.
COVERAGE_WEIGHT = 0.1
# Per unit of log(1 + words of text), as a share of the best candidate's score.
LENGTH_WEIGHT = 0.1 / 6
# Discriminating words among candidates that share a headline
# (``distinct_bonus``): the paragraphs or parts of one long piece, the entries
# of a live story, follow-ups filed under the same title. The words every one
# of them holds (the subject the headline names) cannot tell them apart; the
# query's words few of them hold can. A group's bonuses add up to nothing, so
# a story is neither lifted nor sunk for having siblings: only the order
# within its group is decided. Full weight (a query word only this candidate
# of its group holds, for every query word) is worth this share of the best
# candidate's score. Measured on the dev set with entities
# (bench/search_quality.py), at 20 candidates: 0.5 / 1.0 / 1.5 give nDCG@10
# 0.8434 / 0.8416 / 0.8417 (A 0.8354 / 0.8317 / 0.8343, B 0.8513 / 0.8514 /
# 0.8491; without it 0.8400, A 0.8319, B 0.8479). The best on either half
# gains on the other. Left uncentred (every group member holding a rare word
# gains) it measured 0.8471, but 7 of its 10 net gains lifted a paragraph over
# a lone news story: a prior for documents that have siblings, which is how
# the dev set is built (answers are encyclopaedia paragraphs, distractors lone
# stories), not a gain for news search.
DISTINCT_WEIGHT = 0.5
# The headline's words set aside (``headline_terms``): among candidates that
# share a headline, the first-pass score of the query's words that the
# headline holds is taken off each, less its group's mean (so again a group's
# changes add up to nothing). Every entry of a live story, every part of a
# long piece names the subject in its headline and again and again in its
# text; which of them answers the reader is told by the other words. Measured
# on the dev set with entities (bench/search_quality.py): nDCG@10 0.8434 ->
# 0.8459 (A 0.8354 -> 0.8363, B 0.8513 -> 0.8554). A share of the score, not
# all of it: 0.5 / 0.75 / 1.25 give 0.8439 / 0.8442 / 0.8456 (A 0.8358 /
# 0.8372 / 0.8339, B 0.8520 / 0.8511 / 0.8571), so the best on one half does
# not hold on the other; the whole score (no constant to fit) gains on both.
# Its cost (bench/search_speed.py, 10k articles, SQLite, interleaved query by
# query, loaded): 7.61 -> 7.66 CPU ms a query (median 7.39 -> 7.48).
SET_HEADLINE_ASIDE = True
# Feedback documents (RM3) when feedback is on: 5 measured best (3 and 10 lower).
FEEDBACK_DOCUMENTS_ON = 5
# Off by default (0 documents): on the dev set with entities it adds 0.2 points
# of nDCG@10 (0.8303 -> 0.8326 after proximity) for twice the CPU of the first
# stage alone (bench/search_speed.py, 10k articles: 1.63 -> 2.24 ms a query
# with proximity, 3.53 with feedback too); a doubling is worth a point or more.
# With passage evidence it no longer adds: 0.8384 -> 0.8360, down on both halves.
FEEDBACK_DOCUMENTS = 0
# First-pass matches whose order feedback may change: only documents the
# query's words found (a result without them could not be highlighted, and the
# number of results stays that of the words typed), and only the best of them,
# so that the expansion costs a binary search per term and candidate rather
# than a pass over every posting of common words.
FEEDBACK_CANDIDATES = 100
# Expansion terms (RM3).
FEEDBACK_TERMS = 15
# The expansion's total weight, as a share of the query's own: small, so that
# the words a reader typed keep deciding the order.
FEEDBACK_WEIGHT = 0.2


def proximity_bonus(stems: list[str], tokens: list[str], idfs: dict) -> float:
    """Bonus of a document whose ``tokens`` hold query ``stems`` close together.

    Every pair of distinct query stems found within PROXIMITY_WINDOW of each
    other adds the lower idf of the two, saturated by BM25's k1 in the number
    of close occurrences, so a pair of rare words counts most and a pair
    repeated ten times is not ten times the evidence.
    """
    wanted = [stem for stem in dict.fromkeys(stems) if idfs.get(stem)]
    if len(wanted) < 2:
        return 0.0
    positions: dict[str, list[int]] = {}
    wanted_set = set(wanted)
    for position, token in enumerate(tokens):
        if token in wanted_set:
            positions.setdefault(token, []).append(position)
    present = [stem for stem in wanted if stem in positions]
    bonus = 0.0
    for i, first in enumerate(present):
        for second in present[i + 1 :]:
            close = _close_pairs(positions[first], positions[second])
            if close:
                saturated = close * (K1 + 1) / (K1 + close)
                bonus += min(idfs[first], idfs[second]) * saturated
    return bonus


def window_coverage(stems: list[str], text: list[str], idfs: dict) -> float:
    """The largest share of the query's idf mass (each distinct query stem
    once) that ``text``, a document's stems in order, holds within any
    COVERAGE_WINDOW consecutive words: a question's answer-bearing words stand
    together in the paragraph that answers it."""
    wanted = {stem: idfs[stem] for stem in stems if idfs.get(stem)}
    total = sum(wanted.values())
    if not total:
        return 0.0
    found = [(i, stem) for i, stem in enumerate(text) if stem in wanted]
    counts: Counter = Counter()
    best = mass = 0.0
    start = 0
    for position, stem in found:
        if not counts[stem]:
            mass += wanted[stem]
        counts[stem] += 1
        while found[start][0] <= position - COVERAGE_WINDOW:
            gone = found[start][1]
            counts[gone] -= 1
            if not counts[gone]:
                mass -= wanted[gone]
            start += 1
        best = max(best, mass)
    return best / total


def text_stems(
    tokens: list[str], headline: str, tags: str, entities: str, authors: str
) -> list[str]:
    """A document's stored stems (``SearchDocument.tokens``: headline,
    standfirst, body, tags, entities, authors in turn) without those of its
    headline and of the chosen-word fields after the body."""
    head = _stem_count(headline or "")
    tail = sum(_stem_count(field or "") for field in (tags, entities, authors))
    return tokens[head : len(tokens) - tail]


@lru_cache(maxsize=20_000)
def _stem_count(text: str) -> int:
    # The same headlines and entity lists come back query after query: analysed
    # afresh, passage evidence cost 20 % of a search's CPU, cached 7 %
    # (bench/search_speed.py, 10k articles, interleaved).
    return len(phrase_stems(text))


def passage_bonus(stems: list[str], text: list[str], idfs: dict) -> float:
    """A candidate's passage evidence as a share of the best candidate's
    score: its ``window_coverage`` minus a slight length penalty. ``text`` is
    the document's stems without its headline, tags, entities and authors."""
    return COVERAGE_WEIGHT * window_coverage(
        stems, text, idfs
    ) - LENGTH_WEIGHT * math.log1p(len(text))


def distinct_bonus(
    stems: list[str], candidates: list[tuple[int, str, list[str]]], idfs: dict
) -> dict[int, float]:
    """Bonuses of candidates that share a headline, as shares of the best
    candidate's score (before DISTINCT_WEIGHT).

    ``candidates`` are (id, headline, text stems without the headline and the
    chosen-word fields). Within each group of two or more candidates under one
    headline, a query stem held by ``n`` of the group's ``size`` texts weighs
    its idf times ``1 - n / size``: nothing when all hold it, most when one
    does. A candidate's share is the weight of the stems its text holds over
    the idf mass of the query's stems, and its bonus that share less the mean
    share of its group (so a group's bonuses add up to nothing). Candidates
    alone under their headline get none.
    """
    wanted = {stem: idfs[stem] for stem in stems if idfs.get(stem)}
    total = sum(wanted.values())
    if not total:
        return {}
    held_by = {
        document_id: set(text).intersection(wanted)
        for document_id, _headline, text in candidates
    }
    groups = same_headline_groups(
        [(document_id, headline) for document_id, headline, _text in candidates]
    )
    bonuses = {}
    for ids in groups:
        members = [(document_id, held_by[document_id]) for document_id in ids]
        holders = Counter(stem for _, held in members for stem in held)
        size = len(members)
        shares = [
            sum(wanted[stem] * (1 - holders[stem] / size) for stem in held) / total
            for _, held in members
        ]
        mean = sum(shares) / size
        for (document_id, _), share in zip(members, shares, strict=True):
            bonuses[document_id] = share - mean
    return bonuses


def headline_terms(words: list[str], stems: list[str], headline: str) -> dict:
    """The query terms (``ranking.query_term_weights``, every form of a word)
    of the query's ``words`` whose light stem (``stems``, in the same order)
    ``headline`` holds."""
    held = set(phrase_stems(headline))
    weights: dict[str, float] = {}
    # Respelled words add stems after the words typed: only the latter count.
    for word, stem in zip(words, stems, strict=False):
        if stem in held:
            for term, weight in query_term_weights(word)[0].items():
                weights[term] = weights.get(term, 0.0) + weight
    return weights


def same_headline_groups(candidates: list[tuple[int, str]]) -> list[list[int]]:
    """The ids of candidates (id, headline) in groups of two or more that
    share a headline, in their order."""
    groups: dict[str, list[int]] = {}
    for document_id, headline in candidates:
        groups.setdefault((headline or "").strip(), []).append(document_id)
    return [ids for ids in groups.values() if len(ids) > 1]


def _close_pairs(first: list[int], second: list[int]) -> int:
    """How many positions of ``first`` have a ``second`` within the window."""
    count = 0
    j = 0
    for position in first:
        while j < len(second) and second[j] < position - PROXIMITY_WINDOW:
            j += 1
        if j < len(second) and abs(second[j] - position) <= PROXIMITY_WINDOW:
            count += 1
    return count


def without_entity_words(stems: list[str], entities: str) -> list[str]:
    """A document's ``stems`` without the words of its entity names.

    With entities indexed, a name's words count twice in every story that
    names it (in its text and in its ``entities`` field): as expansion terms
    they pull the query towards whatever stories name the same entities, and
    feedback then lost what it gained without entities (bench/search_quality.py,
    dev set with entities, both stages: 0.8292 -> 0.8326 nDCG@10, up on both
    halves of the questions).
    """
    if not entities:
        return stems
    names = set(phrase_stems(entities))
    return [stem for stem in stems if stem not in names]


def feedback_weights(
    query_weights: dict[str, float], documents: list[tuple[float, list[str]]]
) -> dict[str, float]:
    """Expansion terms (light stems) from the best first-pass ``documents``.

    ``documents`` are (score, stems) pairs. Each stem weighs its share of each
    document's stems times that document's share of the scores (relevance
    model 1); the FEEDBACK_TERMS best stems not in the query share
    FEEDBACK_WEIGHT times the query's own stem weight.
    """
    total = sum(score for score, tokens in documents if tokens)
    if total <= 0:
        return {}
    relevance: Counter = Counter()
    for score, tokens in documents:
        if not tokens:
            continue
        share = score / total / len(tokens)
        for stem, count in Counter(tokens).items():
            if not stem.startswith(_TAGS):
                relevance[stem] += share * count
    chosen = [
        (stem, value)
        for stem, value in relevance.most_common()
        if stem not in query_weights
    ][:FEEDBACK_TERMS]
    mass = sum(value for _, value in chosen)
    # The query's stems, not its looser forms, are the words it was typed in.
    own = sum(w for term, w in query_weights.items() if not term.startswith(_TAGS))
    if not chosen or mass <= 0 or own <= 0:
        return {}
    return {stem: FEEDBACK_WEIGHT * own * value / mass for stem, value in chosen}
