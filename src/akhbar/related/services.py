"""Writes of related lists: one story on publish, every story on a rebuild.

Candidates come from the search index (``similar_documents``), which must hold
the story first: on the site the search app indexes an article on publish, and
its receiver runs before this app's (INSTALLED_APPS order).
"""

import datetime
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import transaction

from akhbar.core.bulk import delete_rows
from akhbar.search.backends import IndexDocument, get_search_backend

from . import minhash, ranking
from .models import RelatedBand, RelatedProfile

ARTICLE = "article"
# A published story's list is recomputed, and so are the lists of this many of
# its best matches that it may now enter: they are the ones that should now
# point at it. Each costs one index read and re-ranking (50-150 ms on a loaded
# machine at 2,000 stories): 8 took a median 1.2 s after publish, over budget.
NEIGHBOURS = 4


def duplicate_text(document: IndexDocument) -> str:
    """The text whose shingles identify a copy: the body, else the standfirst.

    The headline is left out on purpose: desks rewrite the headline of an
    agency story and keep its body.
    """
    return document.body.strip() or document.standfirst


def document_profile(document: IndexDocument) -> ranking.Profile:
    """The re-ranking profile of an index document: date, section, tags, MinHash."""
    sections = [value for name, value in document.facets if name == "section"]
    return ranking.Profile(
        object_id=str(document.object_id),
        published_at=document.published_at,
        section=sections[-1] if sections else "",
        tags=[value for name, value in document.facets if name == "tag"],
        signature=minhash.signature(duplicate_text(document)),
    )


def stored_profile(row: RelatedProfile) -> ranking.Profile:
    """The re-ranking profile of a stored row, its candidates included."""
    return ranking.Profile(
        object_id=row.object_id,
        published_at=row.published_at,
        section=row.section,
        tags=list(row.tags),
        signature=bytes(row.signature),
        candidates=[tuple(c) for c in row.candidates],
    )


def recency_options() -> dict:
    """``rerank``'s recency keywords, from the settings."""
    return {
        "recency": settings.AKHBAR_RELATED_RECENCY,
        "recency_days": settings.AKHBAR_RELATED_RECENCY_DAYS,
    }


def suggestions_for(
    document: IndexDocument, source: ranking.Profile, *, using: str
) -> list[tuple[str, float]]:
    """The related list of one document: index candidates, re-ranked.

    Sets ``source.candidates`` on the way.
    """
    found = candidates_for(document, source, using=using)
    ids = {c for c, _ in found[: ranking.AGREEMENT_OF]}
    rows = RelatedProfile.objects.using(using).filter(kind=document.kind)
    rows = rows.filter(object_id__in=[c for c, _ in found])
    profiles = {row.object_id: stored_profile(row) for row in rows}
    # The neighbours' candidates are candidates too.
    more = {c for i in ids if i in profiles for c, _ in profiles[i].candidates}
    rows = RelatedProfile.objects.using(using).filter(
        kind=document.kind, object_id__in=more - set(profiles)
    )
    profiles.update({row.object_id: stored_profile(row) for row in rows})
    return ranking.rerank(source, found, profiles, **recency_options())


def candidates_for(
    document: IndexDocument, source: ranking.Profile, *, using: str
) -> list[tuple[str, float]]:
    """The index's "more like this" candidates of ``document``; sets
    ``source.candidates``."""
    (source.candidates,) = candidates_for_many([document], [source], using=using)
    return source.candidates


def candidates_for_many(
    documents: list[IndexDocument],
    sources: list[ranking.Profile],
    *,
    using: str,
    progress: bool = False,
) -> Iterator[list[tuple[str, float]]]:
    """``candidates_for`` of each document and its profile, in order (one read
    of the index's state for them all)."""
    from tqdm import tqdm

    found = get_search_backend(using).similar_documents_many(
        documents, limit=ranking.CANDIDATES, boosts=ranking.FIELD_BOOSTS
    )
    bar = tqdm(total=len(documents), disable=not progress, unit="doc", desc="match")
    with bar:
        for source, candidates in zip(sources, found, strict=True):
            source.candidates = candidates
            bar.update()
            yield candidates


def near_copies(
    kind: str, source: ranking.Profile, *, using: str = "default"
) -> list[tuple[RelatedProfile, float]]:
    """Stored stories ``source`` is a near copy of, with the similarity, most
    similar first (the LSH bands find them; the signatures confirm)."""
    keys = minhash.band_keys(source.signature)
    if not keys:
        return []
    rows = RelatedProfile.objects.using(using).filter(
        kind=kind,
        pk__in=RelatedBand.objects.using(using)
        .filter(key__in=keys)
        .values("profile_id"),
    )
    matches = []
    for row in rows.exclude(object_id=source.object_id):
        similarity = minhash.similarity(source.signature, bytes(row.signature))
        if similarity >= ranking.DUPLICATE_SIMILARITY:
            matches.append((row, similarity))
    matches.sort(key=lambda match: (-match[1], _sort_date(match[0].published_at)))
    return matches


