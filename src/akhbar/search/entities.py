"""Entities in the index and in queries: one term per canonical entity.

A document's entities (``IndexDocument.entities``, canonical names found by
``akhbar.arabic``) are indexed as words of their own field and, here, as one
id term each ("@" and the name's normal form). A query that names an entity in
a spelling the gazetteer folds but its stories do not write (بوتن, Putin for
فلاديمير بوتين) carries the same id term (``spelled_otherwise``), so it finds
and ranks first the stories about that entity.

Which gazetteer extraction uses is given by the entities app
(``register_gazetteer_provider``): the shipped lists with editors' changes.
"""

from collections.abc import Callable

from akhbar.arabic.normalize import normalize, strip_marks

# Marks an entity id term; no analysed word starts with it.
ENTITY_TAG = "@"
# Between the canonical names in a document's ``entities``.
ENTITY_SEPARATOR = " ، "

# What gives the gazetteer extraction uses (``register_gazetteer_provider``).
_gazetteer_provider: list[Callable] = []
# The gazetteer of a rebuild under way, for its forked worker to inherit.
rebuild_gazetteer: list = []


def register_gazetteer_provider(provider: Callable) -> None:
    """Have ``provider()`` give the gazetteer entity extraction uses: the
    entities app gives the lists with editors' renames, merges and aliases.
    Without one, the shipped gazetteer."""
    _gazetteer_provider[:] = [provider]


def entity_gazetteer():
    """The gazetteer extraction uses now (None: the shipped one)."""
    if rebuild_gazetteer:
        return rebuild_gazetteer[0]
    return _gazetteer_provider[0]() if _gazetteer_provider else None


def entity_canonicals(text: str, *, gazetteer=None) -> list[str]:
    """The canonical names of the entities in ``text``, each once, in order."""
    from akhbar.arabic import extract_entities

    found = extract_entities(text, gazetteer or entity_gazetteer())
    return list(dict.fromkeys(e.canonical for e in found))


def _words(text: str) -> set[str]:
    return set(normalize(strip_marks(text)).split())


def spelled_otherwise(text: str, *, gazetteer=None) -> list[str]:
    """Canonical names of the entities ``text`` names in a spelling of words
    the canonical name does not have ("بوتن", "Putin" for "فلاديمير بوتين";
    not "بوتين", whose word the name and its stories share already).

    Measured on the dev set (bench/search_quality.py), an id term for every
    entity a question names ranks worse: a frequent entity (السعودية) then
    outweighs the question's rarer words. Bridging spellings is what the
    words alone cannot do.
    """
    from akhbar.arabic import extract_entities

    names = []
    for mention in extract_entities(text, gazetteer or entity_gazetteer()):
        if not _words(mention.text) <= _words(mention.canonical):
            names.append(mention.canonical)
    return list(dict.fromkeys(names))


def entity_term(name: str) -> str:
    """The id term of the entity called ``name``."""
    return ENTITY_TAG + "_".join(normalize(strip_marks(name)).split())[:60]


def entity_terms(names: str) -> list[str]:
    """The id terms of a document's ``entities`` field."""
    return [
        entity_term(name)
        for name in names.split(ENTITY_SEPARATOR.strip())
        if name.strip()
    ]
