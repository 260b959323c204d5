"""Synthetic news stories recombined from sentences of the ANT corpus.

Shared by the benchmarks that need more articles than ANT has
(bench/search_speed.py, bench/related_scale.py): a headline, a standfirst and
5-12 body sentences each, with a fixed seed, so that two runs build the same
articles.
"""

import datetime
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

ANT = Path("/work/shared/data/ant-news/ant_v1.1.jsonl")
SEED = 20250101
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+|\n+")


def ant_records(path=ANT) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def sentences_of(records) -> list[str]:
    """Every sentence of five words or more in the records' bodies."""
    out = []
    for record in records:
        for sentence in _SENTENCE_END.split(record.get("body") or ""):
            sentence = " ".join(sentence.split())
            if len(sentence.split()) >= 5:
                out.append(sentence)
    return out


@dataclass
class Story:
    number: int
    headline: str
    standfirst: str
    paragraphs: list[str]
    published_at: datetime.datetime
    # Small integers standing for a section and an author.
    section: int = 0
    author: int = 0
    extra: dict = field(default_factory=dict)


def synthetic_stories(count, sentences, seed=SEED):
    """Yield ``count`` stories recombined from ``sentences``, one every seven
    minutes from 2016-01-01."""
    rng = random.Random(seed)
    start = datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC)
    for i in range(count):
        words = rng.choice(sentences).split()
        headline = " ".join(words[: rng.randint(6, 12)])
        standfirst = rng.choice(sentences)
        paragraphs = [rng.choice(sentences) for _ in range(rng.randint(5, 12))]
        yield Story(
            number=i + 1,
            headline=headline,
            standfirst=standfirst,
            paragraphs=paragraphs,
            published_at=start + datetime.timedelta(minutes=7 * i),
            section=rng.randint(1, 9),
            author=rng.randint(1, 60),
        )


def synthetic_articles(count, sentences, seed=SEED):
    """Yield ``count`` search IndexDocuments of ``synthetic_stories``."""
    from akhbar.search.backends import IndexDocument

    for story in synthetic_stories(count, sentences, seed):
        yield IndexDocument(
            kind="article",
            object_id=str(story.number),
            headline=story.headline,
            standfirst=story.standfirst,
            body="\n".join(story.paragraphs),
            published_at=story.published_at,
            facets=[("section", str(story.section)), ("author", str(story.author))],
        )
