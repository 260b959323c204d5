"""Wire copies: flagged on publish, one story of a group in every list."""

import pytest

from akhbar.related import minhash, ranking, selectors
from akhbar.related.models import RelatedProfile
from tests.news.factories import make_article

from .conftest import paragraphs
from .texts import ECONOMY, FOOTBALL, STORY, edited

pytestmark = pytest.mark.django_db


def test_signatures_estimate_the_overlap_of_the_words():
    original = minhash.signature(STORY)
    assert minhash.similarity(original, minhash.signature(STORY)) == 1.0
    copy = minhash.similarity(original, minhash.signature(edited(STORY)))
    assert copy >= ranking.DUPLICATE_SIMILARITY
    other = minhash.similarity(original, minhash.signature(ECONOMY[0][1] * 2))
    assert other < 0.2
    assert minhash.signature("نص قصير") == b""
    assert len(minhash.band_keys(original)) == minhash.BANDS


def test_a_copy_is_flagged_on_publish_and_kept_out_of_lists(newsroom, publish_commits):
    section = newsroom["national"]
    first = publish_commits(
        make_article, section, "حملة تلقيح ضد النزلة", body=paragraphs(STORY)
    )
    copy = publish_commits(
        make_article,
        section,
        "عاجل: الصحة تدعو إلى التلقيح",
        body=paragraphs(edited(STORY)),
    )
    profile = RelatedProfile.objects.get(object_id=str(copy.pk))
    assert profile.duplicate_of == str(first.pk)
    assert profile.duplicate_similarity >= ranking.DUPLICATE_SIMILARITY
    assert first.pk not in [a.pk for a in selectors.related_for(copy, 4)]
    assert copy.pk not in [a.pk for a in selectors.related_for(first, 4)]
    for article in newsroom["articles"].values():
        ids = {a.pk for a in selectors.related_for(article, 4)}
        assert not {first.pk, copy.pk} <= ids
    found = selectors.duplicates_of(copy)
    assert [(a.pk, s >= ranking.DUPLICATE_SIMILARITY) for a, s in found] == [
        (first.pk, True)
    ]


def test_different_stories_are_not_flagged(newsroom):
    assert not RelatedProfile.objects.exclude(duplicate_of="").exists()
    article = newsroom["articles"][FOOTBALL[0][0]]
    assert selectors.duplicates_of(article) == []


def test_the_editor_is_warned_with_the_similarity_and_a_link(
    newsroom, publish_commits, admin_client
):
    from django.urls import reverse

    section = newsroom["national"]
    first = publish_commits(
        make_article, section, "حملة <تلقيح> ضد النزلة", body=paragraphs(STORY)
    )
    draft = make_article(
        section,
        "مسودة منقولة",
        body=paragraphs(edited(STORY)),
        publish_now=False,
        live=False,
    )
    draft.save_revision()
    page = admin_client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    html = page.content.decode()
    assert "نسخة مكررة محتملة من «حملة &lt;تلقيح&gt; ضد النزلة»" in html
    assert reverse("wagtailadmin_pages:edit", args=[first.pk]) in html
    other = newsroom["articles"][FOOTBALL[0][0]]
    page = admin_client.get(reverse("wagtailadmin_pages:edit", args=[other.pk]))
    assert "نسخة مكررة محتملة" not in page.content.decode()
