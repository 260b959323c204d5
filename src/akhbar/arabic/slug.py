"""Unicode slugs for Arabic (and mixed) headlines.

Slugs stay in Arabic script: transliteration produces ambiguous Latin that no
reader types, while browsers display percent-encoded UTF-8 paths as Arabic.
"""

import re
import unicodedata
from urllib.parse import quote

from ._chars import STRIP_TABLE, TO_WESTERN_DIGITS

__all__ = ["slugify"]

# Letters and digits of any script; underscore is excluded because it is a word
# character for the regex engine but a separator for a reader.
_WORD_RE = re.compile(r"[^\W_]+")


def _encoded_len(text):
    return len(quote(text, safe=""))


def slugify(text: str, max_bytes: int = 200) -> str:
    """Return a URL slug for ``text``, keeping Arabic script.

    Diacritics, tatweel, punctuation and invisible bidi/zero-width controls are
    dropped, Latin is lowercased, digits become ASCII (shorter once
    percent-encoded, and typed the same way on every keyboard), and words are
    joined with "-". The percent-encoded UTF-8 form is at most ``max_bytes``
    long: whole words are kept while they fit, and only a first word that does
    not fit alone is cut, between characters. Return "" when nothing usable is
    left so the caller can choose a fallback such as the page id.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(STRIP_TABLE)
    text = text.translate(TO_WESTERN_DIGITS).lower()
    words = _WORD_RE.findall(text)
    parts = []
    used = 0
    for word in words:
        cost = _encoded_len(word) + (1 if parts else 0)
        if used + cost <= max_bytes:
            parts.append(word)
            used += cost
            continue
        if not parts:
            parts.append(_cut_word(word, max_bytes))
        break
    return "-".join(parts)


def _cut_word(word, max_bytes):
    """Return the longest prefix of ``word`` whose encoded form fits."""
    out = []
    used = 0
    for char in word:
        cost = _encoded_len(char)
        if used + cost > max_bytes:
            break
        out.append(char)
        used += cost
    return "".join(out)
