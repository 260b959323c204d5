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
