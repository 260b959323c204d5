"""Stopwords: function words and news fillers left out of search and similarity.

The list lives in data/stopwords.txt so that editors can extend it without
touching code.
"""

from .resources import DATA_DIR, stopwords

__all__ = ["STOPWORDS_FILE", "is_stopword", "stopwords"]

STOPWORDS_FILE = DATA_DIR / "stopwords.txt"


def is_stopword(word: str) -> bool:
    """Return True if the normalised ``word`` is a stopword."""
    return word in stopwords()
