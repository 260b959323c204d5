"""Passes over the mentions of a whole text: repeats, short forms, references.

A name found once is tagged wherever it recurs, a short form in brackets
takes the name before it, and a person's last word alone refers to the full
name seen in the same text.
"""

from .. import resources
from ..lexicon import clitic_forms, kunya_clitic
from .document import covered_tokens
from .names import COMMON_COUNT, is_name_like

__all__ = ["propagate_mentions", "resolve_references", "tag_short_forms"]


def propagate_mentions(doc, found):
    """Tag the other occurrences of a name already tagged in the same text.

    An article names a person or body several times, and the model, which
    reads one sentence at a time, may miss some of them ("[سيابونغا] ...
    سيابونغا"). A name found once is tagged wherever its exact words recur
    (with a clitic on the first: "ولسيابونغا"), with the same type and
    canonical name. Names of one frequent word are left out: the text
    around them decided, and it may not hold elsewhere.
    """
    names = {}
    lexicon = resources.lexicon()
    for i, (end, _skipped, kind, canonical, ambiguous) in found.items():
        key = tuple(doc.norms[i:end])
        if ambiguous or (end - i == 1 and lexicon.get(key[0], 0) >= COMMON_COUNT):
            continue
        if i in found and found[i][1]:
            # The first word carried a clitic: key on its clitic-free form.
            form = next(
                (f for f, s in clitic_forms(doc.norms[i]) if s == found[i][1]), None
            )
            if form is None:
                continue
            key = (form, *key[1:])
        names.setdefault(key, (kind, canonical))
    if not names:
        return
    # Name lengths by first word, longest first, so most words cost one lookup.
    lengths = {}
    for key in names:
        lengths.setdefault(key[0], set()).add(len(key))
    lengths = {word: sorted(ls, reverse=True) for word, ls in lengths.items()}
    covered = covered_tokens(found)
    n = len(doc.norms)
    for i in range(n):
        if i in covered:
            continue
        for form, skipped in clitic_forms(doc.norms[i]):
            for length in lengths.get(form, ()):
                if i + length > n:
                    continue
                hit = names.get((form, *doc.norms[i + 1 : i + length]))
                if (
                    hit
                    and all(doc.joined[i : i + length - 1])
                    and not covered.intersection(range(i, i + length))
                ):
                    found[i] = (i + length, skipped, *hit, False)
                    covered.update(range(i, i + length))
                    break
            if i in covered:
                break


def tag_short_forms(doc, gazetteer, found):
    """Tag the short form in brackets after a name: "... (أوهرا)", "(أبو مازن)".

    An organisation's acronym or short name, and a person's kunya, often
    follow the full name in brackets; they take its type and canonical name,
    so that :func:`propagate_mentions` tags them again further on.
    """
    n = len(doc.tokens)
    for end, _skipped, kind, canonical, ambiguous in list(found.values()):
        if ambiguous or kind == "LOC" or end >= n or end in found:
            continue
        if _gap(doc, end - 1) != "(":
            continue
        # The short form has one or two words before the closing bracket.
        close = next((k for k in (end, end + 1) if ")" in _gap(doc, k)), None)
        if close is None or not all(doc.joined[end:close]):
            continue
        words = doc.norms[end : close + 1]
        if kind == "PER":
            if kunya_clitic(words[0]) != 0 or len(words) != 2:
                continue
        elif not all(
            doc.tokens[k].kind == "arabic" and is_name_like(doc.norms[k], gazetteer)
            for k in range(end, close + 1)
        ):
            continue
        found[end] = (close + 1, 0, kind, canonical, False)


def _gap(doc, i):
    """Return the text between token ``i`` and the next (or the text's end)."""
    tokens = doc.tokens
    if i >= len(tokens):
        return ""
    end = tokens[i + 1].start if i + 1 < len(tokens) else len(doc.text)
    return doc.text[tokens[i].end : end].strip()


def resolve_references(doc, found):
    """Give short mentions the canonical name of a fuller one in the text."""
    by_last = {}
    canon_seen = set()
    for i, (end, _skipped, kind, canonical, ambiguous) in sorted(found.items()):
        if ambiguous:
            continue
        canon_seen.add(canonical)
        if kind == "PER" and end - i >= 2:
            last = doc.norms[end - 1]
            by_last.setdefault(last, canonical)
            if last.startswith("ال"):
                by_last.setdefault(last[2:], canonical)
    for i, (end, skipped, kind, canonical, ambiguous) in list(found.items()):
        if kind != "PER" or end - i != 1:
            if ambiguous and canonical in canon_seen:
                found[i] = (end, skipped, kind, canonical, False)
            continue
        target = by_last.get(doc.norms[i])
        if target:
            found[i] = (end, skipped, kind, target, False)
        elif ambiguous and canonical in canon_seen:
            found[i] = (end, skipped, kind, canonical, False)
    covered = covered_tokens(found)
    if not by_last:
        return
    for i, word in enumerate(doc.norms):
        if i in covered:
            continue
        for form, skipped in clitic_forms(word):
            target = by_last.get(form)
            if target:
                found[i] = (i + 1, skipped, "PER", target, False)
                break
