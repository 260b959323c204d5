"""Analysis chain for search indexing and similarity: tokenise, normalise,
drop stopwords, stem."""

from functools import lru_cache

from . import caches
from .normalize import normalize
from .resources import stopwords
from .stem import stem
from .tokenize import iter_tokens

__all__ = ["analyze", "analyze_with_offsets", "analyze_word"]

# Kinds that carry no searchable word.
_SKIPPED_KINDS = frozenset(("url", "email"))


@lru_cache(maxsize=caches.WORDS)
def analyze_word(surface: str) -> str | None:
    """Return the stem of one surface token, or None if it is a stopword.

    Cached on the surface form: news text repeats words heavily, so most
    tokens cost one dictionary lookup.
    """
    word = normalize(surface)
    if word in stopwords() or not word:
        return None
    if word[0] == "#" or word[0] == "@":
        word = word[1:].replace("_", " ")
        return " ".join(stem(part) for part in word.split()) or None
    return stem(word)


def analyze(text: str) -> list[str]:
    """Return the stems of the content words of ``text``, in order.

    URLs and e-mail addresses are skipped; hashtags and mentions are analysed
    as the words they spell (#سوريا_الجديدة → "سوريا جديد").
    """
    out = []
    for token in iter_tokens(text):
        if token.kind in _SKIPPED_KINDS:
            continue
        result = analyze_word(token.text)
        if result:
            out.append(result)
    return out


def analyze_with_offsets(text: str):
    """Yield ``(stem, start, end)`` per content word, offsets into ``text``."""
    for token in iter_tokens(text):
        if token.kind in _SKIPPED_KINDS:
            continue
        result = analyze_word(token.text)
        if result:
            yield result, token.start, token.end
