"""The contract every search backend keeps: what goes in, what comes out."""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from akhbar.arabic.search_terms import ANALYSIS_VERSION


@dataclass
class IndexDocument:
    """A document as the index receives it: original texts, facets and a date."""

    kind: str
    object_id: str
    headline: str = ""
    standfirst: str = ""
    body: str = ""
    tags: str = ""
    entities: str = ""
    authors: str = ""
    url: str = ""
    published_at: datetime.datetime | None = None
    facets: list[tuple[str, str]] = field(default_factory=list)

    def fields(self) -> dict[str, str]:
        return {
            "headline": self.headline,
            "standfirst": self.standfirst,
            "body": self.body,
            "tags": self.tags,
            "entities": self.entities,
            "authors": self.authors,
        }


@dataclass
class SearchQuery:
    """What a reader asked for.

    ``text`` may hold quoted phrases ("..." or «...»), which results must
    contain; the other words are optional and rank by how much of the query a
    document covers. ``facets`` maps a facet name (section, author, tag) to the
    value results must have. ``recency`` > 0 favours newer documents among the
    best matches: a score is multiplied by up to 1 + recency for a document
    published now, half that for one ``recency_days`` old.
    """

    text: str
    kind: str | None = None
    facets: dict[str, str] = field(default_factory=dict)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    offset: int = 0
    limit: int = 10
    recency: float = 0.0
    recency_days: float = 30.0


@dataclass
class SearchHit:
    document_id: int
    kind: str
    object_id: str
    score: float
    headline: str
    standfirst: str
    body: str
    url: str
    published_at: datetime.datetime | None
    # The light stems of the document's content words in field order, as indexed
    # (empty when a backend does not keep them).
    tokens: str = ""


@dataclass
class SearchResults:
    """One page of hits, the number of matches and what the query was taken as."""

    hits: list[SearchHit]
    total: int
    stems: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)

    def __bool__(self):
        return bool(self.hits)


class BaseSearchBackend:
    """A search index. Subclasses store documents and answer queries.

    ``params`` come from the AKHBAR_SEARCH_BACKEND_OPTIONS setting; ``using`` is
    the database alias, so a batch evaluation can run the very same backend on a
    throwaway database.
    """

    # False for a backend that stores nothing (the dummy): the index's health
    # checks do not apply to it.
    keeps_documents = True

    def __init__(self, params: dict | None = None, *, using: str = "default"):
        self.params = dict(params or {})
        self.using = using

    def index_documents(self, documents: Iterable[IndexDocument]) -> None:
        """Add documents, replacing any with the same (kind, object id)."""
        raise NotImplementedError

    def remove_documents(self, kind: str, object_ids: Iterable[str]) -> None:
        """Remove documents; ids that are not indexed are ignored."""
        raise NotImplementedError

    def rebuild(
        self,
        documents: Iterable[IndexDocument],
        *,
        total: int | None = None,
        progress: bool = False,
    ) -> int:
        """Replace the whole index with ``documents``; return how many were indexed.

        Atomic: until the new index is complete, searches answer from the old
        one, and a rebuild that is interrupted leaves the old one whole.
        ``total`` sizes the progress bar shown when ``progress`` is true.
        """
        raise NotImplementedError

    def rebuild_started_at(self) -> datetime.datetime | None:
        """When a rebuild that has not finished began: one running now, or one
        that was interrupted. None when every rebuild finished."""
        return None

    def analysis_version(self) -> int | None:
        """The ``ANALYSIS_VERSION`` the index was built with: None for one built
        before the stamp existed, the code's own for a backend that stores no
        terms of its own."""
        return ANALYSIS_VERSION

    def merge(self) -> None:
        """Fold recent postings into the main tier (no change in results)."""

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def stored_documents(
        self, kind: str, object_ids: Iterable[str]
    ) -> list[IndexDocument]:
        """The indexed documents of ``kind`` with these ids, as they were indexed
        (facets included); ids not indexed are skipped."""
        return []

    def similar_documents(
        self, document: IndexDocument, *, limit: int = 50, boosts=None
    ) -> list[tuple[str, float]]:
        """The documents of ``document.kind`` sharing most weighted terms with it.

        "More like this": the document is analysed as it would be indexed, its
        BM25F impacts become the query's term weights (times ``boosts[field]``
        for a term found in that field, e.g. the entity names), and the index
        scores every document as for a query. Returns (object id, score), best
        first, without the document itself.
        """
        return []

    def similar_documents_many(
        self, documents: Iterable[IndexDocument], *, limit: int = 50, boosts=None
    ) -> Iterator[list[tuple[str, float]]]:
        """``similar_documents`` of each of ``documents``, in order, for a bulk
        build: the index must not change until the last is read."""
        for document in documents:
            yield self.similar_documents(document, limit=limit, boosts=boosts)

    def document_count(self) -> int:
        raise NotImplementedError
