"""What a related list ranks first: the story, not the section."""

import pytest

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
