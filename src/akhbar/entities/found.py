"""Names the model found that no list knows: grouped by a folded spelling and
counted in articles, so that one named often enough becomes an entity
(``services.entities_promote_found``)."""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from akhbar.arabic import extract_entities
from akhbar.search.models import SearchDocument
from akhbar.search.services import ARTICLE, ENTITY_SEPARATOR

from .catalogue import alias_key, catalogue, extraction_gazetteer

# Long vowels inside a word, which transliterations of one foreign name write
# or leave out (بوتين, بوتن; كيربي, كربي).
_INNER_VOWELS = re.compile("[اوي]")
# Articles read at most to tell a found name's type.
TYPE_ARTICLES = 5
# Ids in one ``IN (...)`` list: well under SQLite's limit of bound values.
_IN_QUERY = 500


def fold(name: str) -> str:
    """The spelling-blind form of an unlisted name: its normal form with the
    long vowels inside each word of four letters or more dropped, so
    "بوتين" and "بوتن" share one."""
    words = []
    for word in alias_key(name).split():
        if len(word) >= 4:
            word = word[0] + _INNER_VOWELS.sub("", word[1:-1]) + word[-1]
        words.append(word)
    return " ".join(words)


@dataclass
class FoundName:
    """One unlisted name: its spellings by articles, and the articles."""

    spellings: Counter = field(default_factory=Counter)
    articles: set = field(default_factory=set)

    @property
    def name(self) -> str:
        """The spelling most articles use (the shortest of equals)."""
        return min(self.spellings, key=lambda s: (-self.spellings[s], len(s), s))


def _is_name(text: str) -> bool:
    key = alias_key(text)
    return len(key.replace(" ", "")) >= 3 and not key.replace(" ", "").isdigit()


def found_names(*, within: set[str] | None = None) -> dict[str, FoundName]:
    """Unlisted names in live articles' entities, by folded form, counted over
    the articles of the last ``AKHBAR_ENTITIES_FOUND_DAYS`` days (all if 0).

    ``within`` keeps only the names whose folded form is in it.
    """
    known = catalogue()
    documents = SearchDocument.objects.filter(kind=ARTICLE).exclude(entities="")
    days = settings.AKHBAR_ENTITIES_FOUND_DAYS
    if days:
        since = timezone.now() - timedelta(days=days)
        documents = documents.filter(published_at__gte=since)
    groups: dict[str, FoundName] = defaultdict(FoundName)
    for object_id, names in documents.values_list("object_id", "entities"):
        for name in set(names.split(ENTITY_SEPARATOR)):
            if name in known.by_name or alias_key(name) in known.by_alias:
                continue
            if not _is_name(name):
                continue
            folded = fold(name)
            if within is not None and folded not in within:
                continue
            group = groups[folded]
            if object_id not in group.articles:
                group.articles.add(object_id)
                group.spellings[name] += 1
    return groups


def found_type(found: FoundName) -> str:
    """The type extraction gives the name in one of its articles ("PER" when
    it cannot tell)."""
    return found_types([found])[0]


def found_types(groups: list[FoundName]) -> list[str]:
    """The type of each name in ``groups``, as extraction gives it in the first
    of up to ``TYPE_ARTICLES`` of its articles that names it ("PER" when none
    does). Each article is read and extracted once, however many of the names
    it holds: one query per round and ``_IN_QUERY`` articles."""
    gazetteer = extraction_gazetteer()
    candidates = [sorted(group.articles)[:TYPE_ARTICLES] for group in groups]
    types: list[str | None] = [None] * len(groups)
    mentions: dict[str, list[tuple[str, str]]] = {}
    for turn in range(TYPE_ARTICLES):
        open_ = [
            i for i, c in enumerate(candidates) if types[i] is None and turn < len(c)
        ]
        wanted = sorted({candidates[i][turn] for i in open_} - set(mentions))
        for start in range(0, len(wanted), _IN_QUERY):
            documents = SearchDocument.objects.filter(
                kind=ARTICLE, object_id__in=wanted[start : start + _IN_QUERY]
            ).only("object_id", "headline", "standfirst", "body")
            for document in documents:
                text = "\n".join(
                    [document.headline, document.standfirst, document.body]
                )
                mentions[document.object_id] = [
                    (m.canonical, m.type) for m in extract_entities(text, gazetteer)
                ]
        for i in open_:
            spellings = groups[i].spellings
            for canonical, type in mentions.get(candidates[i][turn], ()):
                if canonical in spellings:
                    types[i] = type
                    break
    return [type or "PER" for type in types]
