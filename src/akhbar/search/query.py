"""Parsing of what readers type: quoted phrases and free words."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from akhbar.arabic.search_terms import content_words, query_words, word_forms

from . import ranking
from .entities import entity_term, spelled_otherwise
from .ranking import query_term_weights

# Straight, guillemet and curly quotes: Arabic keyboards offer all three.
_PHRASE_RE = re.compile(r'"([^"]*)"|«([^»]*)»|“([^”]*)”')
# Long pasted texts are cut: a query of more words than this is not a question.
MAX_QUERY_CHARS = 500
# Question words as readers mistype them (ذ typed as د, a dialect's مين): put
# right, so that they are dropped as the question words and stopwords they are
# rather than searched as rare words that only a typo shares. None is a word of
# its own in news text.
MISSPELT_QUESTION_WORDS = {
    "مادا": "ماذا",
    "لمادا": "لماذا",
    "بمادا": "بماذا",
    "مين": "من",
    "مند": "منذ",
    "الدي": "الذي",
    "اللتي": "التي",
    "اللتى": "التي",
}
_MISSPELT_RE = re.compile(r"(?<![\w])(%s)(?![\w])" % "|".join(MISSPELT_QUESTION_WORDS))
# "ما" or "ماذا" glued to the next word (ماالاسم, ماذايحدث): no word begins
# with ماال, nor with ماذا and more letters.
_GLUED_RE = re.compile(r"(?<![\w])(ما|ماذا)(?=ال\w\w)|(?<![\w])(ماذا)(?=\w\w)")


# Letters readers type for one another (normal forms): ض/ظ, ت/ث/ط, س/ص, د/ذ/ز.
_CONFUSED = ("ضظ", "تثط", "سص", "دذز")
# Neighbouring keys of a row of the Arabic keyboard (normal forms: ى, ئ and ة
# are typed as ي, ي and ه), which a finger slides onto (قطاه for قطاع, جدود
# for حدود, يباغ for يبلغ).
_KEY_ROWS = ("ضصثقفغعهخحجد", "شسيبلاتنمكط", "يءورلايهوزظ")
# A bare hamza typed for one on its seat (قاءد for قائد).
_HAMZA_SEATS = {"ء": "اوي"}


def _swaps() -> dict[str, str]:
    swaps: dict[str, set] = {}
    for group in _CONFUSED:
        for letter in group:
            swaps.setdefault(letter, set()).update(group.replace(letter, ""))
    for row in _KEY_ROWS:
        for left, right in zip(row, row[1:], strict=False):
            if left != right:
                swaps.setdefault(left, set()).add(right)
                swaps.setdefault(right, set()).add(left)
    for letter, seats in _HAMZA_SEATS.items():
        swaps.setdefault(letter, set()).update(seats)
    return {letter: "".join(sorted(others)) for letter, others in swaps.items()}


_SWAPS = _swaps()
# A word of this many letters or more may have one typed twice or astray
# (الفاتتحين, بالجيكيا); a shorter word without a letter is another word.
RESPELL_DROP_LETTERS = 5
RESPELL_TRANSPOSE = True


@dataclass
class ParsedQuery:
    weights: dict[str, float]
    stems: list[str]
    phrases: list[list[str]]
    # The query's words (normal forms) with search terms, in the order of stems.
    words: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.weights)


def phrase_stems(text: str) -> list[str]:
    """Return the light stems of the content words of a phrase, in order."""
    stems = []
    for word, _, _ in content_words(text):
        forms = word_forms(word)
        if forms:
            stems.append(forms[0][1])
    return stems


def mend_question_words(text: str) -> str:
    """``text`` with its mistyped and glued question words put right
    ("بمادا يلقب" -> "بماذا يلقب", "ماالاسم" -> "ما الاسم")."""
    text = _GLUED_RE.sub(lambda m: (m.group(1) or m.group(2)) + " ", text)
    return _MISSPELT_RE.sub(lambda m: MISSPELT_QUESTION_WORDS[m.group(1)], text)


def respellings(word: str) -> list[str]:
    """Words one typing slip away from the normalised ``word``: a letter
    swapped for one readers confuse it with, or (in a long word) one letter
    dropped."""
    found = []
    for i, letter in enumerate(word):
        found += [word[:i] + other + word[i + 1 :] for other in _SWAPS.get(letter, "")]
    if RESPELL_TRANSPOSE:
        found += [
            word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            for i in range(len(word) - 1)
            if word[i] != word[i + 1]
        ]
    if len(word) >= RESPELL_DROP_LETTERS:
        found += [word[:i] + word[i + 1 :] for i in range(len(word))]
    return [w for w in dict.fromkeys(found) if w != word]


def respelled_words(
    parsed: ParsedQuery, frequencies: Callable[[list[str]], dict[str, int]]
) -> list[str]:
    """The likeliest respelling of each query word that no document holds.

    ``frequencies(terms)`` gives the number of documents that hold each term.
    A word no document holds can add nothing to a search as typed, so its
    respelling costs no precision: of the words one slip away, the one whose
    light stem the most documents hold (بالصرطان -> بالسرطان, الاظطراب ->
    الاضطراب). Measured on the dev set (bench/search_quality.py): about 0.3
    points of nDCG@10, on both halves of the questions; respelling words that a
    few documents hold too lost on one half what it gained on the other.
    """
    known = frequencies(parsed.stems)
    chosen = []
    for word, stem in zip(parsed.words, parsed.stems, strict=True):
        if known.get(stem):
            continue
        # The stem must change by the same slip: a respelling that stems to
        # another word (بوتن -> بوطن, stemmed وطن) is not what was meant.
        slips = set(respellings(stem))
        candidates = {}
        others = respellings(word)
        if any(not word_forms(other) for other in others):
            # One slip from a question word or stopword (كتى for متى, ابتي
            # for التي): that is what was typed, and it names no topic.
            continue
        for other in others:
            forms = word_forms(other)
            if forms and forms[0][1] in slips:
                candidates.setdefault(forms[0][1], other)
        counts = frequencies(list(candidates))
        best = max(candidates, key=lambda s: counts.get(s, 0), default=None)
        if best is not None and counts.get(best, 0):
            chosen.append(candidates[best])
    return chosen


def search_words(text: str) -> list[str]:
    """The words of a reader's query that a search looks for, normalised.

    Empty when the query holds only question words and stopwords (ماذا,
    «لمادا؟», «في من»): such a query can find nothing, and a reader is told so
    rather than shown an empty list of results.
    """
    plain = mend_question_words((text or "")[:MAX_QUERY_CHARS])
    return [word for word in query_words(plain) if word_forms(word)]


def parse_query(text: str) -> ParsedQuery:
    """Split a query into ranked terms and required phrases.

    Every word ranks, quoted or not; a quoted phrase of two words or more must
    also appear as such (adjacent content words) in a result.
    """
    text = (text or "")[:MAX_QUERY_CHARS]
    phrases = []
    for match in _PHRASE_RE.finditer(text):
        stems = phrase_stems(next(g for g in match.groups() if g is not None))
        if len(stems) > 1:
            phrases.append(stems)
    plain = _PHRASE_RE.sub(lambda m: " %s " % m.group(0).strip('"«»“”'), text)
    plain = mend_question_words(plain)
    weights, stems = query_term_weights(plain)
    if weights and settings.AKHBAR_SEARCH_INDEX_ENTITIES and ranking.ENTITY_WEIGHT:
        # The entities the query names in another spelling, by their id.
        for name in spelled_otherwise(plain):
            term = entity_term(name)
            weights[term] = weights.get(term, 0.0) + ranking.ENTITY_WEIGHT
    words = [word for word in query_words(plain) if word_forms(word)]
    return ParsedQuery(weights=weights, stems=stems, phrases=phrases, words=words)
