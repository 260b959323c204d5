"""How candidates from the search index become a related list.

The search index gives candidates by content ("more like this": the story's
analysed terms with BM25F weights, entity names weighing more than plain
words). This module re-weighs them by weak signals (same section, shared tags),
by closeness in time, and drops near copies: of the story itself, and of a
story already in the list.
"""

import datetime
import math
import operator
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
# The source's best matches whose lists vote for a candidate ("agreement").
AGREEMENT_OF = 10
# A candidate's score: the weighed sum of its FEATURES (below), every one read
# from the stored candidate lists. Set by hand (shared 2 raised P@5 on ANT from
# 0.7280 to 0.7309); weights fitted on the tuning half of ANT by
# bench/related_fit.py (refit there) did no better on the held-out half, nor
# did eight more list features, the tf-idf cosine of whole texts or of
# headlines, a third step of agreement or a penalty for hubs: 0.729-0.732.
WEIGHTS = {"score": 1.0, "agreement": 1.0, "mutual": 0.5, "shared": 2.0}
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


# What a candidate is scored on, each read from the stored candidate lists
# alone (no text, no section, so generic to any corpus):
# score      its index score for the source, divided by the source's best;
# agreement  the mean of that relative score in the lists of the source's
#            AGREEMENT_OF best matches (pseudo-relevance feedback: a candidate
#            the source's best matches also find is about the same subject);
# mutual     the source's relative score in the candidate's own list;
# shared     the cosine of the two lists, each story at the top of its own: two
#            stories whose matches are the same stories are on one subject
#            even when they share few words.
FEATURES = ("score", "agreement", "mutual", "shared")


def candidate_features(
    source: Profile, candidates, profiles: dict[str, Profile]
) -> dict[str, tuple[float, ...]]:
    """FEATURES of every candidate, by object id: the source's own candidates
    and its best matches' (the source itself left out). ``profiles`` holds the
    stored profiles of as many of them as are known."""
    own = _relative(candidates)
    agreement: dict[str, float] = {}
    neighbours = [object_id for object_id, _ in candidates[:AGREEMENT_OF]]
    for neighbour in neighbours:
        if neighbour not in profiles:
            continue
        share = 1.0 / len(neighbours)
        for object_id, score in profiles[neighbour].relative().items():
            agreement[object_id] = agreement.get(object_id, 0.0) + share * score
    with_source = dict(own)
    with_source[source.object_id] = 1.0
    own_norm = math.sqrt(sum(w * w for w in with_source.values()))
    found = {}
    for object_id in dict.fromkeys([*own, *agreement]):
        if object_id == source.object_id:
            continue
        profile = profiles.get(object_id)
        mutual = shared = 0.0
        if profile is not None and profile.relative():
            mutual = profile.relative().get(source.object_id, 0.0)
            shared = _overlap(with_source, own_norm, profile)
        found[object_id] = (
            own.get(object_id, 0.0),
            agreement.get(object_id, 0.0),
            mutual,
            shared,
        )
    return found


def _scores(source: Profile, candidates, profiles) -> dict[str, float]:
    """Each candidate's weighed sum of its FEATURES (WEIGHTS)."""
    weights = [WEIGHTS.get(name, 0.0) for name in FEATURES]
    found = candidate_features(source, candidates, profiles)
    return {
        object_id: sum(map(operator.mul, weights, values))
        for object_id, values in found.items()
    }


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
    ``candidate_features``). A candidate that is a near copy of the source, or of a
    candidate ranked above it, is left out.
    """
    scored = []
    source_tags = set(source.tags)
    for object_id, score in _scores(source, candidates, profiles).items():
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
