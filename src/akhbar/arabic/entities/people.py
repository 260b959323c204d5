"""Rules that find people the lists do not know.

A title or role, a verb of saying, a kunya, an adjective of nationality or a
known first name before name-like words marks a person (see
:mod:`akhbar.arabic.entities`).
"""

from .. import resources
from ..lexicon import (
    SPEECH_VERBS,
    TITLE_FILLERS,
    WEAK_FIRST_NAMES,
    clitic_forms,
    is_nisba,
    kunya_clitic,
    looks_nisba,
)
from ..normalize import strip_marks
from .document import (
    FIRST,
    KUNYA,
    NISBA,
    SPEECH,
    TITLE,
    comma_between,
    covered_tokens,
    joined_reach,
    span_text,
)
from .names import COMMON_COUNT, MAX_NAME_WORDS, is_name_like, name_span

__all__ = ["apply_person_rules"]

# Common words skipped between a title and the name ("وزير الثقافة الإيراني").
_TITLE_MAX_SKIP = 3
# A word after a nationality adjective starts a name only if rarer than this
# in news text ("الإسباني نادال", not "الإسباني أمس").
_NISBA_NAME_MAX_COUNT = 8
# Roles that may start a person rule at a word.
_PERSON_CUES = TITLE | SPEECH | KUNYA | NISBA | FIRST


def apply_person_rules(doc, gazetteer, found):
    """Add the people the person rules find in ``doc`` to ``found``.

    A known name after a title is confirmed even when ambiguous; a listed
    one-word first name is extended to the name words after it.
    """
    covered = covered_tokens(found)
    n = len(doc.norms)
    roles = doc.roles
    i = 0
    while i < n:
        if i in covered:
            i = _extend_known_first_name(doc, i, gazetteer, found, covered)
            continue
        if not roles[i] & _PERSON_CUES:
            i += 1
            continue
        title = _match_title(doc, i, gazetteer)
        if title:
            # Skip adjectives, places, organisations and fillers after the
            # title, and at most one comma, to reach the name.
            j = i + title
            skipped = 0
            while j < n and (doc.joined[j - 1] or comma_between(doc, j - 1)):
                word = doc.norms[j]
                if j in found and found[j][2] != "PER":
                    j = found[j][0]
                elif word in TITLE_FILLERS or is_nisba(word) or looks_nisba(word):
                    j += 1
                elif skipped < _TITLE_MAX_SKIP and _is_title_complement(
                    doc, j, gazetteer
                ):
                    # "وزير الثقافة", "مستشار الأمن الوطني", "رئيس تحرير
                    # جريدة الوفاق": common words completing the role.
                    j += 1
                    skipped += 1
                else:
                    break
            if j < n and j in found and found[j][2] == "PER":
                # A known (possibly ambiguous) name after a title is a person.
                entry = found[j]
                found[j] = (*entry[:4], False)
                i = entry[0]
                continue
            if (
                j < n
                and j not in covered
                and (doc.joined[j - 1] or comma_between(doc, j - 1))
            ):
                end = name_span(doc, j, gazetteer)
                if end > j:
                    found[j] = (end, 0, "PER", span_text(doc, j, end), False)
                    covered.update(range(j, end))
                    i = end
                    continue
            i += title
            continue
        end = (
            _speaker_span(doc, i, gazetteer, covered)
            or _kunya_span(doc, i, gazetteer, covered)
            or (
                doc.norms[i].endswith(("ي", "يه"))
                and _nisba_person_span(doc, i, gazetteer, covered)
            )
        )
        if end:
            start = i + 1 if end < 0 else i
            end = abs(end)
            # Only a kunya starts at i with a clitic before it ("وأبو").
            skipped = kunya_clitic(doc.norms[start]) if start == i else 0
            found[start] = (
                end,
                skipped,
                "PER",
                span_text(doc, start, end, skipped),
                False,
            )
            covered.update(range(start, end))
            i = end
            continue
        word = doc.norms[i]
        for form, skipped in clitic_forms(word):
            if (
                form in gazetteer.first_names
                and i + 1 < n
                and doc.joined[i]
                and not _is_function_word(form, doc.tokens[i].text)
                and (form not in WEAK_FIRST_NAMES or _known_next(doc, i, gazetteer))
            ):
                end = name_span(doc, i + 1, gazetteer, limit=MAX_NAME_WORDS - 1)
                if end > i + 1 and not covered.intersection(range(i, end)):
                    canonical = span_text(doc, i, end, skipped)
                    found[i] = (end, skipped, "PER", canonical, False)
                    covered.update(range(i, end))
                    i = end - 1
                break
        i += 1


def _match_title(doc, i, gazetteer):
    """Return the number of words of a title starting at ``i``, or 0."""
    reach = 1
    for form, _ in clitic_forms(doc.norms[i]):
        if form not in gazetteer.title_words:
            continue
        reach = joined_reach(doc, i, reach, gazetteer.max_title)
        for length in range(min(gazetteer.max_title, reach), 0, -1):
            if (form, *doc.norms[i + 1 : i + length]) in gazetteer.titles:
                return length
    return 0


