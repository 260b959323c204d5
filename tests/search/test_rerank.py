"""Second-stage ranking: proximity of query words and pseudo-relevance feedback.

The pure functions are tested alone; the backend tests run on the database
under test (SQLite, then PostgreSQL with scripts/test).
"""

import pytest

from akhbar.search import rerank
from akhbar.search.backends import IndexDocument, SearchQuery, get_search_backend


def test_adjacent_query_words_earn_a_bonus_and_distant_ones_none():
    idfs = {"ابن": 1.0, "خلدون": 3.0}
    close = rerank.proximity_bonus(["ابن", "خلدون"], ["ابن", "خلدون", "مؤرخ"], idfs)
    apart = rerank.proximity_bonus(
        ["ابن", "خلدون"], ["ابن", "مؤرخ", "عربي", "كبير", "خلدون"], idfs
    )
    assert close > 0
    assert apart == 0
    # The lower idf of the pair counts, saturated in the number of close pairs.
    twice = rerank.proximity_bonus(["ابن", "خلدون"], ["ابن", "خلدون"] * 2, idfs)
    assert close < twice < 2 * close
    assert rerank.proximity_bonus(["خلدون"], ["خلدون", "خلدون"], idfs) == 0


def test_feedback_adds_shared_words_not_the_query_own():
    documents = [
        (2.0, ["خلدون", "مقدم", "عمران", "مؤرخ"]),
        (1.0, ["خلدون", "مقدم", "تونس"]),
    ]
    weights = rerank.feedback_weights({"خلدون": 1.0, "!خلدون": 0.25}, documents)
    assert "خلدون" not in weights
    assert max(weights, key=weights.get) == "مقدم"
    assert sum(weights.values()) == pytest.approx(rerank.FEEDBACK_WEIGHT * 1.0)
    assert rerank.feedback_weights({"خلدون": 1.0}, []) == {}


def article(key, headline, body=""):
    return IndexDocument(kind="article", object_id=key, headline=headline, body=body)


def found(backend, text):
    results = backend.search(SearchQuery(text=text, limit=20))
    return [hit.object_id for hit in results.hits]


@pytest.mark.django_db
def test_adjacent_words_outrank_the_same_words_apart(monkeypatch):
    backend = get_search_backend()
    filler = "خبر عن اجتماع اللجنة في المدينة"
    backend.rebuild(
        [
            # Same words, same length: only their order differs. The later
            # document wins ties, so proximity must lift the earlier one.
            article("close", "تقرير", "مجلس الأمن %s يناقش" % filler),
            article("apart", "تقرير", "مجلس %s الأمن يناقش" % filler),
            article("other", "أخبار الرياضة", "مباراة في الملعب"),
        ]
    )
    assert found(backend, "مجلس الأمن")[:2] == ["close", "apart"]
    monkeypatch.setattr(rerank, "PROXIMITY_WEIGHT", 0.0)
    assert found(backend, "مجلس الأمن")[:2] == ["apart", "close"]


def khaldun_index():
    return [
        article("muqaddima", "ابن خلدون ومقدمته", "المؤرخ ابن خلدون كتب المقدمة"),
        article("tunis", "ابن خلدون في تونس", "ولد ابن خلدون في تونس وكتب المقدمة"),
        # Shares no word of the query, only the vocabulary of its answers.
        article("umran", "علم العمران", "المقدمة أسست علم العمران وكتب المؤرخ"),
        article("sport", "الدوري الممتاز", "فاز الفريق في مباراة الدوري"),
    ]


@pytest.mark.django_db
def test_feedback_finds_a_story_told_in_other_words(monkeypatch):
    backend = get_search_backend()
    backend.rebuild(khaldun_index())
    results = found(backend, "خلدون")
    assert results[:2] == ["tunis", "muqaddima"] or results[:2] == [
        "muqaddima",
        "tunis",
    ]
    assert "umran" in results
    assert "sport" not in results
    monkeypatch.setattr(rerank, "FEEDBACK_DOCUMENTS", 0)
    assert "umran" not in found(backend, "خلدون")


@pytest.mark.django_db
@pytest.mark.parametrize("weight", [rerank.FEEDBACK_WEIGHT, 0.5])
def test_feedback_never_drops_an_exact_headline_from_the_top(monkeypatch, weight):
    monkeypatch.setattr(rerank, "FEEDBACK_WEIGHT", weight)
    backend = get_search_backend()
    index = khaldun_index() + [
        article(
            "exact",
            "ولادة ابن خلدون",
            "سيرة قصيرة",
        ),
        article(
            "echo",
            "ابن خلدون والمقدمة وعلم العمران",
            "ابن خلدون المؤرخ كتب المقدمة في علم العمران في تونس",
        ),
    ]
    backend.rebuild(index)
    assert found(backend, "ولادة ابن خلدون")[0] == "exact"
    assert found(backend, "«ولادة ابن خلدون»") == ["exact"]
