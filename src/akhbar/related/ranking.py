"""How candidates from the search index become a related list.

The search index gives candidates by content ("more like this": the story's
analysed terms with BM25F weights, entity names weighing more than plain
words). This module re-weighs them by weak signals (same section, shared tags),
by closeness in time, and drops near copies: of the story itself, and of a
story already in the list.
"""

import datetime
from dataclasses import dataclass, field

from . import minhash

# A term found among the story's entity names weighs this many times a plain
# word of the same BM25F weight: people, places and organisations say what a
# story is about more than most of its words.
ENTITY_BOOST = 2.0
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
# Estimated Jaccard similarity of body shingles from which two texts are copies.
DUPLICATE_SIMILARITY = 0.5


@dataclass
class Profile:
    """What the re-ranking needs of one story."""

    object_id: str
    published_at: datetime.datetime | None = None
    section: str = ""
    tags: list[str] = field(default_factory=list)
    signature: bytes = b""


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

    A candidate that is a near copy of the source, or of a candidate ranked
    above it, is left out.
    """
    scored = []
    source_tags = set(source.tags)
    for object_id, score in candidates:
        if object_id == source.object_id:
            continue
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
            minhash.similarity(signature, other) >= DUPLICATE_SIMILARITY
            for other in kept
        ):
            continue
        chosen.append((object_id, round(score, 4)))
        if signature:
            kept.append(signature)
        if len(chosen) >= limit:
            break
    return chosen
