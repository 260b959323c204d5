"""Character classes and translation tables shared by the Arabic modules.

Kept in one place so that slugs, normalisation and tokenisation agree on what a
diacritic or an invisible control character is.
"""

# Harakat, tanween, shadda, sukun and the small marks around them (U+064B-U+065F),
# the superscript (dagger) alef, and the Quranic annotation marks. None of them
# change which word is meant in news text, so matching and slugs ignore them.
DIACRITIC_RANGES = (
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x08D3, 0x08E1),
    (0x08E3, 0x08FF),
)

TATWEEL = "\u0640"

# Bidi embeddings, overrides and isolates, zero-width characters, the byte order
# mark, the Arabic letter mark and the soft hyphen: editors and CMS pastes leave
# them inside words, where they break matching without being visible.
CONTROL_RANGES = (
    (0x00AD, 0x00AD),
    (0x061C, 0x061C),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x2069),
    (0xFEFF, 0xFEFF),
)


def _expand(ranges):
    return [chr(c) for lo, hi in ranges for c in range(lo, hi + 1)]


DIACRITICS = frozenset(_expand(DIACRITIC_RANGES))
CONTROLS = frozenset(_expand(CONTROL_RANGES))
IGNORABLE = DIACRITICS | CONTROLS | {TATWEEL}

# A character class body (without brackets) matching every ignorable character,
# for use inside regular expressions.
IGNORABLE_CLASS = (
    "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in DIACRITIC_RANGES + CONTROL_RANGES)
    + "\\u0640"
)

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
WESTERN_DIGITS = "0123456789"

# Deletes every ignorable character.
STRIP_TABLE = {ord(c): None for c in IGNORABLE}

# Eastern digits (Arabic-Indic and Persian) to ASCII.
TO_WESTERN_DIGITS = {
    **{ord(a): w for a, w in zip(ARABIC_INDIC_DIGITS, WESTERN_DIGITS, strict=True)},
    **{ord(p): w for p, w in zip(PERSIAN_DIGITS, WESTERN_DIGITS, strict=True)},
}

# ASCII (and Persian) digits to Arabic-Indic.
TO_ARABIC_DIGITS = {
    **{ord(w): a for w, a in zip(WESTERN_DIGITS, ARABIC_INDIC_DIGITS, strict=True)},
    **{ord(p): a for p, a in zip(PERSIAN_DIGITS, ARABIC_INDIC_DIGITS, strict=True)},
}
