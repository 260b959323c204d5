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
    spellings = set(found.spellings)
    for document in SearchDocument.objects.filter(
        kind=ARTICLE, object_id__in=sorted(found.articles)[:5]
    ):
        text = "\n".join([document.headline, document.standfirst, document.body])
        for mention in extract_entities(text, extraction_gazetteer()):
            if mention.canonical in spellings:
                return mention.type
    return "PER"
