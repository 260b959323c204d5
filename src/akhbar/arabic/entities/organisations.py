"""Rules that find places and bodies named after a head word.

Places follow مدينة or بلدة, bodies follow نادي or صحيفة; organisation heads
(وزارة, حزب, جامعة) and facility heads (مطار, مستشفى) are part of the name
they start; "الجيش" or "الاتحاد" before an adjective names a body.
"""

from .. import resources
from ..lexicon import (
    CLITIC_ARTICLES,
    CONFIRM_ONLY_HEADS,
    DEFINITE_ORG_HEADS,
    FACILITY_HEADS,
    LOC_NAME_HEADS,
    NATIONAL_ORG_HEADS,
    ORG_HEADS,
    ORG_NAME_HEADS,
    clitic_forms,
    is_nisba,
    looks_nisba,
    name_words,
)
from .document import HEAD, covered_tokens, span_text
from .names import COMMON_COUNT, is_name_like, name_span

__all__ = ["apply_org_rule"]

# Words of an organisation's name, its head included.
_ORG_MAX_WORDS = 5
# Beyond its first word, an organisation's name takes definite words seen at
# least this often in news text (adjectives such as الوطني, العامة), as
# family names like العجمي are frequent in the news of their country.
_ORG_WORD_MIN_COUNT = 50


def apply_org_rule(doc, gazetteer, found):
    """Add the places and bodies that head words name in ``doc`` to ``found``."""
    covered = covered_tokens(found)
    n = len(doc.norms)
    roles = doc.roles
    for i in range(n - 1):
        if not roles[i] & HEAD or i in covered or not doc.joined[i]:
            # Most words head nothing: skip the lookups below.
            continue
        forms = clitic_forms(doc.norms[i])
        facility = next(
            ((FACILITY_HEADS[f], s) for f, s in forms if f in FACILITY_HEADS), None
        )
        if facility:
            _apply_facility_head(doc, i, *facility, gazetteer, found, covered)
            continue
        kind = next(
            (
                k
                for f, _ in forms
                for k, heads in (("LOC", LOC_NAME_HEADS), ("ORG", ORG_NAME_HEADS))
                if f in heads
            ),
            None,
        )
        if kind:
            head_word = next(
                f for f, _ in forms if f in LOC_NAME_HEADS | ORG_NAME_HEADS
            )
            _apply_name_head(doc, i + 1, kind, head_word, gazetteer, found, covered)
            continue
        head = next((s for f, s in forms if f in ORG_HEADS), None)
        if head is None:
            head = _definite_org_head(doc, i, forms)
            if head is None:
                continue
        j = _org_name_end(doc, i, found, covered, gazetteer)
        if j > i + 1:
            for k in [k for k in found if i < k < j]:
                del found[k]
            found[i] = (j, head, "ORG", span_text(doc, i, j, head), False)
            covered.update(range(i, j))


def _apply_facility_head(doc, i, kind, skipped, gazetteer, found, covered):
    """Tag "مطار القاهرة الدولي", "مسجد محمد علي", "مستشفى سانت توماس".

    The name after the head is a listed name, definite words as in an
    organisation's name, or up to two name-like words; adjectives such as
    الدولي or التخصصي then complete it.
    """
    n = len(doc.norms)
    j = i + 1
    entry = found.get(j)
    word = doc.norms[j]
    if entry is not None:
        end = entry[0]
    elif j in covered or is_nisba(word) or word in resources.stopwords():
        return
    elif word.startswith("ال") and not looks_nisba(word):
        end = _org_name_end(doc, i, found, covered, gazetteer)
    elif is_name_like(word, gazetteer) and not word.startswith("ال"):
        end = name_span(doc, j, gazetteer, limit=2)
    else:
        return
    while (
        end < n
        and end - i < _ORG_MAX_WORDS
        and doc.joined[end - 1]
        and end not in covered
        and looks_nisba(doc.norms[end])
        and not is_nisba(doc.norms[end])
    ):
        end += 1
    if end <= j:
        return
    for k in [k for k in found if i < k < end]:
        del found[k]
    found[i] = (end, skipped, kind, span_text(doc, i, end, skipped), False)
    covered.update(range(i, end))


