"""Highlighted snippets: <mark> around matched words of the original text.

Matching uses the analyser (so "السوريين" lights up for a search for "سوريا"),
and the marks go around the exact characters the reader's text has, found with
token offsets; everything else is escaped.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from akhbar.arabic.normalize import normalize
from akhbar.arabic.resources import stopwords
from akhbar.arabic.search_terms import word_forms
from akhbar.arabic.tokenize import ARABIC_LETTER_CLASS as _AR_LETTER
from akhbar.arabic.tokenize import DIGIT_CLASS as _DIGIT
from akhbar.arabic.tokenize import IGNORABLE_CLASS as _IGN
from akhbar.arabic.tokenize import TOKEN_PATTERN

SNIPPET_CHARS = 240
# Only the start of a long text is scanned for the snippet: analysing a whole
# article per result would cost more than the search itself, and the passage that
# answers is rarely past the first few paragraphs.
SNIPPET_SCAN_CHARS = 3000


# Stems of each token seen, by its text (which tells its kind: a URL, an e-mail,
# a hashtag or a mention has characters a word has not). News prose repeats its
# words, so after a few pages nearly every token of a snippet costs one
# dictionary lookup instead of a normalisation, a stopword test and a stemming.
_STEMS: dict[str, tuple[str, ...]] = {}
_STEMS_LIMIT = 200_000
# Stems taken from the index (see IndexedStems), kept apart from those analysed
# here so that a stale index never changes the marks of an analysed text.
_LEARNED: dict[str, tuple[str, ...]] = {}
# The tokeniser's pattern without its URL, e-mail, hashtag and mention branches,
# for the common text that has none of their marks: the same tokens in half the
# time, since no branch is tried at every letter for an "@" that never comes.
_WORDS_PATTERN = re.compile(
    rf"""
    (?P<number>[{_DIGIT}]+(?:[.,\u066b\u066c][{_DIGIT}]+)*)
  | (?P<arabic>[{_AR_LETTER}][{_AR_LETTER}{_IGN}]*)
  | (?P<latin>[^\W\d_{_AR_LETTER}\u0640]
        (?:[^\W_{_AR_LETTER}\u0640]|['’\-](?=[^\W\d_]))*)
    """,
    re.VERBOSE,
)
_WEB_MARKS = ("@", "#", "://", "www.")


def _token_stems(text: str, kind: str) -> tuple[str, ...]:
    """Light stems of one token, as :func:`content_words` and :func:`word_forms`
    analyse it (a hashtag gives one per word it spells)."""
    if kind == "url" or kind == "email":
        return ()
    word = normalize(text)
    stop = stopwords()
    if kind == "hashtag" or kind == "mention":
        words = [part for part in word[1:].split("_") if part and part not in stop]
    else:
        words = [word] if word and word not in stop else []
    stems = []
    for word in words:
        forms = word_forms(word)
        if forms:
            stems.append(forms[0][1])
    return tuple(stems)


def _stem_count(text: str, kind: str) -> int:
    """How many stems a token gives, without stemming it (see _token_stems)."""
    if kind == "url" or kind == "email":
        return 0
    word = normalize(text)
    stop = stopwords()
    if kind == "hashtag" or kind == "mention":
        return sum(1 for part in word[1:].split("_") if part and part not in stop)
    return 1 if word and word not in stop else 0


class IndexedStems:
    """The light stems the index stored for a document (its ``tokens``), read in
    order while its headline, then its standfirst and body, are highlighted.

    A word met for the first time then costs a normalisation and a stopword
    test, not a stemming: on a cold process, stemming the words of ten articles
    costs more than the search. The stored stems are checked against every word
    already known; on any disagreement (an index built by an older analyser)
    the rest is analysed afresh.
    """

    def __init__(self, tokens: str):
        self.stems = tokens.split()
        self.position = 0
        self.valid = True


def _matches(
    text: str,
    stems: frozenset,
    indexed: IndexedStems | None = None,
    *,
    last: bool = False,
) -> list[tuple[int, int, str]]:
    """(start, end, stem) of each token of ``text`` whose light stem is searched.

    The tokens are those of :func:`akhbar.arabic.tokenize.iter_tokens`, matched
    with its pattern directly (no Token built per word). With stems from the
    index and ``last`` (nothing is read after this text), the scan stops after
    the last stored stem that is searched.
    """
    if indexed is not None and not indexed.valid:
        indexed = None
    final = None
    if indexed is not None and last:
        final = -1
        known = indexed.stems
        for index in range(len(known) - 1, indexed.position - 1, -1):
            if known[index] in stems:
                final = index
                break
    pattern = (
        TOKEN_PATTERN if any(mark in text for mark in _WEB_MARKS) else _WORDS_PATTERN
    )
    found = []
    memo, learned = _STEMS, _LEARNED
    if indexed is not None:
        known, position = indexed.stems, indexed.position
    for match in pattern.finditer(text):
        if final is not None and position > final:
            break
        token = match.group()
        token_stems = memo.get(token)
        if indexed is not None:
            if token_stems is None:
                token_stems = learned.get(token)
            if token_stems is None:
                count = _stem_count(token, match.lastgroup)
                token_stems = tuple(known[position : position + count])
                if len(token_stems) < count:
                    indexed.valid = False
                    return _matches(text, stems)
                if len(learned) >= _STEMS_LIMIT:
                    learned.clear()
                learned[token] = token_stems
            elif tuple(known[position : position + len(token_stems)]) != token_stems:
                indexed.valid = False
                return _matches(text, stems)
            position += len(token_stems)
        elif token_stems is None:
            if len(memo) >= _STEMS_LIMIT:
                memo.clear()
            token_stems = memo[token] = _token_stems(token, match.lastgroup)
        for stem in token_stems:
            if stem in stems:
                start, end = match.span()
                found.append((start, end, stem))
    if indexed is not None:
        indexed.position = position
    return found


def _render(text: str, matches, start: int, end: int) -> str:
    out = []
    position = start
    for match_start, match_end, _ in matches:
        # A hashtag may match twice (two of its words): it is marked once.
        if match_start < max(start, position) or match_end > end:
            continue
        out.append(escape(text[position:match_start]))
        out.append("<mark>%s</mark>" % escape(text[match_start:match_end]))
        position = match_end
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text: str, stems, *, indexed: IndexedStems | None = None) -> SafeString:
    """Return ``text`` escaped, with every word whose stem is in ``stems`` marked.

    ``indexed`` gives the stems of ``text`` as the index stored them.
    """
    stems = frozenset(stems)
    return mark_safe(_render(text, _matches(text, stems, indexed), 0, len(text)))  # noqa: S308


def snippet(
    text: str,
    stems,
    *,
    length: int = SNIPPET_CHARS,
    indexed: IndexedStems | None = None,
) -> SafeString:
    """Return the passage of ``text`` (about ``length`` characters) that holds the
    most distinct query words, escaped and marked, with ellipses where cut.

    ``indexed`` gives the stems of ``text`` as the index stored them.
    """
    stems = frozenset(stems)
    if len(text) > SNIPPET_SCAN_CHARS:
        cut = text.rfind(" ", 0, SNIPPET_SCAN_CHARS)
        text = text[: cut if cut > 0 else SNIPPET_SCAN_CHARS] + " "
    matches = _matches(text, stems, indexed, last=True)
    if len(text) <= length:
        return mark_safe(_render(text, matches, 0, len(text)))  # noqa: S308
    best_start, best_score = 0, -1
    for i, (start, _, _) in enumerate(matches):
        window = {stem for s, e, stem in matches[i:] if e <= start + length}
        if len(window) > best_score:
            best_start, best_score = start, len(window)
    # Open a little before the first match, at a word boundary.
    start = max(0, best_start - length // 6)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    rendered = _render(text, matches, start, end)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + rendered + suffix)  # noqa: S308
