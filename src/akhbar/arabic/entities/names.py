"""Name-like words and the run of them that makes one name.

A "name-like" word is Arabic, not a stopword and rare in news text (see
data/lexicon.tsv), or a known name. Every rule that takes unknown words for
a name (after a title, a head, a first name, a verb of saying) reads them
with :func:`name_span`.
"""

from .. import resources
from ..lexicon import CLITIC_ARTICLES, NAME_LINKS, is_content_word, is_nisba

__all__ = ["COMMON_COUNT", "MAX_NAME_WORDS", "is_name_like", "name_span"]

COMMON_COUNT = 25
"""A word seen this often in news text is a common word, not a name."""

MAX_NAME_WORDS = 3
"""Words of a name found by the rules, links (بن, أبو) not counted."""

# An indefinite word whose definite form is seen this often is a common noun.
_DEFINITE_COMMON = 3


def is_name_like(word, gazetteer):
    """True for a normalised word that may be part of a name (see above)."""
    if not is_content_word(word):
        return False
    if word in gazetteer.person_words:
        return True
    if not ("\u0621" <= word[0] <= "\u064a") or word.startswith(CLITIC_ARTICLES):
        return False
    return resources.lexicon().get(word, 0) < COMMON_COUNT


def name_span(doc, i, gazetteer, limit=MAX_NAME_WORDS):
    """Return the end index of name-like words from ``i`` (``i`` if none).

    Links (بن, أبو, عبد, آل) do not count towards ``limit``, so "محمد بن راشد
    آل مكتوم" is one name. Words after the first must also pass
    ``_continues_name``, which turns away verbs and common nouns.
    """
    j = i
    words = 0
    n = len(doc.norms)
    while j < n and words < limit + 1:
        word = doc.norms[j]
        if word in NAME_LINKS and j + 1 < n and doc.joined[j]:
            j += 1
            continue
        if not is_name_like(word, gazetteer) or is_nisba(word):
            break
        if j > i and not _continues_name(word, gazetteer):
            break
        j += 1
        words += 1
        if not doc.joined[j - 1]:
            break
    while j > i and doc.norms[j - 1] in NAME_LINKS:
        # A link ends no name: "محمد بن" before an unknown word is "محمد".
        j -= 1
    return j


def _continues_name(word, gazetteer):
    """True if ``word`` may follow a name word inside the same name.

    Known names always may. Otherwise an imperfect verb (يكتب, يرفع) or an
    indefinite noun whose definite form is common in news (غطاء: الغطاء,
    محادثات: المحادثات) ends the name.
    """
    if word in gazetteer.person_words:
        return True
    if word.startswith(("ي", "لا", "لل")) and len(word) > 3:
        return False
    return resources.lexicon().get("ال" + word, 0) < _DEFINITE_COMMON
