"""How candidates from the search index become a related list.

The search index gives candidates by content ("more like this": the story's
analysed terms with BM25F weights, entity names weighing more than plain
words). This module re-weighs them by weak signals (same section, shared tags),
by closeness in time, and drops near copies: of the story itself, and of a
story already in the list.
"""

import datetime
import math
from dataclasses import dataclass, field

from . import minhash

# Entity names are indexed as a field of their own besides the text they occur
# in, so a shared person, place or organisation already counts more than a
# plain word; boosting their terms further (x2, x4) lowered precision on ANT.
ENTITY_BOOST = 1.0
# Tags are chosen words; a headline's words are already weighted by BM25F.
FIELD_BOOSTS = {"entities": ENTITY_BOOST, "tags": 1.5}
# Weak signals: a story in the same section or sharing a tag wins a close call,
# never against a much closer match in another section.
SECTION_BONUS = 0.10
TAG_BONUS = 0.05
# Candidates read from the index per story, before re-ranking and removing copies.
CANDIDATES = 60
# Suggestions stored per story: more than a page shows, so that those unpublished
# later, pinned or removed by an editor leave enough behind.
STORED = 12
# Neighbours' agreement: a candidate that the source's best AGREEMENT_OF
# matches also find is about the same subject, not just the same few words
# (pseudo-relevance feedback over the stored lists). Each list's scores are
# divided by its best, so lists of long and short stories weigh alike.
AGREEMENT_OF = 10
AGREEMENT = 1.0
# A candidate whose own list holds the source (a mutual match) gains this share
# of its score for the source.
MUTUAL = 0.5
# Neighbours' agreement weighted by how close each neighbour is to the source,
# rather than alike.
AGREEMENT_WEIGHTED = False
# Shared neighbours: weight of the cosine between the source's list and the
# candidate's (each with itself at the top), a second-order similarity: two
# stories whose matches are the same stories are on one subject even when
# they share few words. On ANT (bench/related.py --reuse), 2 raised P@5 from
# 0.7280 to 0.7309, alike on both halves (+0.0027 tuning, +0.0033 held out).
SHARED = 2.0
# Estimated Jaccard similarity of body shingles from which two texts are copies.
DUPLICATE_SIMILARITY = 0.5
# Lists leave out a little more: 128 positions estimate within about ±0.09, and
# two stories this close are one story to a reader.
LIST_COPY_SIMILARITY = 0.4


@dataclass
class Profile:
    """What the re-ranking needs of one story."""

    object_id: str
    published_at: datetime.datetime | None = None
    section: str = ""
    tags: list[str] = field(default_factory=list)
    signature: bytes = b""
    # The index's candidates for this story, (object id, score) best first: the
    # neighbours' lists, read when ranking a story beside them.
    candidates: list = field(default_factory=list)
    _relative: tuple = field(default=((), {}), repr=False, compare=False)
    _norm: tuple = field(default=((), 1.0), repr=False, compare=False)

    def relative(self) -> dict[str, float]:
        """The candidates' scores divided by the best, by object id (kept
        while ``candidates`` is the same list)."""
        if self._relative[0] is not self.candidates:
            self._relative = (self.candidates, _relative(self.candidates))
        return self._relative[1]

    def relative_norm(self) -> float:
        """Euclidean length of ``relative()`` with the story itself at 1."""
        if self._norm[0] is not self.candidates:
            self._norm = (self.candidates, _norm(self.relative()))
        return self._norm[1]


def time_factor(
    source: datetime.datetime | None,
    candidate: datetime.datetime | None,
    *,
    weight: float,
    half_life_days: float,
) -> float:
    """1 + ``weight`` for a story published with the source, half that extra for
    one ``half_life_days`` apart (before or after), down to 1 far apart.

    Stories of one event cluster in time; measured from the source story's
    date rather than today, so an old article's list stays about its time and a
    new article's list about today.
    """
    if weight <= 0 or source is None or candidate is None or half_life_days <= 0:
        return 1.0
    days = abs((source - candidate).total_seconds()) / 86400
    return 1.0 + weight * 0.5 ** (days / half_life_days)


def _relative(candidates) -> dict[str, float]:
    best = candidates[0][1] if candidates else 0.0
    if best <= 0:
        return {}
    return {object_id: score / best for object_id, score in candidates}


def _norm(weights) -> float:
    return math.sqrt(1.0 + sum(w * w for w in weights.values()))


def _overlap(own: dict[str, float], own_norm: float, candidate: Profile) -> float:
    """Cosine of the source's list and ``candidate``'s, each story counted at
    the top of its own list (``own`` already holds the source at 1)."""
    theirs = candidate.relative()
    dot = own.get(candidate.object_id, 0.0)
    dot += sum(weight * theirs[key] for key, weight in own.items() if key in theirs)
    return dot / (own_norm * candidate.relative_norm())


def _with_agreement(source: Profile, candidates, profiles) -> dict[str, float]:
    """Relative scores plus the neighbours' agreement and mutual matches."""
    scores = _relative(candidates)
    own = dict(scores)
    neighbours = [object_id for object_id, _ in candidates[:AGREEMENT_OF]]
    if AGREEMENT_WEIGHTED:
        weights = {n: own.get(n, 0.0) for n in neighbours}
    else:
        weights = dict.fromkeys(neighbours, 1.0)
    total = sum(weights.values())
    for neighbour in neighbours:
        if neighbour not in profiles or not total:
            continue
        share = AGREEMENT * weights[neighbour] / total
        for object_id, score in profiles[neighbour].relative().items():
            scores[object_id] = scores.get(object_id, 0.0) + share * score
    own[source.object_id] = 1.0
    own_norm = math.sqrt(sum(w * w for w in own.values()))
    for object_id in list(scores):
        profile = profiles.get(object_id)
        theirs = profile.relative() if profile is not None else None
        if not theirs:
            continue
        mutual = theirs.get(source.object_id)
        if mutual:
            scores[object_id] += MUTUAL * mutual
        if SHARED:
            scores[object_id] += SHARED * _overlap(own, own_norm, profile)
    scores.pop(source.object_id, None)
    return scores


def rerank(
    source: Profile,
    candidates: list[tuple[str, float]],
    profiles: dict[str, Profile],
    *,
    limit: int = STORED,
    recency: float,
    recency_days: float,
) -> list[tuple[str, float]]:
    """Return up to ``limit`` (object id, score), best first, one per story.

    Candidates are the source's index matches and its neighbours' (see
    ``_with_agreement``). A candidate that is a near copy of the source, or of a
    candidate ranked above it, is left out.
    """
    scored = []
    source_tags = set(source.tags)
    for object_id, score in _with_agreement(source, candidates, profiles).items():
        profile = profiles.get(object_id) or Profile(object_id)
        factor = time_factor(
            source.published_at,
            profile.published_at,
            weight=recency,
            half_life_days=recency_days,
        )
        if source.section and profile.section == source.section:
            factor += SECTION_BONUS
        factor += TAG_BONUS * len(source_tags.intersection(profile.tags))
        scored.append((score * factor, object_id))
    scored.sort(key=lambda item: (-item[0], item[1]))
    chosen: list[tuple[str, float]] = []
    kept = [source.signature] if source.signature else []
    for score, object_id in scored:
        signature = profiles.get(object_id, Profile(object_id)).signature
        if signature and any(
            minhash.similarity(signature, other) >= LIST_COPY_SIMILARITY
            for other in kept
        ):
            continue
        chosen.append((object_id, round(score, 4)))
        if signature:
            kept.append(signature)
        if len(chosen) >= limit:
            break
    return chosen
