"""Search terms: several analyses of each word, for recall without losing precision.

One analysis cannot serve every query. The light stem (:func:`stem`) joins
inflections (لسوريا, السورية → سوريا) but sometimes merges unrelated words (قبلة,
قبل); the surface form keeps them apart; a four-letter prefix of the stem and the
Snowball stem reach further (معارك, معركة; تأسيس, تأسست) at the risk of noise. A
search index that keeps all of them, each in its own namespace, lets ranking give
each its own weight and idf, so exact forms count most and looser forms only
break ties and rescue recall.

Questions carry words that say what kind of answer is wanted (متى, ماذا, ما هي)
but not what it is about; :func:`query_words` drops them, with the stopwords.
"""

import threading
from collections.abc import Iterator
from functools import lru_cache

import Stemmer

from . import caches
from .analyze import analyze_word
from .normalize import normalize
from .resources import protected_stems, stopwords
from .tokenize import iter_tokens

__all__ = [
    "ANALYSIS_VERSION",
    "FORM_TAGS",
    "QUESTION_WORDS",
    "content_words",
    "imperfect_as_masculine",
    "is_question_word",
    "query_words",
    "word_forms",
]

# The version of the analysis a search index is built with (``word_forms`` and
# the stems, stopwords and lexicons under it). The index is stamped with it when
# it is built; ``akhbar check`` warns (akhbar_search.W003) when the stamp differs,
# because queries analysed one way then miss documents analysed the other way
# until ``akhbar reindex``. Bump it with any change of the terms a word yields
# (tests/arabic/test_analysis_version.py keeps a fingerprint of them).
# 1: a present-tense ت written ي in the loose forms, nisba accusative and dual.
ANALYSIS_VERSION = 1

# Tags that namespace the analyses of a word in one term dictionary: the stem has
# none because it is the main analysis and the one shown by ``akhbar analyze``.
# None of these characters can occur inside a token.
STEM, BARE, PREFIX, ROOTISH, SURFACE = "", "=", ">", "~", "!"
FORM_TAGS = (STEM, BARE, PREFIX, ROOTISH, SURFACE)

# Letters of a stem kept for the prefix form: four keep most derived forms
# together (معارك/معركة, تأسيس/تأسست) while three merge too much.
_PREFIX_LETTERS = 4
# Terms longer than this are cut: no Arabic word is this long, and the index column
# has a fixed width.
MAX_TERM_LENGTH = 60
_ARTICLE_CLUSTERS = (
    "وبال",
    "وكال",
    "فبال",
    "فكال",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ال",
)

# Interrogatives and the words crowd-written questions glue to them (ماهو, بماذا).
# "من" and "ما" are already stopwords; these are not, because in running text
# several of them (كم, أي) are content words.
QUESTION_WORDS = frozenset(
    normalize(word)
    for word in (
        "ما ماذا متى أين اين من كم هل كيف لماذا ماهو ماهي ماهى هو هي هى أي اي "
        "بأي لأي وأي في_أي بماذا لماذا فماذا بمن لمن ممن عمن فيم بم لم ماذا_يعني "
        "كيفية مدى هل_يمكن أيهما أيها أيّ إلامَ علامَ"
    )
    .replace("_", " ")
    .split()
)
# A stray "ال" at the end of a crowd-written question is a typing artefact.
_NOISE = frozenset(("ال",))

_snowball = threading.local()


def _snowball_stemmer():
    # PyStemmer objects are not thread-safe: one per thread.
    stemmer = getattr(_snowball, "stemmer", None)
    if stemmer is None:
        stemmer = _snowball.stemmer = Stemmer.Stemmer("arabic")
    return stemmer


def imperfect_as_masculine(form: str) -> str:
    """``form`` with a leading ت written ي, if three letters or more.

    A present-tense verb agrees with its subject's gender by its first letter:
    تقع المدينة but يقع البلد, «ما الدول التي تحد سوريا» but «يحدها من الشمال».
    The looser forms (prefix and Snowball) of both then meet. A word whose ت
    is not that prefix (تعديل, the past tense تقدم) may meet another word (يقدم),
    but only in those forms: the light stem and the exact forms, which weigh
    more, keep them apart. Measured on the dev set with entities
    (bench/search_quality.py): nDCG@10 0.8459 -> 0.8504 (A 0.8363 -> 0.8391,
    B 0.8554 -> 0.8615), nine questions up and none down; the prefix form
    alone gives 0.8492, the Snowball form alone 0.8482, each up on both halves.
    """
    if len(form) >= 3 and form[0] == "ت":
        return "ي" + form[1:]
    return form


def is_question_word(word: str) -> bool:
    """Return True if the normalised ``word`` asks a question without naming a topic."""
    return word in QUESTION_WORDS


@lru_cache(maxsize=caches.WORDS)
def word_forms(word: str) -> tuple[tuple[str, str], ...]:
    """Return the tagged search terms of one normalised content word.

    Pairs of (tag, form): the light stem (tag ""), the word without its article
    and conjunction cluster ("="), the first four letters of the stem (">"), the
    Snowball stem ("~") and the normalised surface form ("!"). The prefix and
    Snowball forms of a word that is not a name write a present-tense ت as ي
    (``imperfect_as_masculine``: تحد and يحدها meet; تونس keeps its ت). Empty
    for stopwords. Terms are cut to MAX_TERM_LENGTH characters.
    """
    stemmed = analyze_word(word)
    if not stemmed:
        return ()
    bare = word
    for cluster in _ARTICLE_CLUSTERS:
        if word.startswith(cluster) and len(word) - len(cluster) >= 2:
            bare = word[len(cluster) :]
            break
    prefix = stemmed[:_PREFIX_LETTERS]
    rootish = _snowball_stemmer().stemWord(word)
    if protected_stems().get(stemmed) != stemmed:
        # A name (تونس, تامر) is no verb: its ت stays.
        prefix, rootish = (
            imperfect_as_masculine(prefix),
            imperfect_as_masculine(rootish),
        )
    forms = (
        (STEM, stemmed),
        (BARE, bare),
        (PREFIX, prefix),
        (ROOTISH, rootish),
        (SURFACE, word),
    )
    return tuple((tag, form[:MAX_TERM_LENGTH]) for tag, form in forms if form)


def content_words(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield ``(normalised word, start, end)`` for each content word of ``text``.

    URLs and e-mail addresses are skipped, and so are stopwords; hashtags and
    mentions give the words they spell.
    """
    stop = stopwords()
    for token in iter_tokens(text):
        if token.kind == "url" or token.kind == "email":
            continue
        word = normalize(token.text)
        if token.kind == "hashtag" or token.kind == "mention":
            # #سوريا_الجديدة is searched as the words it spells.
            for part in word[1:].split("_"):
                if part and part not in stop:
                    yield part, token.start, token.end
        elif word and word not in stop:
            yield word, token.start, token.end


def query_words(text: str) -> list[str]:
    """Return the normalised content words of a reader's query.

    Question words are dropped when something else is left ("متى ولد ابن
    خلدون" → ابن خلدون ولد), so a question and its keywords find the same
    articles; a query of question words only keeps them.
    """
    words = [word for word, _, _ in content_words(text)]
    kept = [w for w in words if w not in QUESTION_WORDS and w not in _NOISE]
    return kept or words
