"""Light stemmer for normalised Arabic words.

Light stemming removes clitics and inflectional affixes without reducing words
to roots: root extraction merges too much (كتاب, مكتب, كاتب) for news search and
mangles foreign names. Three things keep it from over-stemming:

* Proper names and places are protected (data/protected.txt, person names
  from the transliteration list, and places with their nisba adjectives from
  data/nisba.tsv, which also map سوري/السورية/السوريين to سوريا).
* A one-letter proclitic (و ف ب ك ل) is removed only when the rest of the word
  is an attested word that is not much rarer than the whole (data/lexicon.tsv,
  word counts from a news corpus): وقال → قال, but وزير stays وزير because زير
  is rare, and برنامج stays because رنامج never occurs.
* Suffixes are removed only while at least three letters remain.

Input must already be normalised with :func:`akhbar.arabic.normalize`.
"""

from functools import lru_cache

from . import caches, resources

__all__ = ["stem"]

# Proclitic clusters containing the article, longest first. "لل" is ل + ال
# with the alef dropped, as Arabic spelling requires.
_ARTICLE_PREFIXES = (
    "وبال", "وكال", "فبال", "فكال", "وال", "فال", "بال", "كال",
    "ولل", "فلل", "لل", "ال",
)  # fmt: skip
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ك", "ل")
# Pronoun suffixes (outermost), then number/gender/nisba suffixes.
_PRONOUN_SUFFIXES = ("هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ه")
_SUFFIXES = (
    "يين", "يون", "يات", "ات", "ون", "ين", "ان", "يه", "يا", "ه", "ي", "ا",
)  # fmt: skip
# Plural and dual endings that also end many stems (تعاون, حسين, بيان) need a
# longer remainder before they are removed.
_LONG_SUFFIXES = frozenset(("ون", "ين", "ان", "يا", "ا"))
_MIN_STEM = 3
# A proclitic is removed when the remainder occurs at least this often in the
# lexicon and at least 1/_RATIO as often as the whole word.
_MIN_COUNT = 3
_RATIO = 10


def _strip_article(word, protected, lexicon):
    """Return (word without article cluster, protected stem or None).

    A bare "ال" before ت is kept when the word is attested and the rest is
    not: in التزام or التقاء (form VIII of a root starting with ل) the letters
    belong to the stem.
    """
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            rest = word[len(prefix) :]
            hit = protected.get(rest) or protected.get("ال" + rest)
            if hit:
                return rest, hit
            if (
                prefix == "ال"
                and rest[0] == "ت"
                and lexicon.get(word, 0) >= _MIN_COUNT
                and lexicon.get(rest, 0) < _MIN_COUNT
            ):
                return word, None
            return rest, None
    return word, None


def _strip_one_letter(word, candidates, protected, lexicon):
    """Remove one letter from ``candidates`` if the rest is a likelier word."""
    if len(word) < _MIN_STEM + 1 or word[0] not in candidates:
        return word, None
    rest = word[1:]
    hit = protected.get(rest)
    if hit:
        return rest, hit
    if rest.startswith("ال"):
        return rest, None
    whole = lexicon.get(word, 0)
    part = lexicon.get(rest, 0)
    if part >= _MIN_COUNT and part * _RATIO >= whole:
        return rest, None
    # An unattested word after و or ف is far more often a conjunction plus an
    # inflected word (ووحدتها) than a new word; ب ك ل are less reliable.
    if whole < _MIN_COUNT and len(rest) >= 4 and word[0] in _CONJUNCTIONS:
        return rest, None
    return word, None


def _strip_suffixes(word, protected):
    for group, suffixes in enumerate((_PRONOUN_SUFFIXES, _SUFFIXES)):
        for suffix in suffixes:
            minimum = _MIN_STEM + (suffix in _LONG_SUFFIXES)
            if word.endswith(suffix) and len(word) - len(suffix) >= minimum:
                rest = word[: -len(suffix)]
                if group == 0 and rest.endswith("ت") and len(rest) > _MIN_STEM:
                    # Ta marbuta is written ت before a pronoun: حكومته.
                    rest = rest[:-1] + "ه"
                hit = protected.get(rest)
                if hit:
                    return hit
                # At most one suffix per group: a second "ه" or "ي" would
                # usually be part of the stem.
                word = rest
                break
    return word


@lru_cache(maxsize=caches.WORDS)
def stem(word: str) -> str:
    """Return the light stem of a normalised word.

    Proclitics (و ف ب ك ل, the article and clusters such as وال بال لل) and
    suffixes (pronouns ها هم كم نا ..., then ات ون ين ان يه ه ي ...) are
    removed, leaving at least three letters. Protected names come back whole
    (بشار, بوتين, دمشق); places and their adjectives share the place as stem
    (لسوريا, السورية, والسوريين → سوريا). Words that are not Arabic come back
    unchanged.
    """
    protected = resources.protected_stems()
    hit = protected.get(word)
    if hit:
        return hit
    if len(word) <= _MIN_STEM or not ("\u0621" <= word[0] <= "\u064a"):
        return word
    lexicon = resources.lexicon()
    core, hit = _strip_one_letter(word, _CONJUNCTIONS, protected, lexicon)
    if hit:
        return hit
    rest, hit = _strip_article(core, protected, lexicon)
    if hit:
        return hit
    if len(rest) == len(core):
        # No article cluster: try ب ك ل, which may itself precede the article.
        rest, hit = _strip_one_letter(core, _PREPOSITIONS, protected, lexicon)
        if hit:
            return hit
        if len(rest) < len(core):
            rest, hit = _strip_article(rest, protected, lexicon)
            if hit:
                return hit
    core = rest
    hit = protected.get(core)
    if hit:
        return hit
    return _strip_suffixes(core, protected)
