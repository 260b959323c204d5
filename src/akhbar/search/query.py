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
    weights, stems = query_term_weights(plain)
    if weights and settings.AKHBAR_SEARCH_INDEX_ENTITIES and ranking.ENTITY_WEIGHT:
        # The entities the query names in another spelling, by their id.
        for name in spelled_otherwise(plain):
            term = entity_term(name)
            weights[term] = weights.get(term, 0.0) + ranking.ENTITY_WEIGHT
    return ParsedQuery(weights=weights, stems=stems, phrases=phrases)