def _definite_org_head(doc, i, forms):
    """Return the clitic letters of "الاتحاد" in "الاتحاد المصري", else None.

    A definite head names a body only with an adjective of nationality or
    scope after it ("المجلس الوطني للأبحاث"); alone it is a common noun.
    """
    head = next((s for f, s in forms if f in DEFINITE_ORG_HEADS), None)
    if head is not None and looks_nisba(doc.norms[i + 1]):
        return head
    head = next((s for f, s in forms if f in NATIONAL_ORG_HEADS), None)
    if head is not None and is_nisba(doc.norms[i + 1]):
        return head
    return None


def _continues_org(word, gazetteer):
    """True if a definite ``word`` may continue an organisation's name.

    Adjectives of nationality, feminine adjectives and words common in news
    do ("الروسية", "الذرية", "الوطني"); a rarer word or a known name is the
    person after the name ("مجلس نواب الشعب [العجمي الوريمي]").
    """
    if is_nisba(word) or word.endswith("يه"):
        # Adjectives of nationality and feminine adjectives ("الذرية"),
        # which family names do not take.
        return True
    if word in gazetteer.person_words or word in name_words():
        return False
    return resources.lexicon().get(word, 0) >= _ORG_WORD_MIN_COUNT


def _org_name_end(doc, i, found, covered, gazetteer):
    """Return the end of an organisation name whose head is token ``i``.

    The name runs over definite words ("وزارة الخارجية الروسية"), an
    indefinite noun between the head and a definite word ("هيئة كبار
    العلماء", "منظمة حقوق الإنسان"), and a لل complement after an adjective
    ("الاتحاد المصري للمصارعة"); a listed place or body completes it.
    """
    n = len(doc.norms)
    stop = resources.stopwords()
    j = i + 1
    while j < n and j - i <= _ORG_MAX_WORDS and doc.joined[j - 1]:
        if j in found and found[j][2] in ("LOC", "ORG"):
            # "جامعة دمشق", "بنك لبنان": a listed place completes it. A listed
            # body right after the head is the name on its own ("حركة
            # [حماس]", "تنظيم [القاعدة]"), so that it keeps its canonical name.
            if not found[j][1] and found[j][2] == "LOC":
                j = found[j][0]
            break
        word = doc.norms[j]
        if j in covered or word in stop:
            break
        if word.startswith("ال"):
            if j > i + 1 and not _continues_org(word, gazetteer):
                break
            j += 1
        elif (
            j == i + 1
            and j + 1 < n
            and doc.joined[j]
            and doc.norms[j + 1].startswith("ال")
            and doc.norms[j + 1] not in stop
            and not word.startswith(CLITIC_ARTICLES)
            and word[0] not in "وف"
            and resources.lexicon().get(word, 0) >= COMMON_COUNT
        ):
            # An indefinite common noun in an idafa chain: "كبار العلماء".
            j += 2
        elif (
            word.startswith("لل")
            and j > i + 1
            and looks_nisba(doc.norms[j - 1])
            and resources.lexicon().get(word, 0) >= COMMON_COUNT
        ):
            j += 1
            break
        else:
            break
    return min(j, n)


def _apply_name_head(doc, j, kind, head_word, gazetteer, found, covered):
    """Tag the name after a head word such as مدينة or نادي."""
    entry = found.get(j)
    if entry is not None:
        # A listed name after the head: confirm it if ambiguous; a place after
        # نادي or فريق stays a place (national teams are named by country).
        if entry[4] and (entry[2] == kind or kind == "ORG"):
            found[j] = (entry[0], entry[1], kind, entry[3], False)
        return
    if j in covered or is_nisba(doc.norms[j]) or looks_nisba(doc.norms[j]):
        return
    word = doc.norms[j]
    if not is_name_like(word, gazetteer) or word in ORG_HEADS:
        return
    if head_word in CONFIRM_ONLY_HEADS:
        return
    end = name_span(doc, j, gazetteer, limit=1)
    if end > j and not covered.intersection(range(j, end)):
        found[j] = (end, 0, kind, span_text(doc, j, end), False)
        covered.update(range(j, end))
