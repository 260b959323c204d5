"""Initials of a person's name, for an avatar without a photo."""

# Arabic's definite article: "الخطيب" gives "خ", not the "ا" every such family
# name would otherwise share ("يوسف الخطيب" read "يا", "كريم العطار" "كا").
ARTICLE = "ال"
# The first word of a name written in two (عبد الله، أبو بكر): the pair is one
# name and gives one letter, its head's.
COMPOUND_HEADS = frozenset({"عبد", "أبو", "ابو"})
# Between two Arabic letters, which would otherwise join into one word.
NON_JOINER = "\u200c"


def _first_letter(word: str) -> str:
    letters = "".join(c for c in word if c.isalpha())
    if letters.startswith(ARTICLE) and len(letters) > len(ARTICLE) + 1:
        return letters[len(ARTICLE)]
    return letters[:1]


def initials(name: str) -> str:
    """One or two letters for an avatar: the first letters of the first and last
    names, a family name's article skipped, kept apart by a zero-width non-joiner;
    "؟" when the name has no letter."""
    words = []
    for word in (name or "").split():
        if words and words[-1] in COMPOUND_HEADS:
            words[-1] += " " + word
        else:
            words.append(word)
    letters = [letter for letter in map(_first_letter, words) if letter]
    if not letters:
        letters = [c for c in (name or "") if c.isalnum()][:1]
    if not letters:
        return "؟"
    chosen = letters[:1] + letters[1:][-1:]
    return NON_JOINER.join(letter.upper() for letter in chosen)