def _is_title_complement(doc, j, gazetteer):
    """True for a common word that completes a role after a title.

    Definite common nouns ("الثقافة" in "وزير الثقافة") and indefinite ones
    in an idafa before a definite word ("تحرير" in "رئيس تحرير الصحيفة")
    do; rare words, which may be the name itself, do not.
    """
    word = doc.norms[j]
    if word in resources.stopwords() or word in gazetteer.person_words:
        return False
    if resources.lexicon().get(word, 0) < COMMON_COUNT:
        return False
    if word.startswith("ال"):
        return True
    return (
        j + 1 < len(doc.norms)
        and doc.joined[j]
        and doc.norms[j + 1].startswith("ال")
        and word[0] not in "وفي"
    )


def _speaker_span(doc, i, gazetteer, covered):
    """Return -end for "قال X إن" (X unknown and name-like), else 0.

    A verb of saying followed by rare name-like words and then إن/أن, a colon
    or a comma reports what a person said: "وقال كيربي إن".
    """
    if not any(form in SPEECH_VERBS for form, _ in clitic_forms(doc.norms[i])):
        return 0
    j = i + 1
    n = len(doc.norms)
    if j >= n or not doc.joined[i] or j in covered:
        return 0
    if doc.norms[j].startswith("ال") or not is_name_like(doc.norms[j], gazetteer):
        return 0
    end = name_span(doc, j, gazetteer, limit=1)
    if end == j or covered.intersection(range(j, end)) or end >= n:
        return 0
    gap = doc.text[doc.tokens[end - 1].end : doc.tokens[end].start].strip()
    if doc.norms[end] in ("ان", "انه") and not gap or gap in (":", "،", ","):
        return -end
    return 0


def _kunya_span(doc, i, gazetteer, covered):
    """Return the end of "أبو X" (a kunya), else 0.

    A nisba-like epithet right after the kunya belongs to the name, as in
    "أبو أيوب المصري" or "أبو محمد الجولاني".
    """
    if kunya_clitic(doc.norms[i]) is None:
        return 0
    if i + 1 >= len(doc.norms) or not doc.joined[i]:
        return 0
    end = name_span(doc, i + 1, gazetteer, limit=1)
    if end == i + 1 or covered.intersection(range(i + 1, end)):
        return 0
    if (
        end < len(doc.norms)
        and doc.joined[end - 1]
        and end not in covered
        and looks_nisba(doc.norms[end])
        and doc.norms[end] not in TITLE_FILLERS
    ):
        end += 1
    return end


def _nisba_person_span(doc, i, gazetteer, covered):
    """Return -end for "الإسباني [رافاييل نادال]", else 0.

    A definite adjective of nationality followed by unknown name-like words
    introduces a person in sports and culture news ("البرازيلي كافو"). The
    first word must be rare or a known first name, and the span stops before
    words the lexicon knows as common; the model confirms or drops it.
    """
    if not any(
        form.startswith("ال") and is_nisba(form)
        for form, _ in clitic_forms(doc.norms[i])
    ):
        # "والفنلندي كيمي رايكونن": a clitic on the adjective changes nothing.
        return 0
    j = i + 1
    n = len(doc.norms)
    if j >= n or not doc.joined[i] or j in covered:
        return 0
    following = doc.norms[j]
    if following.startswith("ال") or not is_name_like(following, gazetteer):
        return 0
    if (
        following not in gazetteer.first_names
        and resources.lexicon().get(following, 0) >= _NISBA_NAME_MAX_COUNT
    ):
        return 0
    end = name_span(doc, j, gazetteer, limit=MAX_NAME_WORDS - 1)
    if end == j or covered.intersection(range(j, end)):
        return 0
    return -end


def _known_next(doc, i, gazetteer):
    return doc.norms[i + 1] in gazetteer.person_words


def _extend_known_first_name(doc, i, gazetteer, found, covered):
    """Extend a listed one-word name that is a first name ("عمرو" شبانة).

    Return the index to resume scanning from.
    """
    entry = found.get(i)
    if (
        entry is None
        or entry[2] != "PER"
        or entry[0] != i + 1
        or i + 1 >= len(doc.norms)
    ):
        return i + 1
    forms = [form for form, _ in clitic_forms(doc.norms[i])]
    if not doc.joined[i] or not any(f in gazetteer.first_names for f in forms):
        return i + 1
    if any(f in WEAK_FIRST_NAMES for f in forms) and not _known_next(doc, i, gazetteer):
        return i + 1
    end = name_span(doc, i + 1, gazetteer, limit=MAX_NAME_WORDS - 1)
    if end == i + 1 or covered.intersection(range(i + 1, end)):
        return i + 1
    skipped = entry[1]
    found[i] = (end, skipped, "PER", span_text(doc, i, end, skipped), False)
    covered.update(range(i, end))
    return end


def _is_function_word(form, surface):
    """True for stopwords that normalise like names (على → علي)."""
    if form == "علي":
        return strip_marks(surface).endswith("ى")
    return form in resources.stopwords()
