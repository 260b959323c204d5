"""The sequence model's say on the rules' mentions.

The CRF of :mod:`akhbar.arabic.ner_model` reads the tokens with the list and
rule decisions as features; :func:`apply_model` then keeps, retypes, extends
or drops the rules' mentions and adds the model's own.
"""

from .. import ner_model, resources
from ..lexicon import (
    NAME_LINKS,
    clitic_forms,
    is_content_word,
    is_nisba,
    looks_nisba,
    name_words,
)
from .document import span_text
from .names import COMMON_COUNT

__all__ = [
    "apply_model",
    "clitic_length",
    "complete_link",
    "is_possessed",
    "split_name_lists",
    "trim_common_tail",
]

# Lowest probability, on each word, that the model gives a mention's type,
# for the mention to be kept, to retype a listed place as an organisation,
# and to extend a listed name; tuned on the NewsFANE train split.
_MODEL_MIN = 0.6
_MODEL_RETYPE = 0.7
_MODEL_EXTEND = 0.9

# An ambiguous alias (الأسد) is tagged on the model's word alone only when it
# is near certain: on a lion ("زأر الأسد") the model still gives 0.8-0.9.
_MODEL_AMBIGUOUS = 0.95

# Pronoun suffixes that mark a possessed noun, longest first; ه is left out
# because ة is normalised to ه and ends many names (أسامة).
_POSSESSIVE_SUFFIXES = ("كما", "هما", "كم", "كن", "هم", "هن", "ها", "ك")

# Tanween marks an indefinite common word (عسكريًا, دعمًا): names do not take
# it, so a model mention with it is a mistake.
_TANWEEN = frozenset("\u064b\u064c\u064d")
# Gaps that end a model span: no name runs across a bracket.
_NAME_BREAKS = frozenset("()[]{}«»")


def apply_model(doc, gazetteer, listed, found):
    """Let the sequence model decide on the rules' guesses and add its own.

    On NewsFANE the rules alone reach about 0.66 precision, the model with
    the rules' output as features about 0.77, so the model has the last word
    except on listed names:

    * a listed name (lists and editor files) stays, with its canonical form;
      the model may only turn a listed place into an organisation (a country
      or city named for its team or government: "فاز المغرب على تايلاند"),
      or extend it to a longer name of the same type ("[فان] نيستلروي");
    * a rule mention (after a title, a head word, a first name) stays only
      if the model tags the same span with the same type;
    * an ambiguous alias is left to the rules (الأسد the lion stays out);
    * the model's other mentions fill the gaps when it is confident enough.
    """
    model = gazetteer.model
    if model is None:
        model = ner_model.default_model()
    if not model or not doc.tokens:
        return
    spans = split_name_lists(doc, model.spans(doc, gazetteer, listed, found))
    predicted = {(i, j): (kind, p) for i, j, kind, p in spans}
    keep = {}
    for i, entry in found.items():
        if i in listed and not entry[4]:
            kind, p = predicted.get((i, entry[0]), (None, 0.0))
            if kind == "ORG" and entry[2] == "LOC" and p >= _MODEL_RETYPE:
                entry = (entry[0], entry[1], kind, entry[3], False)
            keep[i] = entry
    for i, j, kind, p in spans:
        inside = [k for k, e in keep.items() if i <= k and e[0] <= j]
        if (
            p >= _MODEL_EXTEND
            and inside
            and all(keep[k][2] == kind and (k, keep[k][0]) != (i, j) for k in inside)
            and not any(k < i < e[0] or k < j < e[0] for k, e in keep.items())
        ):
            for k in inside:
                del keep[k]
    owner = set()
    for i, entry in keep.items():
        owner.update(range(i, entry[0]))
    result = dict(keep)
    for i, entry in found.items():
        kind, p = predicted.get((i, entry[0]), (None, 0.0))
        agreed = kind == entry[2]
        if agreed and entry[4] and p >= _MODEL_AMBIGUOUS:
            # An ambiguous alias the model is sure of in its sentence ("وكان
            # [الأسد] قال في خطابه"), with no full name in the text.
            entry = (*entry[:4], False)
        if i not in result and (agreed or entry[4]):
            if not owner.intersection(range(i, entry[0])):
                result[i] = entry
                owner.update(range(i, entry[0]))
    for i, j, kind, p in spans:
        if p < _MODEL_MIN or any(
            is_possessed(doc.norms[k]) or _TANWEEN.intersection(doc.tokens[k].text)
            for k in range(i, j)
        ):
            continue
        if kind == "PER":
            j = trim_common_tail(doc, i, complete_link(doc, j), gazetteer)
        if not owner.intersection(range(i, j)):
            result[i] = _model_entry(doc, i, j, kind, gazetteer)
            owner.update(range(i, j))
    found.clear()
    found.update(result)


