"""Arabic date formatting and resolution of dates written in news text.

Formatting supports the Gregorian calendar with Egyptian (يناير) or Levantine
(كانون الثاني) month names and the Umm al-Qura Hijri calendar (via ``hijridate``),
in Arabic-Indic or Western digits. Resolution turns "8 ديسمبر الماضي" or
"الثلاثاء الماضي" into a :class:`datetime.date` relative to a publication date.
"""

import datetime
import re

from ._chars import IGNORABLE_CLASS, TO_ARABIC_DIGITS, TO_WESTERN_DIGITS

__all__ = [
    "EGYPTIAN_MONTHS",
    "HIJRI_MONTHS",
    "LEVANTINE_MONTHS",
    "WEEKDAYS",
    "find_dates",
    "format_date",
    "format_number",
    "month_spellings",
    "resolve_relative_date",
    "to_digits",
]

EGYPTIAN_MONTHS = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip
LEVANTINE_MONTHS = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
)  # fmt: skip
HIJRI_MONTHS = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)  # fmt: skip
# Indexed by date.weekday(): Monday is 0.
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
HIJRI_SUFFIX = "هـ"

_MONTH_TABLES = {"egyptian": EGYPTIAN_MONTHS, "levantine": LEVANTINE_MONTHS}

# Spellings met in the wild, besides the two standard series: Maghrebi (French
# derived, common in the Tunisian and Algerian press), Moroccan, and the usual
# variants. Parsing accepts all of them; formatting emits only the standard ones.
_EXTRA_MONTH_NAMES = {
    1: ("جانفي", "ينار"),
    2: ("فيفري", "فبراير"),
    4: ("أفريل", "ابريل"),
    5: ("ماي",),
    6: ("جوان", "يونيه"),
    7: ("جويلية", "يوليوز", "يوليه"),
    8: ("أوت", "غشت"),
    9: ("شتنبر",),
    10: ("أكتوبر",),
    11: ("نونبر",),
    12: ("دجنبر",),
}


def to_digits(text: str, digits: str = "arabic") -> str:
    """Convert every digit in ``text`` to ``digits`` ("arabic" or "western").

    "arabic" means Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩); Persian digits are converted
    in both directions because they turn up in pasted copy.
    """
    if digits == "arabic":
        return text.translate(TO_ARABIC_DIGITS)
    if digits == "western":
        return text.translate(TO_WESTERN_DIGITS)
    raise ValueError(f"digits must be 'arabic' or 'western', not {digits!r}")


def format_number(
    value, *, digits: str = "arabic", grouping: bool = True, decimals=None
) -> str:
    """Format a number with Arabic separators when ``digits`` is "arabic".

    Arabic-Indic output uses the Arabic thousands separator (U+066C) and decimal
    separator (U+066B), because a Latin comma reads as the Arabic comma's
    lookalike and confuses readers; Western output uses "," and ".".
    """
    spec = ("," if grouping else "") + (f".{decimals}f" if decimals is not None else "")
    text = format(value, spec) if spec else str(value)
    if digits == "western":
        return text
    if digits != "arabic":
        raise ValueError(f"digits must be 'arabic' or 'western', not {digits!r}")
    text = text.replace(",", "\u066c").replace(".", "\u066b").replace("-", "\u061c-")
    return text.translate(TO_ARABIC_DIGITS)


def format_date(
    value,
    *,
    calendar: str = "gregorian",
    month_names: str = "egyptian",
    digits: str = "arabic",
    with_weekday: bool = False,
    with_time: bool = False,
) -> str:
    """Format a date or datetime in Arabic, e.g. "٢٩ نوفمبر ٢٠٢٦".

    ``calendar`` is "gregorian" or "hijri" (Umm al-Qura, suffixed "هـ"), e.g.
    "١٩ جمادى الآخرة ١٤٤٨ هـ". Dates outside the range ``hijridate`` covers
    (1924-2077) fall back to the Gregorian calendar rather than failing, since a
    page must still render. ``month_names`` picks the Gregorian series:
    "egyptian" (يناير) or "levantine" (كانون الثاني). A datetime is formatted in
    its own time zone; convert to the reader's zone first.
    """
    if month_names not in _MONTH_TABLES:
        raise ValueError(
            f"month_names must be 'egyptian' or 'levantine', not {month_names!r}"
        )
    if calendar not in ("gregorian", "hijri"):
        raise ValueError(f"calendar must be 'gregorian' or 'hijri', not {calendar!r}")
    day = value.date() if isinstance(value, datetime.datetime) else value
    text = None
    if calendar == "hijri":
        hijri = _to_hijri(day)
        if hijri is not None:
            year, month, mday = hijri
            text = f"{mday} {HIJRI_MONTHS[month - 1]} {year} {HIJRI_SUFFIX}"
    if text is None:
        months = _MONTH_TABLES[month_names]
        text = f"{day.day} {months[day.month - 1]} {day.year}"
    if with_weekday:
        text = f"{WEEKDAYS[day.weekday()]}، {text}"
    if with_time and isinstance(value, datetime.datetime):
        text = f"{text}، {value.hour:02d}:{value.minute:02d}"
    return to_digits(text, digits)


