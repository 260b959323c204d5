"""The index's "more like this" candidates, on the database under test."""

import pytest

from akhbar.search import ranking
from akhbar.search.backends import IndexDocument, get_search_backend, similar

from .texts import ECONOMY, FOOTBALL, WEATHER

pytestmark = pytest.mark.django_db

STORIES = FOOTBALL + ECONOMY + WEATHER


def story_documents(stories=STORIES, kind="article"):
    return [
        IndexDocument(kind=kind, object_id="%s-%d" % (kind, i), headline=t, body=b)
        for i, (t, b) in enumerate(stories)
    ]


def test_bulk_matches_are_the_one_at_a_time_matches():
    """``similar_documents_many`` (one read of the index's state for a whole
    build) gives each document the very list ``similar_documents`` gives it;
    never the document itself, never another kind."""
    backend = get_search_backend()
    documents = story_documents() + story_documents(FOOTBALL, kind="page")
    backend.rebuild(documents)
    bulk = list(backend.similar_documents_many(documents, limit=4))
    assert len(bulk) == len(documents)
    for document, matches in zip(documents, bulk, strict=True):
        assert matches == backend.similar_documents(document, limit=4)
        assert 0 < len(matches) <= 4
        assert document.object_id not in {object_id for object_id, _ in matches}
        assert all(o.startswith(document.kind + "-") for o, _ in matches)
    assert list(backend.similar_documents_many([], limit=4)) == []


@pytest.mark.parametrize("text", [s for _, s in STORIES] + ["بوتين في دمشق"])
def test_only_the_weighed_terms_are_weighed(text):
    """Dropping the forms "more like this" gives no weight (and entity ids)
    before computing impacts changes no weight."""
    fields = {"headline": text[:40], "body": text, "entities": "بوتين | دمشق"}
    frequencies, lengths, _ = ranking.analyse_fields(fields)
    kept = similar.weighed_terms(frequencies)
    assert len(kept) < len(frequencies)

    def weights(terms):
        impacts = ranking.document_impacts(terms, lengths, ranking.DEFAULT_LENGTHS)
        return ranking.similarity_weights(impacts, terms, {"entities": 2.0})

    assert weights(kept) == weights(frequencies)
