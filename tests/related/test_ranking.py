"""What a related list ranks first: the story, not the section."""

import pytest

from akhbar.related import ranking
from akhbar.related.selectors import related_for
from tests.news.factories import make_article, make_section

from .conftest import paragraphs

pytestmark = pytest.mark.django_db

SOURCE = (
    "ماكرون يستقبل عطاف في الإليزيه",
    "استقبل الرئيس الفرنسي إيمانويل ماكرون في قصر الإليزيه وزير الخارجية "
    "الجزائري أحمد عطاف لبحث ملف الغاز وعقود شركة سوناطراك مع فرنسا.",
)
# Another section, but the same people and company and the same rare words.
SAME_STORY = (
    "سوناطراك تزيد صادرات الغاز إلى فرنسا",
    "قال الرئيس الفرنسي ماكرون بعد لقاء أحمد عطاف إن شركة سوناطراك الجزائرية "
    "ستزيد صادرات الغاز إلى فرنسا بموجب عقود جديدة.",
)
# The source's section, and nothing else in common.
SAME_SECTION = [
    (
        "افتتاح معرض الكتاب في العاصمة",
        "افتتح وزير الثقافة معرض الكتاب بمشاركة مئات دور النشر من عشرات البلدان.",
    ),
    (
        "مهرجان المسرح يعلن برنامجه",
        "أعلنت هيئة مهرجان المسرح عن برنامج الدورة الجديدة والعروض المشاركة فيها.",
    ),
]


def test_shared_entities_and_rare_words_outrank_a_shared_section(home, publish_commits):
    world = publish_commits(make_section, home, "دولي")
    economy = publish_commits(make_section, home, "اقتصاد")
    others = [
        publish_commits(make_article, world, title, body=paragraphs(text))
        for title, text in SAME_SECTION
    ]
    story = publish_commits(
        make_article, economy, SAME_STORY[0], body=paragraphs(SAME_STORY[1])
    )
    source = publish_commits(make_article, world, SOURCE[0], body=paragraphs(SOURCE[1]))
    related = [a.pk for a in related_for(source, 4)]
    assert related[0] == story.pk
    assert source.pk not in related
    assert {a.pk for a in others} <= set(related)


def _profile(object_id, candidates):
    return ranking.Profile(object_id, candidates=candidates)


def test_a_candidate_sharing_the_sources_neighbours_outranks_an_equal_stranger():
    """Two candidates the index scores alike: the one whose own matches are the
    source's other matches is about the same subject, and comes first."""
    neighbours = [("n1", 9.0), ("n2", 8.0), ("n3", 7.0)]
    # "a-stranger" sorts first on a tie; only the shared neighbours lift "b-kin".
    source = _profile("s", [*neighbours, ("a-stranger", 5.0), ("b-kin", 5.0)])
    profiles = {
        "b-kin": _profile("b-kin", [("n1", 4.0), ("n2", 3.0), ("n3", 2.0)]),
        "a-stranger": _profile("a-stranger", [("x1", 4.0), ("x2", 3.0), ("x3", 2.0)]),
        **{n: _profile(n, [("y%s" % n, 1.0)]) for n, _ in neighbours},
    }
    ranked = [
        c
        for c, _ in ranking.rerank(
            source, source.candidates, profiles, recency=0.0, recency_days=30.0
        )
    ]
    assert ranked.index("b-kin") < ranked.index("a-stranger")
    assert "s" not in ranked


def test_candidate_features_read_the_lists_of_source_and_candidates():
    """Each candidate's FEATURES: its relative index score, the mean relative
    score its source's best matches give it, the source's relative score in
    its own list and the cosine of both lists; a candidate only the
    neighbours found scores 0 of its own, and the source is never one."""
    source = _profile("s", [("a", 10.0), ("b", 5.0)])
    profiles = {
        "a": _profile("a", [("s", 8.0), ("c", 4.0)]),
        "b": _profile("b", [("c", 6.0), ("s", 3.0)]),
    }
    found = ranking.candidate_features(source, source.candidates, profiles)
    assert set(found) == {"a", "b", "c"}
    features = {
        c: dict(zip(ranking.FEATURES, v, strict=True)) for c, v in found.items()
    }
    assert features["a"]["score"] == 1.0
    assert features["b"]["score"] == 0.5
    assert features["c"]["score"] == 0.0
    # "c" is half of a's best and all of b's: (0.5 + 1.0) / 2 neighbours.
    assert features["c"]["agreement"] == 0.75
    assert features["a"]["mutual"] == 1.0
    assert features["b"]["mutual"] == 0.5
    # Lists with themselves at 1: s {s 1, a 1, b .5}, a {a 1, s 1, c .5}.
    assert features["a"]["shared"] == pytest.approx(2 / 2.25)
    # "c" has no stored profile: no list to compare.
    assert features["c"]["mutual"] == features["c"]["shared"] == 0.0


def test_the_weights_decide_the_order(monkeypatch):
    """The score is the weighed sum of the features: by the index's score
    alone the index's order stands; by shared neighbours alone the candidate
    whose list is the source's comes first."""
    source = _profile("s", [("a", 10.0), ("b", 9.0), ("n", 8.0)])
    profiles = {
        "a": _profile("a", [("x", 5.0)]),
        "b": _profile("b", [("s", 5.0), ("a", 4.0), ("n", 3.0)]),
        "n": _profile("n", [("y", 1.0)]),
    }

    def order(weights):
        monkeypatch.setattr(ranking, "WEIGHTS", weights)
        ranked = ranking.rerank(
            source, source.candidates, profiles, recency=0.0, recency_days=30.0
        )
        return [c for c, _ in ranked]

    assert order({"score": 1.0})[:3] == ["a", "b", "n"]
    assert order({"shared": 1.0})[0] == "b"
    assert order({"score": 1.0, "mutual": 2.0})[0] == "b"
