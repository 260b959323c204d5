"""The index in the site's own database, ranked in Python by :mod:`..ranking`.

Everything but phrase matching is plain ORM and numpy, so SQLite and PostgreSQL
rank identically; the vendor subclasses add a full-text index of the light stems
for quoted phrases.
"""

import datetime
import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterable

import numpy as np
from django.db import connections, transaction
from django.utils import timezone

from akhbar.arabic.search_terms import ANALYSIS_VERSION
from akhbar.core.bulk import delete_rows

from .. import ranking, rerank
from ..models import (
    SearchDocument,
    SearchFacet,
    SearchIndexState,
    SearchPosting,
    SearchTerm,
)
from ..query import parse_query, respelled_words
from . import similar
from .base import (
    BaseSearchBackend,
    IndexDocument,
    SearchHit,
    SearchQuery,
    SearchResults,
)

logger = logging.getLogger(__name__)

# Recent postings are merged into the main tier once this many documents were
# indexed since the last merge: reading them costs one row per posting, the main
# tier one row per term.
MERGE_AFTER = 200
# Below this size a growing index is rebuilt from its stored documents when it has
# doubled since its average field lengths were measured; above it, rebuilding is
# left to ``akhbar reindex``, which takes minutes.
AUTO_REBUILD_LIMIT = 5000
# Main-tier postings kept in memory per process, in bytes: at 100,000 articles the
# postings of the few thousand most frequent terms.
CACHE_BYTES = 128 * 1024 * 1024
# Candidates re-ordered by date when a query asks for recency.
RECENCY_CANDIDATES = 200
_BATCH = 500
_STATE_PK = 1


class _PostingsCache:
    """Main-tier postings by term, valid for one main generation, LRU by size."""

    def __init__(self, limit):
        self.limit = limit
        self.size = 0
        self.generation = None
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, terms, generation):
        with self.lock:
            if generation != self.generation:
                self.entries.clear()
                self.size = 0
                self.generation = generation
            found = {}
            for term in terms:
                entry = self.entries.get(term)
                if entry is not None:
                    self.entries.move_to_end(term)
                    found[term] = entry
            return found

    def put(self, term, entry, generation):
        nbytes = entry[0].nbytes + entry[1].nbytes + 64
        with self.lock:
            if generation != self.generation or nbytes > self.limit // 4:
                return
            self.entries[term] = entry
            self.size += nbytes
            while self.size > self.limit:
                _, (ids, impacts) = self.entries.popitem(last=False)
                self.size -= ids.nbytes + impacts.nbytes + 64


_caches: dict[str, _PostingsCache] = {}