def _to_hijri(day):
    from hijridate import Gregorian

    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    return hijri.year, hijri.month, hijri.day


# -- Resolution ------------------------------------------------------------------

_DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"


def _loose(word):
    """Return a regex for ``word`` tolerant of hamza, alef maqsura and ta marbuta
    spelling variants and of stray diacritics or tatweel between letters."""
    classes = {
        "ا": "[اأإآٱ]",
        "أ": "[اأإآٱ]",
        "إ": "[اأإآٱ]",
        "آ": "[اأإآٱ]",
        "ي": "[يى]",
        "ى": "[يى]",
        "ة": "[ةه]",
        "ه": "[ةه]",
        " ": r"\s+",
    }
    gap = f"[{IGNORABLE_CLASS}]*"
    return gap.join(classes.get(char, re.escape(char)) for char in word)


def _month_alternatives():
    names = {}
    for number in range(1, 13):
        forms = {EGYPTIAN_MONTHS[number - 1], LEVANTINE_MONTHS[number - 1]}
        forms.update(_EXTRA_MONTH_NAMES.get(number, ()))
        for form in forms:
            names[form] = number
    return names


_MONTH_NUMBERS = _month_alternatives()


def month_spellings() -> dict[str, int]:
    """Every month name dates are read with (Egyptian, Levantine, Maghrebi and
    other spellings met in the press) -> its month number."""
    return dict(_MONTH_NUMBERS)


# Longest first so "كانون الثاني" wins over a shorter prefix and "مايو" over "ماي".
_MONTH_RE = "|".join(
    f"(?P<m{i}>{_loose(name)})"
    for i, name in enumerate(sorted(_MONTH_NUMBERS, key=len, reverse=True))
)
_MONTH_BY_GROUP = {
    f"m{i}": _MONTH_NUMBERS[name]
    for i, name in enumerate(sorted(_MONTH_NUMBERS, key=len, reverse=True))
}
_ANY_MONTH_RE = "|".join(
    _loose(name) for name in sorted(_MONTH_NUMBERS, key=len, reverse=True)
)
_PAST = _loose("الماضي") + "|" + _loose("المنصرم") + "|" + _loose("الفائت")
_FUTURE = _loose("المقبل") + "|" + _loose("القادم")
_END = r"(?![^\W\d_])"
_START = r"(?<![^\W_])"

_DAY_MONTH_RE = re.compile(
    rf"{_START}(?P<day>{_DIGIT}{{1,2}})\s*(?:{_loose('من')}\s+)?"
    rf"(?:{_MONTH_RE}){_END}"
    # A second name for the same month, as in "كانون الأول/ديسمبر".
    rf"(?:\s*[/(]\s*(?:{_ANY_MONTH_RE})\s*\)?)?"
    rf"(?:\s*[،,]?\s*(?:(?:{_loose('عام')}|{_loose('سنة')})\s+)?"
    rf"(?P<year>{_DIGIT}{{4}}){_END}(?:\s*م{_END})?)?"
    rf"(?:\s+(?:(?P<past>{_PAST})|(?P<future>{_FUTURE})){_END})?"
)
_WEEKDAY_RE = re.compile(
    rf"{_START}(?:{_loose('يوم')}\s+)?(?P<weekday>"
    + "|".join(f"(?P<w{i}>{_loose(name)})" for i, name in enumerate(WEEKDAYS))
    + rf")\s+(?:(?P<past>{_PAST})|(?P<future>{_FUTURE})){_END}"
)
_WORD_DAYS = (
    (_loose("أول من أمس") + "|" + _loose("أول أمس"), -2),
    (_loose("بعد غد") + "|" + _loose("بعد غدا"), 2),
    (_loose("أمس") + "|" + _loose("البارحة"), -1),
    (_loose("اليوم"), 0),
    (_loose("غدا") + "[\u064b]?|" + _loose("غدًا"), 1),
)
_WORD_DAY_RE = re.compile(
    _START
    + "(?:"
    + "|".join(f"(?P<d{i}>{pattern})" for i, (pattern, _) in enumerate(_WORD_DAYS))
    + ")"
    + _END
)
_NUMERIC_RE = re.compile(
    rf"{_START}(?:(?P<y1>{_DIGIT}{{4}})[-/.](?P<m1>{_DIGIT}{{1,2}})[-/.]"
    rf"(?P<d1>{_DIGIT}{{1,2}})|(?P<d2>{_DIGIT}{{1,2}})[/.-](?P<m2>{_DIGIT}{{1,2}})"
    rf"[/.-](?P<y2>{_DIGIT}{{4}})){_END}(?!{_DIGIT})"
)


