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


# A chain: the source shares words with two stories, which share other rare
# words with a third that has no word of the source.
SOURCE = ("سد النهضة", "مفاوضات سد النهضة بين مصر والسودان وإثيوبيا تتعثر مجددا")
MIDDLE = [
    (
        "تعثر مفاوضات السد",
        "مفاوضات سد النهضة تتعثر وخبراء يحذرون من نقص مياه النيل والجفاف",
    ),
    (
        "السودان ومصر وسد النهضة",
        "السودان ومصر يبحثان سد النهضة ونقص مياه النيل والجفاف في الصيف",
    ),
]
FAR = ("الجفاف يهدد المزارعين", "نقص مياه النيل والجفاف يهددان المزارعين والمحاصيل")


def test_feedback_finds_the_story_its_best_matches_share_words_with(monkeypatch):
    """With relevance feedback on, a story that shares no word with the source
    but rare words with all its best matches becomes a candidate."""
    backend = get_search_backend()
    unrelated = story_documents()
    documents = story_documents([SOURCE, *MIDDLE, FAR], kind="nile") + unrelated
    backend.rebuild(documents)
    source = documents[0]
    first = [o for o, _ in backend.similar_documents(source, limit=10)]
    assert "nile-3" not in first
    monkeypatch.setattr(similar, "EXPAND_FROM", 2)
    expanded = [o for o, _ in backend.similar_documents(source, limit=10)]
    assert "nile-3" in expanded
    assert expanded[:2] == first[:2]


def test_feedback_terms_need_enough_of_the_best_matches():
    """A stem counts when EXPAND_SHARED of the best matches hold it, by the
    share of their scores; a repeated stem counts once a document."""
    relevance = similar.feedback_terms(
        [(3.0, ["نيل", "نيل", "جفاف"]), (1.0, ["نيل", "مزارع"])]
    )
    assert relevance == {"نيل": 1.0}
    assert similar.feedback_terms([(0.0, ["نيل"]), (0.0, ["نيل"])]) == {}
