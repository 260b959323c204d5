"""What a name in an entity list may be: rules applied when the lists are
built and again when they are loaded, so no list needs fixing line by line.

Lists derived from tagged corpora carry the corpus's tokenisation: quote
marks and brackets as words of their own (``" فور سيزونس``, ``صحيفة " المستقبل "``,
``GOL )``) and dates tagged as names (``14 اذار``). ``clean_listed_name`` drops
the stray punctuation; ``is_date_name`` tells a date from a name.
"""

import unicodedata

from ..dates import month_spellings
from ..normalize import normalize, strip_marks

__all__ = ["clean_listed_name", "is_date_name", "is_stray_punctuation"]

# Quote marks are typography around a name, never part of it.
_QUOTES = frozenset("\"'«»“”„‘’‚‹›")
_OPENING, _CLOSING = "([{", ")]}"
# Words a date is written with besides day numbers and month names: "14 من
# آذار", "الرابع عشر من آذار".
_DATE_WORDS = frozenset(
    normalize(word)
    for word in (
        "من و عشر عشرة الأول الحادي الثاني الثالث الرابع الخامس السادس "
        "السابع الثامن التاسع العاشر العشرين الثلاثين"
    ).split()
)


def _month_words() -> tuple[frozenset, frozenset]:
    """One-word month names, and the first words of two-word ones (كانون
    الثاني, تشرين الأول), normalised."""
    single, first = set(), set()
    for name in month_spellings():
        words = normalize(name).split()
        (single if len(words) == 1 else first).add(words[0])
    return frozenset(single), frozenset(first)


_MONTHS, _MONTH_FIRST_WORDS = _month_words()


def is_stray_punctuation(char: str) -> bool:
    """Whether ``char`` is punctuation that cannot start or end a name (a
    symbol such as the "+" of أوبك+ can)."""
    return unicodedata.category(char).startswith("P")


def clean_listed_name(name: str) -> str:
    """``name`` without the punctuation a list's source left around it: quote
    marks anywhere, a bracketed part at the end (an abbreviation: ``محمود عباس
    ( ابومازن )``; only its brackets after a single word: ``مسجد ( تشينغ جين
    سي )``), the rest of the name after a bracket never closed, and
    punctuation at either end. "" when nothing of a name is left."""
    words = [w for w in name.split() if not all(c in _QUOTES for c in w)]
    text = " ".join(_without_brackets(words))
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or is_stray_punctuation(text[start])):
        start += 1
    while end > start and (
        text[end - 1].isspace() or is_stray_punctuation(text[end - 1])
    ):
        end -= 1
    return " ".join(text[start:end].split())


def _without_brackets(words: list[str]) -> list[str]:
    if words and words[-1] in _CLOSING:
        opening = _OPENING[_CLOSING.index(words[-1])]
        if opening in words:
            at = len(words) - 1 - words[::-1].index(opening)
            # After two words or more the part is a second name (an
            # abbreviation); after one (مسجد, جامعة) it is the name.
            words = words[:at] if at >= 2 else words[:at] + words[at + 1 : -1]
    for index, word in enumerate(words):
        if word in _OPENING and _CLOSING[_OPENING.index(word)] not in words[index:]:
            return words[:index]
    return words


def is_date_name(name: str) -> bool:
    """Whether ``name`` is a date, not an entity: every word a number, a month
    name (Egyptian, Levantine or Maghrebi spellings) or a word dates are
    written with, and at least one number and one month (``14 اذار``,
    ``الرابع عشر من آذار``). ``قوى 14 آذار`` and ``مدينة 6 أكتوبر`` are names."""
    words = normalize(strip_marks(name)).split()
    months = numbers = 0
    for index, word in enumerate(words):
        if word.isdigit():
            numbers += 1
        elif word in _MONTHS or (
            word in _DATE_WORDS and index and words[index - 1] in _MONTH_FIRST_WORDS
        ):
            months += 1
        elif word in _MONTH_FIRST_WORDS:
            continue
        elif word in _DATE_WORDS:
            numbers += word not in ("من", "و")
        else:
            return False
    return bool(months and numbers)
