"""Parsing of what readers type: quoted phrases and free words."""

import re
from dataclasses import dataclass

from django.conf import settings

from akhbar.arabic.search_terms import content_words, word_forms

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


@dataclass
class ParsedQuery:
    weights: dict[str, float]
    stems: list[str]
    phrases: list[list[str]]

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
    return ParsedQuery(weights=weights, stems=stems, phrases=phrases)
