"""One text as the entity rules and the model read it.

:class:`Doc` holds the word tokens of a text with their normal forms, which
words run on with only spaces between them, and each word's roles (what it
may start or head); the helpers here turn token spans back into text.
"""

from .. import caches
from ..lexicon import ALL_HEADS, SPEECH_VERBS, clitic_forms, is_nisba, kunya_clitic
from ..normalize import normalize, strip_marks
from ..tokenize import word_tokens

__all__ = [
    "FIRST",
    "HEAD",
    "KUNYA",
    "LISTED",
    "NISBA",
    "SPEECH",
    "TITLE",
    "Doc",
    "comma_between",
    "covered_tokens",
    "forget_norms",
    "joined_reach",
    "skip_letters",
    "span_text",
    "token_roles",
]

# Words recur across texts; caching their normal form saves a tenth of
# extraction time. The cache is dropped when it grows past _NORMS_LIMIT.
_NORMS = {}
_NORMS_LIMIT = 200_000


def _normalize_word(word):
    if len(_NORMS) > _NORMS_LIMIT:
        _NORMS.clear()
    norm = _NORMS[word] = normalize(word)
    return norm


def forget_norms():
    """Empty the cache of words' normal forms, as in a new process."""
    _NORMS.clear()


class Doc:
    """Tokens of one text with normalised forms, adjacency and word roles."""

    __slots__ = ("text", "tokens", "norms", "joined", "roles")

    def __init__(self, text):
        self.text = text
        self.tokens = word_tokens(text)
        norms = _NORMS
        self.norms = [norms.get(t.text) or _normalize_word(t.text) for t in self.tokens]
        # joined[i]: token i+1 follows token i with only spaces between, so a
        # name may run across them (a comma or full stop ends it).
        self.joined = [
            text[a.end : b.start].isspace()
            for a, b in zip(self.tokens, self.tokens[1:], strict=False)
        ] + [False]
        # roles[i]: what token i may start or head (LISTED, TITLE, ...),
        # set by rule_matches for its gazetteer.
        self.roles = None


# What a word may start or be, as bits: most words are none of these, and the
# rules skip them after one lookup instead of a dozen.
LISTED = 1  # a clitic-free form starts a listed name
TITLE = 2  # a form is a word of a title
SPEECH = 4  # a verb of saying
KUNYA = 8  # "أبو", maybe after a clitic
NISBA = 16  # a definite adjective of nationality ending in ي/يه
FIRST = 32  # a form is a first name
HEAD = 64  # a form heads a place, facility or organisation


def token_roles(doc, gazetteer):
    """Return the role bits of each token of ``doc``, cached per word."""
    cache = gazetteer.roles
    if len(cache) > caches.WORDS:  # Dropped whole: a process stays small.
        cache.clear()
    roles = []
    for word in doc.norms:
        bits = cache.get(word)
        if bits is None:
            bits = cache[word] = _word_roles(word, gazetteer)
        roles.append(bits)
    return roles


def _word_roles(word, gazetteer):
    bits = 0
    nisba_shaped = word.endswith(("ي", "يه"))
    for form, _ in clitic_forms(word):
        if form in gazetteer.first_words:
            bits |= LISTED
        if form in gazetteer.title_words:
            bits |= TITLE
        if form in SPEECH_VERBS:
            bits |= SPEECH
        if form in gazetteer.first_names:
            bits |= FIRST
        if form in ALL_HEADS:
            bits |= HEAD
        if nisba_shaped and form.startswith("ال") and is_nisba(form):
            bits |= NISBA
    if kunya_clitic(word) is not None:
        bits |= KUNYA
    return bits


def skip_letters(token_text, letters):
    """Return the offset in ``token_text`` after ``letters`` non-mark characters."""
    if not letters:
        return 0
    seen = 0
    for index, char in enumerate(token_text):
        if char not in _IGNORABLE:
            seen += 1
            if seen == letters:
                return index + 1
    return len(token_text)


_IGNORABLE = frozenset(
    chr(c) for c in range(0x0600, 0x0700) if normalize(chr(c)) == ""
) | frozenset("\u0640\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e")


def joined_reach(doc, i, reach, limit):
    """Return how many words from ``i`` run on with only spaces, up to ``limit``.

    ``reach`` is a count already known; the text's last word is never joined
    to a next one, so the count stays inside it.
    """
    joined = doc.joined
    while reach < limit and joined[i + reach - 1]:
        reach += 1
    return reach


def covered_tokens(found):
    """Return the set of token indexes inside the mentions of ``found``."""
    covered = set()
    for i, (end, *_rest) in found.items():
        covered.update(range(i, end))
    return covered


def comma_between(doc, i):
    """True if only a comma stands between token ``i`` and the next."""
    if i + 1 >= len(doc.tokens):
        return False
    gap = doc.text[doc.tokens[i].end : doc.tokens[i + 1].start].strip()
    return gap in ("،", ",")


def span_text(doc, i, j, skipped=0):
    """Return the text of tokens ``i:j`` without marks, ``skipped`` clitic
    letters cut from the first and runs of spaces made one."""
    first = doc.tokens[i]
    start = first.start + skip_letters(first.text, skipped)
    return strip_marks(" ".join(doc.text[start : doc.tokens[j - 1].end].split()))