def find_duplicate(
    kind: str, source: ranking.Profile, *, using: str = "default"
) -> tuple[str, float] | None:
    """(group, similarity) of the story ``source`` copies most nearly; None
    when it copies none."""
    matches = near_copies(kind, source, using=using)
    if not matches:
        return None
    row, similarity = matches[0]
    return row.group, similarity


def find_duplicate_articles(page) -> list[tuple[object, float]]:
    """Live articles that ``page``'s latest revision nearly copies, with the
    similarity, most similar first."""
    from akhbar.news import selectors
    from akhbar.search.services import article_document

    latest = page.get_latest_revision_as_object() if page.pk else page
    source = document_profile(article_document(latest, entities=False))
    matches = [
        (int(row.object_id), similarity)
        for row, similarity in near_copies(ARTICLE, source)
        if row.object_id != str(page.pk)
    ]
    live = selectors.live_articles().in_bulk([i for i, _ in matches])
    return [(live[i], similarity) for i, similarity in matches if i in live]


def _sort_date(value):
    return value or datetime.datetime.max.replace(tzinfo=datetime.UTC)


def _store_profile(kind, profile, *, using, duplicate, suggestions=None):
    fields = {
        "published_at": profile.published_at,
        "section": profile.section,
        "tags": profile.tags,
        "signature": profile.signature,
        "candidates": [list(c) for c in profile.candidates],
        "duplicate_of": duplicate[0] if duplicate else "",
        "duplicate_similarity": duplicate[1] if duplicate else None,
    }
    if suggestions is not None:
        fields["suggestions"] = [list(s) for s in suggestions]
    row, _ = RelatedProfile.objects.using(using).update_or_create(
        kind=kind, object_id=profile.object_id, defaults=fields
    )
    delete_rows(RelatedBand.objects.using(using).filter(profile=row))
    RelatedBand.objects.using(using).bulk_create(
        [RelatedBand(profile=row, key=key) for key in minhash.band_keys(row.signature)]
    )
    return row


def related_document_update(
    document: IndexDocument, *, using: str = "default", neighbours: bool = True
) -> RelatedProfile:
    """Store one document's profile, duplicate status and related list.

    With ``neighbours``, the lists of its best matches are recomputed too, so
    that the stories it now belongs beside point at it.
    """
    source = document_profile(document)
    with transaction.atomic(using=using):
        duplicate = find_duplicate(document.kind, source, using=using)
        suggestions = suggestions_for(document, source, using=using)
        row = _store_profile(
            document.kind,
            source,
            using=using,
            duplicate=duplicate,
            suggestions=suggestions,
        )
    if neighbours:
        backend = get_search_backend(using)
        ids = [object_id for object_id, _ in suggestions[:NEIGHBOURS]]
        for neighbour in backend.stored_documents(document.kind, ids):
            related_document_update(neighbour, using=using, neighbours=False)
    return row


def _is_public(page) -> bool:
    from akhbar.news import selectors

    return selectors.live_articles().filter(pk=page.pk).exists()


def related_article_update(*, page) -> None:
    """Recompute a published or edited article's list and its neighbours';
    forget an unpublished, private or deleted one. Other pages are ignored."""
    from wagtail.models import Page

    from akhbar.news.models import ArticlePage
    from akhbar.news.selectors import news_changed
    from akhbar.search.services import article_document

    page = page.specific_deferred if type(page) is Page else page
    if not isinstance(page, ArticlePage):
        return
    if _is_public(page):
        # As the search index just stored it (its receiver runs first), which
        # spares finding the entities again.
        stored = get_search_backend().stored_documents(ARTICLE, [str(page.pk)])
        related_document_update(
            stored[0] if stored else article_document(page, entities=False)
        )
    else:
        related_document_remove(ARTICLE, str(page.pk))
    # The article page caches its related block by the tree's version.
    news_changed()


def related_rebuild(*, progress: bool = False) -> int:
    """Recompute every live article's profile and list (``akhbar related
    --rebuild``); the search index must be current."""
    from akhbar.news import selectors
    from akhbar.news.selectors import news_changed
    from akhbar.search.services import article_document

    articles = selectors.live_articles().order_by("first_published_at", "pk")
    backend = get_search_backend()
    if backend.keeps_documents:
        # The index holds each article as indexed, entities included.
        ids = [str(pk) for pk in articles.values_list("pk", flat=True)]
        documents = []
        for chunk in _chunks(ids, 500):
            documents += backend.stored_documents(ARTICLE, chunk)
    else:
        documents = [article_document(a, entities=False) for a in articles]
    # The old lists stay readable until the new ones replace them in one
    # transaction: a rebuild of a large site takes minutes.
    count = related_documents_rebuild(
        documents, kinds=[ARTICLE], total=len(documents), progress=progress
    )
    news_changed()
    return count


