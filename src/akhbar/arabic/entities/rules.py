"""The rule passes over one text: list matches, then person and body rules.

Each pass maps a token index to an entry (end index, letters of clitic
skipped, type, canonical name, ambiguous), the internal form of a mention
that the model and the reference passes then refine.
"""

from ..lexicon import HONORIFICS, clitic_forms
from .document import LISTED, joined_reach, token_roles
from .organisations import apply_org_rule
from .people import apply_person_rules

__all__ = ["rule_matches"]


def rule_matches(doc, gazetteer):
    """Return (list matches, matches after the rules) of ``doc``.

    Both map a token index to (end index, letters of clitic skipped, type,
    canonical, ambiguous).
    """
    n = len(doc.norms)
    found = {}  # token index -> (end index, skipped, type, canonical, ambiguous)
    roles = doc.roles = token_roles(doc, gazetteer)
    i = 0
    while i < n:
        if not roles[i] & LISTED:
            i += 1
            continue
        hit = _match_at(doc, i, gazetteer)
        if hit and _longer_after_honorific(doc, i, hit, gazetteer):
            # "الشيخ [تميم بن حمد آل ثاني]": the full name after a listed
            # "الشيخ تميم" wins.
            i += 1
            continue
        if hit:
            length, skipped, (canonical, kind, ambiguous) = hit
            found[i] = (i + length, skipped, kind, canonical, ambiguous)
            i += length
            continue
        i += 1

    listed = dict(found)
    apply_person_rules(doc, gazetteer, found)
    apply_org_rule(doc, gazetteer, found)
    return listed, found


def _match_at(doc, i, gazetteer):
    """Return (length, skipped letters, (canonical, type, ambiguous)) or None."""
    best = None
    reach = 1
    for form, skipped in clitic_forms(doc.norms[i]):
        longest = gazetteer.first_words.get(form)
        if not longest:
            continue
        reach = joined_reach(doc, i, reach, longest)
        for length in range(min(longest, reach), 0, -1):
            key = (form, *doc.norms[i + 1 : i + length])
            hit = gazetteer.entries.get(key)
            if hit:
                if best is None or length > best[0]:
                    best = (length, skipped, hit)
                break
    return best


def _longer_after_honorific(doc, i, hit, gazetteer):
    """True if a listed name after the honorific at ``i`` outruns ``hit``."""
    if hit[2][1] != "PER" or i + 1 >= len(doc.norms):
        return False
    if not any(f in HONORIFICS for f, _ in clitic_forms(doc.norms[i])):
        return False
    after = _match_at(doc, i + 1, gazetteer)
    return after is not None and after[2][1] == "PER" and after[0] >= hit[0]