def split_name_lists(doc, spans):
    """Split model spans at brackets, person spans at "و" + a name.

    The model sometimes runs two people joined by "and" into one mention
    ("فيليبس [وسميث]"); a word that is و before a name word, and no name
    itself (وليد), starts a new one.
    """
    names = name_words()
    result = []
    text = doc.text
    tokens = doc.tokens
    for i, j, kind, p in spans:
        for k in range(i + 1, j):
            if _NAME_BREAKS.intersection(text[tokens[k - 1].end : tokens[k].start]):
                # No name runs across a bracket: "[محمود عباس] ([أبو مازن])".
                result.append((i, k, kind, p))
                i = k
        if kind == "PER":
            for k in range(i + 1, j):
                word = doc.norms[k]
                if word.startswith("و") and word not in names and word[1:] in names:
                    result.append((i, k, kind, p))
                    i = k
        result.append((i, j, kind, p))
    return result


def complete_link(doc, j):
    """Return the end of a model person mention that ends in a link word.

    A name does not end in أبو, بن or عبد; when the model stops there ("[أبو]
    فارس", "[وأبو] السكر"), the name-like word after it completes the name.
    """
    if (
        j < len(doc.norms)
        and doc.joined[j - 1]
        and any(f in NAME_LINKS for f, _ in clitic_forms(doc.norms[j - 1]))
        and is_content_word(doc.norms[j])
        and not is_nisba(doc.norms[j])
    ):
        return j + 1
    return j


def trim_common_tail(doc, i, j, gazetteer):
    """Return the end of a model person mention without common words at its end.

    The model sometimes runs a name into the next word ("[هيرمان مؤتمرا]",
    "[فينوجرادوف القول]"); a frequent word that no name list knows ends no
    name.
    """
    lexicon = resources.lexicon()
    names = name_words()
    while j - i > 1:
        word = doc.norms[j - 1]
        if (
            lexicon.get(word, 0) < COMMON_COUNT
            or looks_nisba(word)
            or word in gazetteer.person_words
            or word in gazetteer.first_words
            or word in names
        ):
            break
        j -= 1
    return j


def is_possessed(word):
    """True for a common noun with a possessive suffix (بريدك, كتابهم).

    A name does not take "your" or "their"; the model, which has seen few
    such words, sometimes takes a rare possessed noun for a name.
    """
    lexicon = resources.lexicon()
    for suffix in _POSSESSIVE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            rest = lexicon.get(word[: -len(suffix)], 0)
            return rest >= COMMON_COUNT and lexicon.get(word, 0) * 10 < rest
    return False


def _model_entry(doc, i, j, kind, gazetteer):
    """Return the internal entry for a model mention of tokens ``i:j``.

    A span that is a listed alias takes its canonical name; otherwise a
    clitic (و, ب, لل ...) is cut from the first word when the rest is a
    known name or word, and the surface text is the canonical name.
    """
    rest = doc.norms[i + 1 : j]
    forms = clitic_forms(doc.norms[i])
    for form, skipped in forms:
        hit = gazetteer.entries.get((form, *rest))
        if hit and hit[1] == kind:
            return (j, skipped, kind, hit[0], False)
    skipped = clitic_length(doc.norms[i], gazetteer)
    return (j, skipped, kind, span_text(doc, i, j, skipped), False)


def clitic_length(word, gazetteer):
    """Return the letters of a proclitic to cut from the first word of a name.

    A listed or name word stays whole (بوتين, لبنان); a clitic goes when the
    rest is a listed name, carries the article (وال, لل) or is a much more
    frequent word than the whole (as the stemmer decides).
    """
    if word in gazetteer.first_words or word in gazetteer.person_words:
        return 0
    lexicon = resources.lexicon()
    count = lexicon.get(word, 0)
    for form, letters in clitic_forms(word)[1:]:
        if (
            form in gazetteer.first_words
            or form in gazetteer.person_words
            or form in name_words()
            or (form.startswith("ال") and not word.startswith("ال"))
            or lexicon.get(form, 0) >= max(COMMON_COUNT, 10 * count)
        ):
            return letters
    return 0