class DatabaseSearchBackend(BaseSearchBackend):
    """Two-tier postings in ordinary tables; BM25F scoring with numpy.

    Options (AKHBAR_SEARCH_BACKEND_OPTIONS): MERGE_AFTER, CACHE_BYTES.
    """

    def __init__(self, params=None, *, using="default"):
        super().__init__(params, using=using)
        self.merge_after = int(self.params.get("MERGE_AFTER", MERGE_AFTER))
        cache_bytes = int(self.params.get("CACHE_BYTES", CACHE_BYTES))
        key = "%s:%s" % (using, type(self).__name__)
        if key not in _caches:
            _caches[key] = _PostingsCache(cache_bytes)
        self.cache = _caches[key]

    # Vendor hooks: a full-text index of SearchDocument.tokens for phrases.

    @classmethod
    def install(cls, schema_editor) -> None:
        """Create what the vendor needs beyond the models' tables."""

    def _phrase_add(self, rows: list[tuple[int, str]]) -> None:
        """Index ``(document id, tokens)`` rows for phrase matching."""

    def _phrase_remove(self, rows: list[tuple[int, str]]) -> None:
        """Remove rows added by :meth:`_phrase_add`."""

    def _phrase_clear(self) -> None:
        """Empty the phrase index."""

    def _phrase_ids(self, phrases: list[list[str]]) -> np.ndarray:
        """Return the ids of documents containing every phrase."""
        raise NotImplementedError

    # Writing.

    def _documents(self):
        return SearchDocument.objects.using(self.using)

    def _state(self, *, lock=False) -> SearchIndexState:
        states = SearchIndexState.objects.using(self.using)
        if lock:
            states = states.select_for_update()
        state = states.filter(pk=_STATE_PK).first()
        if state is None:
            state = SearchIndexState(
                pk=_STATE_PK,
                lengths=dict(ranking.DEFAULT_LENGTHS),
                analysis_version=ANALYSIS_VERSION,
            )
            state.save(using=self.using)
        return state

    def index_documents(self, documents: Iterable[IndexDocument]) -> None:
        documents = list(documents)
        if not documents:
            return
        with transaction.atomic(using=self.using):
            state = self._state(lock=True)
            self._remove(state, [(d.kind, d.object_id) for d in documents])
            lengths = state.lengths or ranking.DEFAULT_LENGTHS
            postings = []
            for row, (frequencies, field_lengths) in self._store(
                documents, in_main=False
            ):
                impacts = ranking.document_impacts(frequencies, field_lengths, lengths)
                postings.extend(
                    SearchPosting(term=term, document_id=row.pk, impact=impact)
                    for term, impact in impacts.items()
                )
            SearchPosting.objects.using(self.using).bulk_create(
                postings, batch_size=2000
            )
            state.document_count += len(documents)
            state.recent_documents += len(documents)
            state.save(using=self.using)
            if state.recent_documents >= self.merge_after:
                transaction.on_commit(self.merge, using=self.using)

    def remove_documents(self, kind: str, object_ids: Iterable[str]) -> None:
        keys = [(kind, str(object_id)) for object_id in object_ids]
        if not keys:
            return
        with transaction.atomic(using=self.using):
            state = self._state(lock=True)
            if self._remove(state, keys):
                state.save(using=self.using)

    def _remove(self, state, keys) -> int:
        """Delete the documents with these (kind, object id); return how many."""
        by_kind: dict[str, list[str]] = {}
        for kind, object_id in keys:
            by_kind.setdefault(kind, []).append(object_id)
        removed = []
        for kind, object_ids in by_kind.items():
            removed += self._documents().filter(kind=kind, object_id__in=object_ids)
        if not removed:
            return 0
        garbage = [d.pk for d in removed if d.in_main]
        if garbage:
            old = np.frombuffer(bytes(state.garbage), dtype="<u4")
            state.garbage = np.concatenate([old, np.array(garbage, "<u4")]).tobytes()
        state.recent_documents -= sum(1 for d in removed if not d.in_main)
        state.document_count -= len(removed)
        self._phrase_remove([(d.pk, d.tokens) for d in removed])
        ids = [d.pk for d in removed]
        _delete_rows(SearchPosting, "document_id", ids, using=self.using)
        _delete_rows(SearchFacet, "document_id", ids, using=self.using)
        _delete_rows(SearchDocument, "id", ids, using=self.using)
        return len(removed)

    def merge(self) -> None:
        """Fold recent postings into the main tier, term by term."""
        with transaction.atomic(using=self.using):
            state = self._state(lock=True)
            if state.document_count > 2 * state.lengths_basis:
                if state.document_count <= AUTO_REBUILD_LIMIT:
                    self._rebuild_from_stored()
                    return
                logger.warning(
                    "The search index has grown from %d to %d documents since its "
                    "statistics were taken; run 'akhbar reindex' to refresh them.",
                    state.lengths_basis,
                    state.document_count,
                )
            if not state.recent_documents:
                return
            postings = (
                SearchPosting.objects.using(self.using)
                .order_by("term", "document_id")
                .values_list("term", "document_id", "impact")
            )
            grouped: dict[str, tuple[list, list]] = {}
            for term, document_id, impact in postings.iterator(chunk_size=5000):
                ids, impacts = grouped.setdefault(term, ([], []))
                ids.append(document_id)
                impacts.append(impact)
            garbage = np.frombuffer(bytes(state.garbage), dtype="<u4")
            terms = list(grouped)
            for start in range(0, len(terms), _BATCH):
                batch = terms[start : start + _BATCH]
                existing = {
                    t.term: t
                    for t in SearchTerm.objects.using(self.using).filter(term__in=batch)
                }
                updated, created = [], []
                for term in batch:
                    new_ids = np.array(grouped[term][0], dtype="<u4")
                    new_impacts = np.array(grouped[term][1], dtype=np.uint8)
                    row = existing.get(term)
                    if row is not None:
                        ids, impacts = ranking.unpack_postings(row.postings, row.count)
                        keep = ~np.isin(ids, garbage)
                        new_ids = np.concatenate([ids[keep], new_ids])
                        new_impacts = np.concatenate([impacts[keep], new_impacts])
                        order = np.argsort(new_ids, kind="stable")
                        new_ids, new_impacts = new_ids[order], new_impacts[order]
                    else:
                        row = SearchTerm(term=term)
                    row.count = len(new_ids)
                    row.postings = ranking.pack_postings(new_ids, new_impacts)
                    (updated if row.pk else created).append(row)
                SearchTerm.objects.using(self.using).bulk_update(
                    updated, ["count", "postings"], batch_size=_BATCH
                )
                SearchTerm.objects.using(self.using).bulk_create(
                    created, batch_size=_BATCH
                )
            _delete_rows(SearchPosting, using=self.using)
            self._documents().filter(in_main=False).update(in_main=True)
            state.recent_documents = 0
            state.main_generation = _new_generation()
            state.save(using=self.using)

    def _rebuild_from_stored(self) -> None:
        rows = self._documents().order_by("pk")
        self.rebuild(self._as_documents(rows, facets=SearchFacet.objects.all()))

    def _as_documents(self, rows, *, facets) -> list[IndexDocument]:
        rows = list(rows)
        by_document: dict[int, list] = {}
        for document_id, name, value in (
            facets.using(self.using)
            .exclude(name="kind")
            .values_list("document_id", "name", "value")
        ):
            by_document.setdefault(document_id, []).append((name, value))
        return [
            IndexDocument(
                kind=row.kind,
                object_id=row.object_id,
                headline=row.headline,
                standfirst=row.standfirst,
                body=row.body,
                tags=row.tags,
                entities=row.entities,
                authors=row.authors,
                url=row.url,
                published_at=row.published_at,
                facets=by_document.get(row.pk, []),
            )
            for row in rows
        ]

    def stored_documents(self, kind, object_ids):
        ids = [str(object_id) for object_id in object_ids]
        rows = list(self._documents().filter(kind=kind, object_id__in=ids))
        facets = SearchFacet.objects.filter(document_id__in=[row.pk for row in rows])
        return self._as_documents(rows, facets=facets)

    def clear(self) -> None:
        """Empty the index."""
        with transaction.atomic(using=self.using):
            self._phrase_clear()
            for model in (
                SearchPosting,
                SearchFacet,
                SearchTerm,
                SearchDocument,
                SearchIndexState,
            ):
                _delete_rows(model, using=self.using)

    def _state_column(self, name):
        """One column of the state row, None when the index was never built."""
        return (
            SearchIndexState.objects.using(self.using)
            .filter(pk=_STATE_PK)
            .values_list(name, flat=True)
            .first()
        )

    def rebuild_started_at(self):
        return self._state_column("rebuild_started_at")

    def analysis_version(self):
        return self._state_column("analysis_version")

    def _mark_rebuild_started(self) -> None:
        with transaction.atomic(using=self.using):
            state = self._state(lock=True)
            state.rebuild_started_at = timezone.now()
            state.save(using=self.using, update_fields=["rebuild_started_at"])

    def rebuild(self, documents, *, total=None, progress=False) -> int:
        """Index ``documents`` from scratch in two passes over memory.

        The first pass stores the documents and keeps each one's term counts
        compactly; once average field lengths are known, impacts are computed and
        every term's postings written as one row.

        The old index is replaced in one transaction: until it commits, searches
        read the old index (PostgreSQL's snapshots, SQLite's write-ahead log),
        and a rebuild killed part-way leaves it whole. The start is marked, and
        committed, before that transaction, and the new state row has no mark:
        a mark left behind tells ``akhbar check`` of an interrupted rebuild.
        """
        from tqdm import tqdm

        field_index = {field: i for i, field in enumerate(ranking.FIELDS)}
        vocabulary: dict[str, int] = {}
        per_document = []  # (document id, term ids, field ids, counts)
        all_lengths = []
        self._mark_rebuild_started()
        with transaction.atomic(using=self.using):
            self.clear()
            bar = tqdm(total=total, disable=not progress, unit="doc", desc="index")
            batch: list[IndexDocument] = []

            def flush():
                for row, (frequencies, lengths) in self._store(batch, in_main=True):
                    term_ids, field_ids, counts = [], [], []
                    for term, by_field in frequencies.items():
                        term_id = vocabulary.setdefault(term, len(vocabulary))
                        for field, count in by_field.items():
                            term_ids.append(term_id)
                            field_ids.append(field_index[field])
                            counts.append(count)
                    per_document.append(
                        (
                            row.pk,
                            np.array(term_ids, dtype=np.uint32),
                            np.array(field_ids, dtype=np.uint8),
                            np.array(counts, dtype=np.uint16),
                        )
                    )
                    all_lengths.append(lengths)
                bar.update(len(batch))
                batch.clear()

            for document in documents:
                batch.append(document)
                if len(batch) >= _BATCH:
                    flush()
            flush()
            bar.close()
            averages = ranking.average_lengths(all_lengths)
            self._write_main(per_document, all_lengths, averages, vocabulary, progress)
            state = SearchIndexState(
                pk=_STATE_PK,
                document_count=len(per_document),
                lengths=averages,
                lengths_basis=len(per_document),
                main_generation=_new_generation(),
                analysis_version=ANALYSIS_VERSION,
            )
            state.save(using=self.using)
        return len(per_document)

    def _store(self, documents, *, in_main):
        """Store documents and facets; yield (row, (term frequencies, lengths))."""
        analysed = []
        rows = []
        for document in documents:
            frequencies, lengths, stems = ranking.analyse_fields(document.fields())
            analysed.append((frequencies, lengths))
            rows.append(
                SearchDocument(
                    kind=document.kind,
                    object_id=str(document.object_id),
                    headline=document.headline,
                    standfirst=document.standfirst,
                    body=document.body,
                    tags=document.tags,
                    entities=document.entities,
                    authors=document.authors,
                    url=document.url,
                    published_at=document.published_at,
                    tokens=" ".join(stems),
                    in_main=in_main,
                )
            )
        rows = self._documents().bulk_create(rows, batch_size=_BATCH)
        facets = []
        for document, row in zip(documents, rows, strict=True):
            facets.append(SearchFacet(document_id=row.pk, name="kind", value=row.kind))
            facets.extend(
                SearchFacet(document_id=row.pk, name=name, value=str(value)[:255])
                for name, value in document.facets
            )
        SearchFacet.objects.using(self.using).bulk_create(facets, batch_size=2000)
        self._phrase_add([(row.pk, row.tokens) for row in rows])
        return zip(rows, analysed, strict=True)

    def _write_main(self, per_document, all_lengths, averages, vocabulary, progress):
        from tqdm import tqdm

        weights = np.array([ranking.FIELD_WEIGHTS[f] for f in ranking.FIELDS])
        averages_array = np.array([averages[f] for f in ranking.FIELDS])
        doc_ids, term_ids, impacts = [], [], []
        for (document_id, terms, fields, counts), lengths in zip(
            per_document, all_lengths, strict=True
        ):
            if not len(terms):
                continue
            lengths_array = np.array([lengths[f] for f in ranking.FIELDS])
            norms = weights / (
                1 - ranking.B + ranking.B * lengths_array / averages_array
            )
            # Sum the weighted counts of each term over its fields.
            unique, inverse = np.unique(terms, return_inverse=True)
            tf = np.bincount(inverse, weights=counts * norms[fields])
            impact = tf * (ranking.K1 + 1) / (ranking.K1 + tf)
            quantised = np.maximum(
                1, np.rint(impact / (ranking.K1 + 1) * ranking.IMPACT_SCALE)
            )
            doc_ids.append(np.full(len(unique), document_id, dtype=np.uint32))
            term_ids.append(unique.astype(np.uint32))
            impacts.append(quantised.astype(np.uint8))
        if not doc_ids:
            return
        doc_ids = np.concatenate(doc_ids)
        term_ids = np.concatenate(term_ids)
        impacts = np.concatenate(impacts)
        order = np.lexsort((doc_ids, term_ids))
        doc_ids, term_ids, impacts = doc_ids[order], term_ids[order], impacts[order]
        bounds = np.flatnonzero(np.diff(term_ids)) + 1
        starts = np.concatenate([[0], bounds])
        ends = np.concatenate([bounds, [len(term_ids)]])
        names = np.empty(len(vocabulary), dtype=object)
        for term, term_id in vocabulary.items():
            names[term_id] = term
        # Plain executemany: a million model instances through bulk_create would
        # cost more than building the postings.
        table = SearchTerm._meta.db_table
        sql = "INSERT INTO %s (term, count, postings) VALUES (%%s, %%s, %%s)" % table  # noqa: S608
        bar = tqdm(total=len(starts), disable=not progress, unit="term", desc="write")
        with connections[self.using].cursor() as cursor:
            for first in range(0, len(starts), 5000):
                rows = [
                    (
                        names[term_ids[start]],
                        end - start,
                        ranking.pack_postings(doc_ids[start:end], impacts[start:end]),
                    )
                    for start, end in zip(
                        starts[first : first + 5000].tolist(),
                        ends[first : first + 5000].tolist(),
                        strict=True,
                    )
                ]
                cursor.executemany(sql, rows)
                bar.update(len(rows))
        bar.close()

    # Reading.

    def document_count(self) -> int:
        return self._documents().count()

    def _main_postings(self, terms, generation):
        found = self.cache.get_many(terms, generation)
        missing = [t for t in terms if t not in found]
        if missing:
            for term, count, blob in self._read_terms(missing):
                entry = ranking.unpack_postings(blob, count)
                found[term] = entry
                self.cache.put(term, entry, generation)
        return found

    def _read_terms(self, terms):
        return (
            SearchTerm.objects.using(self.using)
            .filter(term__in=terms)
            .values_list("term", "count", "postings")
        )

    def _recent_postings(self, terms):
        grouped: dict[str, tuple[list, list]] = {}
        for term, document_id, impact in (
            SearchPosting.objects.using(self.using)
            .filter(term__in=terms)
            .values_list("term", "document_id", "impact")
        ):
            ids, impacts = grouped.setdefault(term, ([], []))
            ids.append(document_id)
            impacts.append(impact)
        return {
            term: (np.array(ids, dtype=np.int64), np.array(impacts, dtype=np.float32))
            for term, (ids, impacts) in grouped.items()
        }

    def _allowed_ids(self, query: SearchQuery, phrases) -> list[np.ndarray]:
        """Id sets every result must be in, one per filter."""
        allowed = []
        facets = dict(query.facets)
        if query.kind:
            facets["kind"] = query.kind
        for name, value in facets.items():
            ids = (
                SearchFacet.objects.using(self.using)
                .filter(name=name, value=str(value))
                .values_list("document_id", flat=True)
            )
            allowed.append(np.fromiter(ids, dtype=np.int64))
        if query.date_from or query.date_to:
            documents = self._documents()
            if query.date_from:
                documents = documents.filter(
                    published_at__gte=_start_of_day(query.date_from)
                )
            if query.date_to:
                documents = documents.filter(
                    published_at__lt=_start_of_day(
                        query.date_to + datetime.timedelta(days=1)
                    )
                )
            allowed.append(
                np.fromiter(documents.values_list("pk", flat=True), dtype=np.int64)
            )
        if phrases:
            allowed.append(np.asarray(self._phrase_ids(phrases), dtype=np.int64))
        return allowed

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = parse_query(query.text)
        if not parsed:
            return SearchResults(hits=[], total=0)
        state = (
            SearchIndexState.objects.using(self.using)
            .filter(pk=_STATE_PK)
            .values_list(
                "document_count", "garbage", "main_generation", "recent_documents"
            )
            .first()
        )
        if state is None:
            return SearchResults(hits=[], total=0, stems=parsed.stems)
        document_count, garbage, generation, recent_documents = state
        terms = list(parsed.weights)
        main = self._main_postings(terms, generation)
        recent = self._recent_postings(terms) if recent_documents else {}
        self._add_respellings(parsed, main, recent, generation, recent_documents)
        scores = _scores(parsed.weights, main, recent, garbage, document_count)
        allowed = self._allowed_ids(query, parsed.phrases)
        _keep_allowed(scores, allowed)
        if rerank.FEEDBACK_DOCUMENTS:
            self._add_feedback(parsed.weights, scores, state)
        if parsed.stems:
            self._rerank(scores, parsed, main, recent, state)
        total = int(np.count_nonzero(scores > 0))
        wanted = query.offset + query.limit
        if query.recency > 0:
            candidates = ranking.top_ids(scores, max(wanted, RECENCY_CANDIDATES))
            page_ids = self._by_recency(candidates, scores, query)[
                query.offset : wanted
            ]
        else:
            page_ids = ranking.top_ids(scores, wanted)[query.offset :].tolist()
        rows = (
            self._documents()
            .only(
                "kind",
                "object_id",
                "headline",
                "standfirst",
                "body",
                "url",
                "published_at",
                "tokens",
            )
            .in_bulk(page_ids)
        )
        hits = [
            SearchHit(
                document_id=row.pk,
                kind=row.kind,
                object_id=row.object_id,
                score=float(scores[row.pk]),
                headline=row.headline,
                standfirst=row.standfirst,
                body=row.body,
                url=row.url,
                published_at=row.published_at,
                tokens=row.tokens,
            )
            for row in (rows.get(i) for i in page_ids)
            if row is not None
        ]
        return SearchResults(
            hits=hits, total=total, stems=parsed.stems, phrases=parsed.phrases
        )

    def _add_respellings(self, parsed, main, recent, generation, recent_documents):
        """Add the terms of ``query.respelled_words`` (the likeliest respelling
        of each query word no document holds) to the query and its postings."""

        def postings(terms):
            main.update(self._main_postings(terms, generation))
            if recent_documents:
                recent.update(self._recent_postings(terms))

        def frequencies(terms):
            postings([t for t in terms if t not in main and t not in recent])
            return {
                term: len(main.get(term, _NONE)[0]) + len(recent.get(term, _NONE)[0])
                for term in terms
            }

        for word in respelled_words(parsed, frequencies):
            weights, stems = ranking.query_term_weights(word)
            for term, weight in weights.items():
                parsed.weights[term] = parsed.weights.get(term, 0.0) + weight
            parsed.stems += stems
            postings([t for t in weights if t not in main])

    def _tokens(self, ids: list[int]) -> dict[int, tuple[list[str], str]]:
        """The light stems of documents in order and their entity names, by id."""
        return {
            pk: ((tokens or "").split(), entities or "")
            for pk, tokens, entities in self._columns(("tokens", "entities"), ids)
        }

    def _columns(self, columns, ids: list[int]) -> list[tuple]:
        """Rows (id, *columns) of documents by id, read by a plain query:
        through the ORM, compiling 200 parameters and converting 200 dates cost
        more than the rest of a search."""
        if not ids:
            return []
        sql = "SELECT id, %s FROM %s WHERE id IN (%s)" % (  # noqa: S608
            ", ".join(columns),
            SearchDocument._meta.db_table,
            ", ".join(["%s"] * len(ids)),
        )
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, ids)
            return cursor.fetchall()

    def _add_feedback(self, weights, scores, state) -> None:
        """Add the scores of ``rerank.feedback_weights``'s expansion terms to
        the best FEEDBACK_CANDIDATES first-pass matches."""
        document_count, garbage, generation, recent_documents = state
        candidates = ranking.top_ids(scores, rerank.FEEDBACK_CANDIDATES)
        best = candidates[: rerank.FEEDBACK_DOCUMENTS].tolist()
        tokens = self._tokens(best)
        expansion = rerank.feedback_weights(
            weights,
            [
                (float(scores[i]), rerank.without_entity_words(*tokens[i]))
                for i in best
                if i in tokens
            ],
        )
        if not expansion:
            return
        terms = list(expansion)
        main = self._main_postings(terms, generation)
        recent = self._recent_postings(terms) if recent_documents else {}
        scores[candidates] += ranking.score_candidates(
            candidates,
            weights=expansion,
            main=main,
            recent=recent,
            garbage=np.frombuffer(bytes(garbage), dtype="<u4").astype(np.int64),
            document_count=document_count,
        )

    def _rerank(self, scores, parsed, main, recent, state):
        """Add ``rerank.proximity_bonus``, ``rerank.passage_bonus`` and
        ``rerank.distinct_bonus`` to the best candidates' scores, and set
        aside the headline's words among those that share one."""
        stems = parsed.stems
        document_count = state[0]
        candidates = ranking.top_ids(scores, rerank.PROXIMITY_CANDIDATES).tolist()
        if not candidates:
            return
        idfs = {}
        for stem in set(stems):
            frequency = len(main.get(stem, _NONE)[0]) + len(recent.get(stem, _NONE)[0])
            if frequency:
                idfs[stem] = ranking.idf(frequency, document_count)
        rows = self._columns(
            ("tokens", "headline", "tags", "entities", "authors"), candidates
        )
        best = float(scores[candidates[0]])
        bonuses = {}
        texts = []
        for document_id, tokens, headline, *chosen in rows:
            stored = (tokens or "").split()
            bonus = 0.0
            if rerank.PROXIMITY_WEIGHT and len(stems) > 1:
                bonus += rerank.PROXIMITY_WEIGHT * rerank.proximity_bonus(
                    stems, stored, idfs
                )
            text = rerank.text_stems(stored, headline, *chosen)
            texts.append((document_id, headline or "", text))
            bonus += best * rerank.passage_bonus(stems, text, idfs)
            bonuses[document_id] = bonus
        if rerank.DISTINCT_WEIGHT:
            for document_id, share in rerank.distinct_bonus(stems, texts, idfs).items():
                bonuses[document_id] += best * rerank.DISTINCT_WEIGHT * share
        for document_id, bonus in bonuses.items():
            scores[document_id] += bonus
        if rerank.SET_HEADLINE_ASIDE:
            self._set_headline_aside(scores, parsed, texts, main, recent, state)

    def _set_headline_aside(self, scores, parsed, texts, main, recent, state):
        """Take off each candidate that shares its headline the first-pass
        score of the query's words the headline holds, less its group's mean
        (``rerank.SET_HEADLINE_ASIDE``)."""
        headlines = {document_id: headline for document_id, headline, _ in texts}
        garbage = np.frombuffer(bytes(state[1]), dtype="<u4").astype(np.int64)
        for ids in rerank.same_headline_groups(list(headlines.items())):
            weights = rerank.headline_terms(
                parsed.words, parsed.stems, headlines[ids[0]]
            )
            if not weights:
                continue
            subject = ranking.score_candidates(
                np.asarray(ids),
                weights=weights,
                main=main,
                recent=recent,
                garbage=garbage,
                document_count=state[0],
            )
            scores[ids] -= subject - subject.mean()

    def similar_documents(self, document, *, limit=50, boosts=None):
        return next(self.similar_documents_many([document], limit=limit, boosts=boosts))

    def similar_documents_many(self, documents, *, limit=50, boosts=None):
        # The index's state is read once: a bulk build of related lists asks
        # for thousands of documents' matches while the index stands still.
        state = self._similar_state()
        for document in documents:
            yield self._similar(document, state, limit, boosts) if state else []

    def _similar(self, document, state, limit, boosts):
        document_count, garbage, generation, recent_documents, lengths = state
        frequencies, field_lengths, _ = ranking.analyse_fields(document.fields())
        frequencies = similar.weighed_terms(frequencies)
        impacts = ranking.document_impacts(
            frequencies, field_lengths, lengths or ranking.DEFAULT_LENGTHS
        )
        weights = ranking.similarity_weights(impacts, frequencies, boosts)
        main = self._main_postings(list(weights), generation)
        recent = self._recent_postings(list(weights)) if recent_documents else {}
        weights = similar.query_weights(weights, main, recent, document_count)
        scores = _scores(weights, main, recent, garbage, document_count)
        candidates = ranking.top_ids(scores, limit + 8).tolist()
        own = str(document.object_id)
        rows = {
            pk: object_id
            for pk, kind, object_id in self._columns(("kind", "object_id"), candidates)
            if kind == document.kind and object_id != own
        }
        hits = [(rows[i], float(scores[i])) for i in candidates if i in rows]
        return hits[:limit]

    def _similar_state(self):
        """(document count, garbage, main generation, recent documents, field
        lengths) of the index, or None when it was never built."""
        return (
            SearchIndexState.objects.using(self.using)
            .filter(pk=_STATE_PK)
            .values_list(
                "document_count",
                "garbage",
                "main_generation",
                "recent_documents",
                "lengths",
            )
            .first()
        )

    def _published(self, ids: list[int]) -> dict[int, datetime.datetime]:
        """Publication dates of documents, by id."""
        rows = self._columns(("published_at",), ids)
        dates = {}
        for document_id, published in rows:
            if isinstance(published, str):
                # SQLite keeps datetimes as UTC text.
                published = datetime.datetime.fromisoformat(published)
            if published is not None and published.tzinfo is None:
                published = published.replace(tzinfo=datetime.UTC)
            dates[document_id] = published
        return dates

    def _by_recency(self, candidates, scores, query):
        candidates = candidates.tolist()
        dates = self._published(candidates)
        now = timezone.now()
        boosted = []
        for document_id in candidates:
            published = dates.get(document_id)
            boost = 1.0
            if published is not None:
                age = max((now - published).total_seconds() / 86400, 0.0)
                boost += query.recency * 0.5 ** (age / query.recency_days)
            boosted.append((-scores[document_id] * boost, -document_id))
        order = sorted(range(len(boosted)), key=boosted.__getitem__)
        return [candidates[i] for i in order]


