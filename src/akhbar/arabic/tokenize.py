"""Tokeniser for Arabic news text mixed with Latin, digits and web artefacts.

Offsets always point into the original text, so callers can highlight or link
the exact characters a token came from even though matching uses the
normalised form.
"""

import re
from typing import NamedTuple

from ._chars import IGNORABLE_CLASS

__all__ = [
    "ARABIC_LETTER_CLASS",
    "DIGIT_CLASS",
    "IGNORABLE_CLASS",
    "TOKEN_PATTERN",
    "Token",
    "iter_tokens",
    "tokenize",
    "word_tokens",
]


class Token(NamedTuple):
    """A token with its character offsets into the original text."""

    text: str
    start: int
    end: int
    kind: str  # arabic, latin, number, url, hashtag, mention, email


ARABIC_LETTER_CLASS = (
    "\u0621-\u063a\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06ee-\u06ef"
    "\u06fa-\u06ff\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdff\ufe70-\ufefc"
)
"""Arabic letters (base block, supplement, extended-A and presentation forms),
as a character class body without brackets. Diacritics, tatweel and invisible
controls (:data:`IGNORABLE_CLASS`) may sit inside a word but do not start one."""

DIGIT_CLASS = "0-9\u0660-\u0669\u06f0-\u06f9"
"""Western, Arabic-Indic and Persian digits, as a character class body."""

# Characters that may not end a URL: sentence punctuation right after a link
# belongs to the sentence.
_URL_TAIL = r"""[^\s<>"'«»،؛؟.,;:!?)\]}]"""

TOKEN_PATTERN = re.compile(
    rf"""
    (?P<url>(?:https?://|www\.)[^\s<>"'«»]*{_URL_TAIL})
  | (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
  | (?P<mention>(?<![\w@])@\w+)
  | (?P<hashtag>\#[\w{IGNORABLE_CLASS}]+)
  | (?P<number>[{DIGIT_CLASS}]+(?:[.,\u066b\u066c][{DIGIT_CLASS}]+)*)
  | (?P<arabic>[{ARABIC_LETTER_CLASS}][{ARABIC_LETTER_CLASS}{IGNORABLE_CLASS}]*)
  | (?P<latin>[^\W\d_{ARABIC_LETTER_CLASS}\u0640]
        (?:[^\W_{ARABIC_LETTER_CLASS}\u0640]|['’\-](?=[^\W\d_]))*)
    """,
    re.VERBOSE,
)
"""The tokeniser's pattern: one named group per token kind (see :func:`tokenize`),
the matched group's name is the kind."""


def iter_tokens(text: str):
    """Yield the tokens of ``text`` lazily; see :func:`tokenize`."""
    for match in TOKEN_PATTERN.finditer(text):
        start, end = match.span()
        yield Token(match.group(), start, end, match.lastgroup)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with offsets into the original string.

    Kinds: "arabic" (a word, diacritics and tatweel included), "latin" (any
    other alphabet, digits allowed after the first letter as in "COP29"),
    "number" (with decimal/thousand separators, any digit script), "url",
    "email", "hashtag" (#سوريا_الجديدة) and "mention". An Arabic word glued to
    digits ("كوفيد19") gives two tokens; punctuation, Arabic included (، ؛ ؟ « »),
    gives none.
    """
    return [
        Token(m.group(), m.start(), m.end(), m.lastgroup)
        for m in TOKEN_PATTERN.finditer(text)
    ]


_WORD_KINDS = frozenset(("arabic", "latin"))


def word_tokens(text: str) -> list[Token]:
    """Return the word tokens ("arabic" and "latin") of ``text``."""
    return [
        Token(m.group(), m.start(), m.end(), kind)
        for m in TOKEN_PATTERN.finditer(text)
        if (kind := m.lastgroup) in _WORD_KINDS
    ]
