"""The gazetteer: aliases of known entities, titles and first names.

Loaded from the TSV and text lists shipped in ``akhbar/arabic/data`` (plus any
editor files); it also carries the per-word caches of extraction, which any
change to the lists drops.
"""

from functools import cache

from .. import resources
from ..lexicon import is_content_word
from ..normalize import normalize, strip_marks
from .listed import clean_listed_name, is_date_name

__all__ = ["CURATED_FILES", "TYPES", "Gazetteer"]

TYPES = ("PER", "LOC", "ORG")
"""Entity types: people, places, organisations."""

CURATED_FILES = ("places.tsv", "organisations.tsv", "people.tsv", "entities.tsv")
"""Curated lists, loaded in this order after the derived one (later files win)."""


class Gazetteer:
    """Aliases of known entities, keyed by their normalised words.

    Built from TSV files with columns type, canonical, aliases ("|"-separated)
    and ambiguous aliases; later files override earlier ones, so editors can
    correct the shipped lists with their own files.
    """

    def __init__(self):
        self.entries = {}  # tuple of normalised words -> (canonical, type, ambiguous)
        # canonical -> its aliases as the lists spell them, for readers' pages.
        self.aliases = {}
        self.first_words = {}  # first normalised word -> longest entry length
        self.titles = set()
        self.max_title = 1
        self.first_names = set()
        self.person_words = set()
        # Content words of listed places and organisations, for the model.
        self.type_words = {kind: set() for kind in TYPES}
        # Every word of every title, for the sequence model's features.
        self.title_words = set()
        # The sequence model: None for the shipped one, False for rules only,
        # or an ner_model.Model (the benchmark sets one trained on its split).
        self.model = None
        # Per-word features of the sequence model and per-word roles in the
        # rules (see document.token_roles), dropped on any change.
        self.feature_cache = {}
        self.roles = {}

    @classmethod
    def load(cls, extra_paths=(), *, include_derived=True, derived_path=None):
        """Return a gazetteer from the shipped lists plus ``extra_paths``.

        ``include_derived`` adds the list derived from NewsFANE (or the one at
        ``derived_path``), loaded first so curated and extra files win.
        """
        gazetteer = cls()
        data = resources.DATA_DIR
        if include_derived:
            gazetteer.load_file(derived_path or data / "newsfane_entities.tsv")
        for name in CURATED_FILES:
            gazetteer.load_file(data / name)
        for path in extra_paths:
            gazetteer.load_file(path)
        for line in resources.read_lines(data / "titles.txt"):
            gazetteer.add_title(line.strip())
        for line in resources.read_lines(data / "first_names.txt"):
            gazetteer.add_first_name(line.strip())
        gazetteer.person_words.update(resources.protected_stems())
        return gazetteer

    @classmethod
    @cache
    def default(cls):
        """Return the shared gazetteer built from the shipped lists."""
        return cls.load()

    def load_file(self, path):
        """Add the entities of one TSV file (see the class docstring).

        Names pass the lists' rules (``listed``): stray punctuation dropped,
        an entry whose name is a date (``14 اذار``) or nothing left out.
        """
        for line in resources.read_lines(path):
            fields = line.split("\t")
            if len(fields) < 2 or fields[0] not in TYPES:
                continue
            kind, canonical = fields[0], _listed(fields[1])
            if not canonical:
                continue
            ambiguous_aliases = (
                [_listed(a) for a in fields[3].split("|")] if len(fields) > 3 else []
            )
            # A canonical name listed among its own ambiguous aliases is a
            # common word too (الباب, العين): it is added as ambiguous below.
            if canonical not in ambiguous_aliases:
                self.add_alias(canonical, canonical, kind)
            for column, ambiguous in ((2, False), (3, True)):
                if len(fields) > column:
                    for alias in fields[column].split("|"):
                        alias = _listed(alias)
                        if alias:
                            self.add_alias(canonical, alias, kind, ambiguous=ambiguous)

    def add_alias(self, canonical, alias, type, *, ambiguous=False):
        """Map ``alias`` to ``canonical`` of ``type`` ("PER", "LOC", "ORG").

        An ambiguous alias is a common word too; it is tagged only when the
        canonical name or a title supports it in the same text.
        """
        if type not in TYPES:
            raise ValueError(f"type must be one of {TYPES}, not {type!r}")
        key = tuple(normalize(strip_marks(alias)).split())
        if not key:
            return
        self._changed()
        self.entries[key] = (canonical, type, ambiguous)
        self.aliases.setdefault(canonical, {})[alias.strip()] = type
        if len(key) > self.first_words.get(key[0], 0):
            self.first_words[key[0]] = len(key)
        if not ambiguous:
            self.type_words[type].update(w for w in key if is_content_word(w))
        if type == "PER":
            self.person_words.update(w for w in key if is_content_word(w))
            if len(key) > 1 and is_content_word(key[0]):
                self.first_names.add(key[0])

    def add_title(self, title):
        """Add a title that introduces a person's name."""
        key = tuple(normalize(title).split())
        if key:
            self._changed()
            self.titles.add(key)
            self.title_words.update(key)
            self.max_title = max(self.max_title, len(key))

    def add_first_name(self, name):
        """Add a first name (one or more words, e.g. "عبد الله")."""
        key = normalize(name).split()
        if key:
            self._changed()
            self.first_names.add(key[0])
            self.person_words.update(key)

    def _changed(self):
        self.feature_cache.clear()
        self.roles.clear()


def _listed(name):
    """``name`` as the lists' rules keep it: "" for a date or no name."""
    name = clean_listed_name(name)
    return "" if is_date_name(name) else name
