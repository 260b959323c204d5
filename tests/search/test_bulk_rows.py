"""The index's rows after bulk deletes: a rebuild over a used index, and
re-indexing and removing articles one at a time, leave the very rows a fresh
index would hold (the backend deletes by plain statements, not row by row).

Run on the backend of the database under test (SQLite, PostgreSQL).
"""

import datetime

import pytest
from django.utils import timezone

from akhbar.search.backends import IndexDocument, SearchQuery, get_search_backend
from akhbar.search.models import (
    SearchDocument,
    SearchFacet,
    SearchIndexState,
    SearchPosting,
    SearchTerm,
)
from akhbar.search.ranking import unpack_postings

pytestmark = pytest.mark.django_db

STORIES = [
    ("bank", "البنك المركزي يخفض الفائدة", "قرار البنك يأتي بعد تباطؤ التضخم."),
    ("rain", "أمطار غزيرة على العاصمة", "الأرصاد تتوقع استمرار الأمطار غدا."),
    ("putin", "بوتين يؤكد دعمه لسوريا", "رسالة إلى الرئيس عن التعاون والاستقرار."),
    ("cup", "المنتخب يفوز بالكأس", "فرحة في شوارع العاصمة بعد الفوز بالكأس."),
]


def story(object_id, headline, body, *, days=0, section="1"):
    return IndexDocument(
        kind="article",
        object_id=object_id,
        headline=headline,
        body=body,
        entities="فلاديمير بوتين" if object_id == "putin" else "",
        published_at=timezone.now() - datetime.timedelta(days=days),
        facets=[("section", section), ("tag", "tag-%s" % object_id)],
    )


def stories():
    return [story(*row, days=i) for i, row in enumerate(STORIES)]


def rows():
    """Every row of the index, by object id rather than row id."""
    names = dict(SearchDocument.objects.values_list("pk", "object_id"))
    main = {}
    for term in SearchTerm.objects.all():
        ids, impacts = unpack_postings(term.postings, term.count)
        main[term.term] = sorted(
            (names[i], int(v)) for i, v in zip(ids, impacts, strict=True)
        )
    state = SearchIndexState.objects.get()
    return {
        "documents": sorted(
            SearchDocument.objects.values_list(
                "kind", "object_id", "headline", "body", "entities", "tokens"
            )
        ),
        "facets": sorted(
            (names[d], name, value)
            for d, name, value in SearchFacet.objects.values_list(
                "document_id", "name", "value"
            )
        ),
        "recent": sorted(
            (term, names[d], impact)
            for term, d, impact in SearchPosting.objects.values_list(
                "term", "document_id", "impact"
            )
        ),
        "main": main,
        "counts": (state.document_count, state.recent_documents),
    }


def found(backend, text):
    return [h.object_id for h in backend.search(SearchQuery(text=text)).hits]


def test_a_rebuild_over_a_used_index_holds_the_rows_of_a_fresh_one():
    backend = get_search_backend()
    backend.clear()
    backend.rebuild(stories())
    fresh = rows()
    phrase = found(backend, '"البنك المركزي"')
    assert phrase == ["bank"]

    # A used index: edited, removed and new stories, merged and not yet merged.
    backend.index_documents([story("bank", "البنك يرفع الفائدة", "قرار مفاجئ.")])
    backend.remove_documents("article", ["rain"])
    backend.merge()
    backend.index_documents([story("new", "زلزال قوي يضرب الجنوب", "لا ضحايا.")])
    backend.index_documents([story("cup", "المنتخب يخسر النهائي", "حزن في الشوارع.")])
    assert SearchPosting.objects.exists()

    backend.rebuild(stories())
    assert rows() == fresh
    assert found(backend, '"البنك المركزي"') == phrase
    assert found(backend, "زلزال") == []
    assert found(backend, "أمطار") == ["rain"]


def test_re_indexing_one_at_a_time_leaves_the_rows_of_indexing_once():
    backend = get_search_backend()
    backend.clear()
    for document in stories():
        backend.index_documents([document])
    once = rows()

    backend.clear()
    for document in stories():
        backend.index_documents([story(document.object_id, "مسودة أولى", "نص قديم.")])
    for document in stories():
        backend.index_documents([document])
    assert rows() == once
    assert found(backend, "مسودة") == []


def test_removing_articles_leaves_no_row_of_theirs():
    backend = get_search_backend()
    backend.clear()
    backend.rebuild(stories())
    backend.index_documents([story("new", "زلزال قوي يضرب الجنوب", "لا ضحايا.")])
    removed = SearchDocument.objects.filter(object_id__in=["new", "putin"])
    removed_ids = list(removed.values_list("pk", flat=True))

    backend.remove_documents("article", ["new", "putin"])
    assert not SearchDocument.objects.filter(pk__in=removed_ids).exists()
    assert not SearchFacet.objects.filter(document_id__in=removed_ids).exists()
    assert not SearchPosting.objects.filter(document_id__in=removed_ids).exists()
    assert SearchIndexState.objects.get().document_count == len(STORIES) - 1
    assert found(backend, "زلزال") == []
    assert found(backend, "بوتين") == []
    assert found(backend, "الفائدة") == ["bank"]
