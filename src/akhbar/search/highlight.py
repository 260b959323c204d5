"""Highlighted snippets: <mark> around matched words of the original text.

Matching uses the analyser (so "السوريين" lights up for a search for "سوريا"),
and the marks go around the exact characters the reader's text has, found with
token offsets; everything else is escaped.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from akhbar.arabic.search_terms import content_words, word_forms

SNIPPET_CHARS = 240
# Only the start of a long text is scanned for the snippet: analysing a whole
# article per result would cost more than the search itself, and the passage that
# answers is rarely past the first few paragraphs.
SNIPPET_SCAN_CHARS = 3000


def _matches(text: str, stems: frozenset) -> list[tuple[int, int, str]]:
    found = []
    for word, start, end in content_words(text):
        forms = word_forms(word)
        if forms and forms[0][1] in stems:
            found.append((start, end, forms[0][1]))
    return found


def _render(text: str, matches, start: int, end: int) -> str:
    out = []
    position = start
    for match_start, match_end, _ in matches:
        if match_start < start or match_end > end:
            continue
        out.append(escape(text[position:match_start]))
        out.append("<mark>%s</mark>" % escape(text[match_start:match_end]))
        position = match_end
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text: str, stems) -> SafeString:
    """Return ``text`` escaped, with every word whose stem is in ``stems`` marked."""
    stems = frozenset(stems)
    return mark_safe(_render(text, _matches(text, stems), 0, len(text)))


def snippet(text: str, stems, *, length: int = SNIPPET_CHARS) -> SafeString:
    """Return the passage of ``text`` (about ``length`` characters) that holds the
    most distinct query words, escaped and marked, with ellipses where cut."""
    stems = frozenset(stems)
    if len(text) > SNIPPET_SCAN_CHARS:
        cut = text.rfind(" ", 0, SNIPPET_SCAN_CHARS)
        text = text[: cut if cut > 0 else SNIPPET_SCAN_CHARS] + " "
    matches = _matches(text, stems)
    if len(text) <= length:
        return mark_safe(_render(text, matches, 0, len(text)))
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
    return mark_safe(prefix + rendered + suffix)