def _int(text):
    return int(text.translate(TO_WESTERN_DIGITS))


def _safe_date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _day_month(match, reference):
    day = _int(match["day"])
    month = next(
        _MONTH_BY_GROUP[g]
        for g, v in match.groupdict().items()
        if v and g in _MONTH_BY_GROUP
    )
    if match["year"]:
        return _safe_date(_int(match["year"]), month, day)
    if match["future"]:
        # The next such day strictly after the reference.
        for year in (reference.year, reference.year + 1, reference.year + 4):
            found = _safe_date(year, month, day)
            if found and found > reference:
                return found
        return None
    # Without a qualifier, news reports mostly refer to the past: take this
    # year's date unless it is still to come. "الماضي" means strictly before.
    for year in (reference.year, reference.year - 1, reference.year - 4):
        found = _safe_date(year, month, day)
        if found is None:
            continue
        if found < reference or (found == reference and not match["past"]):
            return found
    return None


def _weekday(match, reference):
    weekday = next(
        int(g[1:])
        for g, v in match.groupdict().items()
        if v and g.startswith("w") and g != "weekday"
    )
    if match["past"]:
        delta = (reference.weekday() - weekday) % 7 or 7
        return reference - datetime.timedelta(days=delta)
    delta = (weekday - reference.weekday()) % 7 or 7
    return reference + datetime.timedelta(days=delta)


def _word_day(match, reference):
    index = next(int(g[1:]) for g, v in match.groupdict().items() if v)
    return reference + datetime.timedelta(days=_WORD_DAYS[index][1])


def _numeric(match, reference):
    if match["y1"]:
        return _safe_date(_int(match["y1"]), _int(match["m1"]), _int(match["d1"]))
    # Day first: the order used across the Arab world.
    return _safe_date(_int(match["y2"]), _int(match["m2"]), _int(match["d2"]))


_RESOLVERS = (
    (_NUMERIC_RE, _numeric),
    (_DAY_MONTH_RE, _day_month),
    (_WEEKDAY_RE, _weekday),
    (_WORD_DAY_RE, _word_day),
)


def find_dates(text: str, reference: datetime.date) -> list:
    """Return ``(start, end, date)`` for every date expression found in ``text``.

    Handled: "8 ديسمبر 2024", "8 كانون الأول الماضي" (the latest such day
    strictly before ``reference``), "في 8 ديسمبر" (this year unless that is
    after ``reference``, then last year), "... المقبل" (the next one),
    "الثلاثاء الماضي"/"المقبل", "أمس", "أول أمس", "اليوم", "غدا", "بعد غد",
    and numeric day/month/year. Vague spans such as "الأسبوع الماضي" are left
    out because they name no single day. Digits may be Arabic-Indic.
    """
    if isinstance(reference, datetime.datetime):
        reference = reference.date()
    found = []
    taken = []
    for pattern, resolve in _RESOLVERS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            value = resolve(match, reference)
            if value is None:
                continue
            taken.append((start, end))
            found.append((start, end, value))
    found.sort()
    return found


def resolve_relative_date(text: str, reference: datetime.date):
    """Return the date the first expression in ``text`` refers to, or None.

    See :func:`find_dates` for the expressions understood.
    """
    dates = find_dates(text, reference)
    return dates[0][2] if dates else None