def _scores(weights, main, recent, garbage, document_count) -> np.ndarray:
    """Every document's score, by id, for term weights over both tiers."""
    size = 1 + max(
        [int(ids[-1]) for ids, _ in main.values() if len(ids)]
        + [int(ids.max()) for ids, _ in recent.values() if len(ids)]
        + [0]
    )
    return ranking.score_documents(
        size=size,
        weights=weights,
        main=main,
        recent=recent,
        garbage=np.frombuffer(bytes(garbage), dtype="<u4").astype(np.int64),
        document_count=document_count,
    )


def _delete_rows(model, column=None, values=(), *, using: str) -> None:
    """Delete ``model``'s rows, or those whose ``column`` is in ``values``
    (in batches), by plain DELETE statements (``core.bulk.delete_rows``):
    replacing an index of 3,000 articles through ``QuerySet.delete()`` spent a
    third of the rebuild loading the old postings and facets only to delete
    them. Nothing refers to these rows but the index's own tables, deleted
    children first.
    """
    rows = model.objects.using(using)
    if column is None:
        delete_rows(rows.all())
        return
    values = list(values)
    for start in range(0, len(values), _BATCH):
        delete_rows(rows.filter(**{column + "__in": values[start : start + _BATCH]}))


_NONE = (np.zeros(0, dtype=np.uint32), None)


def _keep_allowed(scores: np.ndarray, allowed: list[np.ndarray]) -> None:
    """Zero the scores of documents outside any of the ``allowed`` id sets."""
    size = len(scores)
    for ids in allowed:
        mask = np.zeros(size, dtype=bool)
        mask[ids[ids < size]] = True
        scores[~mask] = 0


def _new_generation() -> int:
    # Random rather than counted: a cleared or restored index must never reuse a
    # generation that a process still has postings cached for.
    return secrets.randbelow(2**31 - 1) + 1


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
