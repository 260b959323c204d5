"""Normalisation of Arabic text for matching (search, similarity, entities).

The output is for comparison only and is never shown to readers: it merges
spellings that writers use interchangeably, at the cost of a few real
distinctions, because a reader searching "احمد" expects to find "أحمد".
"""

import unicodedata

from ._chars import STRIP_TABLE, TO_WESTERN_DIGITS

__all__ = ["normalize", "strip_marks"]

# Letter foldings, each chosen because writers (and keyboards) mix the forms:
# - أ إ آ ٱ → ا: hamza on or under alef, madda and wasla are often omitted.
# - ى → ي: alef maqsura and final ya are swapped, Egyptian style drops the dots.
# - ة → ه: ta marbuta is written as ha in much online copy; this merges the rare
#   pairs that differ only there (e.g. a feminine noun and a pronoun suffix),
#   which the stemmer strips anyway.
# - ؤ → و and ئ → ي: the hamza seat is spelt inconsistently; lone ء is kept.
# - Persian kaf and ya (ک ی) → Arabic ك ي: pasted text from Persian keyboards.
_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "ک": "ك",
    "ی": "ي",
    "ې": "ي",
}
_TABLE = {**STRIP_TABLE, **TO_WESTERN_DIGITS, **{ord(k): v for k, v in _FOLD.items()}}


def _needs_nfkc(text):
    # NFKC only matters for presentation forms, full-width and compatibility
    # characters; skipping it for plain text keeps normalisation fast.
    return not unicodedata.is_normalized("NFKC", text)


def normalize(text: str) -> str:
    """Return ``text`` folded for matching.

    Applies NFKC (so presentation-form ligatures become letters), removes
    diacritics (harakat, tanween, shadda, sukun, superscript alef, Quranic
    marks), tatweel and bidi/zero-width controls, folds alef forms to ا, ى to ي,
    ة to ه, ؤ to و and ئ to ي, turns Arabic-Indic and Persian digits into ASCII
    and casefolds Latin. Word boundaries and punctuation are left alone.
    """
    if _needs_nfkc(text):
        text = unicodedata.normalize("NFKC", text)
    text = text.translate(_TABLE)
    return text if text.isascii() and text.islower() else text.casefold()


def strip_marks(text: str) -> str:
    """Remove diacritics, tatweel and invisible controls only, keeping letters."""
    return text.translate(STRIP_TABLE)
