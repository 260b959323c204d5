"""The entry point: :func:`extract_entities` and the :class:`Entity` it returns."""

from dataclasses import dataclass

from ..lexicon import HONORIFICS, clitic_forms
from .document import Doc, skip_letters
from .gazetteer import Gazetteer
from .model import apply_model
from .references import propagate_mentions, resolve_references, tag_short_forms
from .rules import rule_matches

__all__ = ["Entity", "extract_entities"]


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention: offsets into the original text and its canonical name."""

    start: int
    end: int
    text: str
    type: str
    canonical: str

    def as_dict(self):
        """Return the mention as a plain dict (for JSON output)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "canonical": self.canonical,
        }


def extract_entities(text: str, gazetteer=None) -> list[Entity]:
    """Return the entity mentions in ``text`` in order of appearance.

    Each mention carries offsets into ``text`` (clitics such as و or ل before
    the name are excluded), its surface text, its type ("PER", "LOC", "ORG")
    and the canonical name shared by all its variants: "بوتين", "فلاديمير
    بوتين" and "الرئيس الروسي فلاديمير بوتين" all give "فلاديمير بوتين".
    """
    gazetteer = gazetteer or Gazetteer.default()
    doc = Doc(text)
    listed, found = rule_matches(doc, gazetteer)
    apply_model(doc, gazetteer, listed, found)
    tag_short_forms(doc, gazetteer, found)
    propagate_mentions(doc, found)
    resolve_references(doc, found)
    mentions = []
    for i, (end, skipped, kind, canonical, ambiguous) in sorted(found.items()):
        if ambiguous:
            continue
        if kind == "PER":
            start = _after_honorifics(doc, i, end)
            if start > i:
                i, skipped = start, 0
        mentions.append(_entity(doc, i, end, skipped, kind, canonical))
    return mentions


def _entity(doc, i, j, skipped, kind, canonical):
    first = doc.tokens[i]
    start = first.start + skip_letters(first.text, skipped)
    end = doc.tokens[j - 1].end
    return Entity(start, end, doc.text[start:end], kind, canonical)


def _after_honorifics(doc, i, end):
    """Return the first token of a person mention after royal titles.

    Listed aliases such as "الملك فهد" or "ولي العهد الأمير الحسين" keep
    their canonical name, but the mention, like one found after any other
    title, is the name alone ("فهد"), as news annotation has it.
    """
    j = i
    while j < end - 1:
        forms = [f for f, _ in clitic_forms(doc.norms[j])] if j == i else [doc.norms[j]]
        if any(f in HONORIFICS for f in forms):
            j += 1
        elif (
            j < end - 2
            and doc.norms[j + 1] == "العهد"
            and any(f == "ولي" for f in forms)
        ):
            j += 2
        else:
            break
    return j