def related_document_remove(kind: str, object_id: str, *, using="default") -> None:
    """Forget a document's profile (its id drops out of other lists when read)."""
    _profiles_delete([kind], object_id=object_id, using=using)


def _profiles_delete(kinds, *, object_id=None, using: str = "default") -> None:
    """Delete the profiles of ``kinds`` (one, with ``object_id``) and their
    band keys, by plain DELETE statements: ``QuerySet.delete()`` reads every
    row back and signals each (receivers listen to every model's deletes),
    which took 8-11 CPU s of ANT's 10,138 profiles against 1.6 s. Nothing but
    the bands refers to a profile, and no receiver acts on either."""
    rows = RelatedProfile.objects.using(using).filter(kind__in=kinds)
    if object_id is not None:
        rows = rows.filter(object_id=object_id)
    with transaction.atomic(using=using):
        delete_rows(RelatedBand.objects.using(using).filter(profile__in=rows))
        delete_rows(rows)


def related_documents_rebuild(
    documents: Iterable[IndexDocument],
    *,
    using: str = "default",
    kinds: Iterable[str] = (),
    total: int | None = None,
    progress: bool = False,
) -> int:
    """Replace every profile and related list of the documents' kinds and of
    ``kinds`` (so an empty ``documents`` still clears them).

    The search index must already hold ``documents``. Copies are found among
    the documents in one pass over their band keys, the earliest published of
    a group standing for it. Returns the number of documents.
    """
    from tqdm import tqdm

    documents = list(documents)
    profiles = {}
    for document in tqdm(documents, disable=not progress, unit="doc", desc="sign"):
        profiles[str(document.object_id)] = document_profile(document)
    groups = duplicate_groups(documents, profiles)
    # Every story's candidates first: re-ranking needs each candidate's own
    # score, which the index gives with that candidate's own candidates.
    sources = [profiles[str(document.object_id)] for document in documents]
    found = candidates_for_many(documents, sources, using=using, progress=progress)
    candidates = {
        source.object_id: matches
        for source, matches in zip(sources, found, strict=True)
    }
    kinds = {*kinds, *(document.kind for document in documents)}
    with transaction.atomic(using=using):
        _profiles_delete(kinds, using=using)
        rows = []
        for document in documents:
            profile = profiles[str(document.object_id)]
            duplicate = groups.get(profile.object_id, ("", None))
            suggestions = ranking.rerank(
                profile, candidates[profile.object_id], profiles, **recency_options()
            )
            rows.append(
                RelatedProfile(
                    kind=document.kind,
                    object_id=profile.object_id,
                    published_at=profile.published_at,
                    section=profile.section,
                    tags=profile.tags,
                    signature=profile.signature,
                    candidates=[list(c) for c in profile.candidates],
                    duplicate_of=duplicate[0],
                    duplicate_similarity=duplicate[1],
                    suggestions=[list(s) for s in suggestions],
                )
            )
        rows = RelatedProfile.objects.using(using).bulk_create(rows, batch_size=500)
        RelatedBand.objects.using(using).bulk_create(
            (
                RelatedBand(profile_id=row.pk, key=key)
                for row in rows
                for key in minhash.band_keys(row.signature)
            ),
            batch_size=2000,
        )
    return len(documents)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def duplicate_groups(documents, profiles) -> dict[str, tuple[str, float]]:
    """object id -> (group, similarity) for every document that copies an
    earlier one (by publication date, then order)."""
    order = sorted(
        range(len(documents)),
        key=lambda i: (_sort_date(documents[i].published_at), i),
    )
    buckets: dict[int, list[str]] = {}
    groups: dict[str, tuple[str, float]] = {}
    for i in order:
        object_id = str(documents[i].object_id)
        signature = profiles[object_id].signature
        keys = minhash.band_keys(signature)
        seen = set()
        best = None
        for key in keys:
            for other in buckets.get(key, ()):
                if other in seen:
                    continue
                seen.add(other)
                similarity = minhash.similarity(signature, profiles[other].signature)
                if similarity >= ranking.DUPLICATE_SIMILARITY and (
                    best is None or similarity > best[1]
                ):
                    best = (groups.get(other, (other,))[0], similarity)
        if best is not None:
            groups[object_id] = best
        for key in keys:
            buckets.setdefault(key, []).append(object_id)
    return groups
