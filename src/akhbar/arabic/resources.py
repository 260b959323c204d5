"""Lazily loaded word lists shipped in ``akhbar/arabic/data``.

Loaded on first use and cached for the process, so importing the package stays
cheap and tests that never stem never read the files.
"""

from functools import cache
from pathlib import Path

from .normalize import normalize
from .wordtable import WordTable

DATA_DIR = Path(__file__).resolve().parent / "data"

__all__ = [
    "DATA_DIR",
    "lexicon",
    "lexicon_rows",
    "protected_stems",
    "read_fields",
    "read_lines",
    "stopwords",
]


def read_lines(path):
    """Yield the stripped, non-empty, non-comment lines of a UTF-8 file."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if line.strip() and not line.startswith("#"):
                yield line


def read_fields(path):
    """Yield the tab-separated fields of each line of ``path``, if it exists.

    For the optional tables of data/ (a checkout without them still runs).
    """
    if path.exists():
        for line in read_lines(path):
            yield line.split("\t")


@cache
def stopwords() -> frozenset:
    """Return the normalised stopwords from data/stopwords.txt."""
    return frozenset(
        normalize(w.strip()) for w in read_lines(DATA_DIR / "stopwords.txt")
    )


@cache
def lexicon() -> WordTable:
    """Return normalised word -> corpus count, from data/lexicon.tsv."""
    return WordTable(lexicon_rows())


def lexicon_rows():
    """Yield (normalised word, corpus count) of data/lexicon.tsv."""
    for line in read_lines(DATA_DIR / "lexicon.tsv"):
        word, _, count = line.partition("\t")
        yield word, int(count)


# Endings a nisba adjective in ي takes: feminine (سوريه), plurals (سوريين,
# سوريون, سوريات), the indefinite accusative (لاعبا فرنسيا) and the dual
# (مواطنان فرنسيان). A form that is itself a place (روسي + ا is روسيا) keeps
# the place as its stem. On the dev set (bench/search_quality.py) the
# accusative lifts three questions that spell Belgium بلجيكيا: nDCG@10 0.8459
# -> 0.8488 (A 0.8363 -> 0.8421, B unchanged 0.8554).
_NISBA_SUFFIXES = ("ه", "ين", "ون", "ات", "ا", "ان")


@cache
def protected_stems() -> dict:
    """Return normalised surface -> stem for words the stemmer must not cut.

    Places map their adjectives to themselves (سوري, سوريه, سوريين → سوريا);
    names and other protected words map to themselves.
    """
    stems = {}
    stop = stopwords()
    for name in _person_names():
        if len(name) >= 4 and name not in stop:
            stems[name] = name
    for line in read_lines(DATA_DIR / "protected.txt"):
        word = normalize(line.strip())
        if " " not in word:
            stems[word] = word
    nisba = [
        (normalize(place.strip()), normalize(adjectives).split())
        for place, _, adjectives in (
            line.partition("\t") for line in read_lines(DATA_DIR / "nisba.tsv")
        )
    ]
    places = {place for place, _ in nisba}
    for place, adjectives in nisba:
        stems[place] = place
        for adjective in adjectives:
            stems[adjective] = place
            if adjective.endswith("ي"):
                for suffix in _NISBA_SUFFIXES:
                    if adjective + suffix not in places:
                        stems[adjective + suffix] = place
            if adjective.endswith("ه"):
                stems[adjective[:-1]] = place
    return stems


def _person_names():
    path = DATA_DIR / "person_names.txt"
    if not path.exists():
        return ()
    return [normalize(line.strip()) for line in read_lines(path)]
