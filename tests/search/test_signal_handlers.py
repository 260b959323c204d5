"""The index follows publishing: publish, edit, unpublish, move and delete."""

import pytest
from wagtail.models import PageViewRestriction

from akhbar.search.backends import SearchQuery, get_search_backend
from tests.news.factories import make_article, make_author, make_section, publish

pytestmark = pytest.mark.django_db


def found(text, **facets):
    results = get_search_backend().search(SearchQuery(text=text, facets=facets))
    return [hit.object_id for hit in results.hits]


def test_published_article_is_found_with_its_fields(home, publish_commits):
    section = publish_commits(make_section, home, "اقتصاد")
    author = publish_commits(make_author, home, "سلمى الحداد")
    article = publish_commits(
        make_article,
        section,
        "البنك المركزي يخفض الفائدة",
        standfirst="قرار مفاجئ للأسواق",
        authors=[author],
        tags=["مصارف"],
    )
    assert found("الفائدة") == [str(article.pk)]
    assert found("مفاجئ") == [str(article.pk)]
    assert found("الحداد") == [str(article.pk)]
    assert found("مصارف") == [str(article.pk)]
    assert found("الفائدة", section=str(section.pk)) == [str(article.pk)]
    assert found("الفائدة", author=str(author.pk)) == [str(article.pk)]


def test_draft_is_not_found(home, publish_commits):
    section = publish_commits(make_section, home)
    draft = publish_commits(
        make_article, section, "مسودة عن الزلازل", publish_now=False, live=False
    )
    publish_commits(draft.save_revision)
    assert found("الزلازل") == []
    publish_commits(draft.save_revision().publish)
    assert found("الزلازل") == [str(draft.pk)]


def test_edit_replaces_the_old_words(home, publish_commits):
    section = publish_commits(make_section, home)
    article = publish_commits(make_article, section, "أمطار غزيرة في العاصمة")
    article.title = "ثلوج كثيفة في العاصمة"
    publish_commits(publish, article)
    assert found("ثلوج") == [str(article.pk)]
    assert found("أمطار") == []


def test_unpublish_and_delete_remove_the_article(home, publish_commits):
    section = publish_commits(make_section, home)
    first = publish_commits(make_article, section, "انتخابات بلدية مبكرة")
    second = publish_commits(make_article, section, "انتخابات برلمانية قادمة")
    publish_commits(first.unpublish)
    assert found("انتخابات") == [str(second.pk)]
    publish_commits(second.delete)
    assert found("انتخابات") == []


def test_move_updates_the_section_filter(home, publish_commits):
    politics = publish_commits(make_section, home, "سياسة")
    economy = publish_commits(make_section, home, "اقتصاد")
    article = publish_commits(make_article, politics, "قمة اقتصادية إقليمية")
    publish_commits(article.move, economy, pos="last-child")
    assert found("قمة", section=str(economy.pk)) == [str(article.pk)]
    assert found("قمة", section=str(politics.pk)) == []


def test_private_section_is_not_indexed(home, publish_commits):
    section = publish_commits(make_section, home, "داخلي")
    restriction = publish_commits(
        PageViewRestriction.objects.create,
        page=section,
        restriction_type="password",
        password="x",
    )
    article = publish_commits(make_article, section, "مذكرة داخلية سرية")
    assert found("مذكرة") == []
    publish_commits(restriction.delete)
    assert found("مذكرة") == [str(article.pk)]


def test_restricting_a_section_removes_its_articles(home, publish_commits):
    section = publish_commits(make_section, home, "أرشيف")
    publish_commits(make_article, section, "وثيقة قديمة")
    assert len(found("وثيقة")) == 1
    publish_commits(
        PageViewRestriction.objects.create,
        page=section,
        restriction_type="password",
        password="x",
    )
    assert found("وثيقة") == []


def test_indexing_paused_holds_back_publishing_until_the_block_ends(
    home, publish_commits
):
    from akhbar.search import services, signal_handlers

    section = publish_commits(make_section, home)
    with signal_handlers.indexing_paused() as paused:
        with signal_handlers.indexing_paused() as inner:
            assert paused and not inner
        held = publish_commits(make_article, section, "خبر نشر أثناء الاستيراد")
    assert found("الاستيراد") == []
    after = publish_commits(make_article, section, "خبر نشر بعد الاستيراد")
    assert found("الاستيراد") == [str(after.pk)]
    services.search_index_rebuild()
    assert sorted(found("الاستيراد")) == sorted([str(held.pk), str(after.pk)])


def test_a_pause_leaves_every_receiver_in_its_place():
    """Receivers run in the order they were connected: the related lists are
    computed after the index is updated, and a large import's pause must not
    move the index's receiver behind theirs."""
    from wagtail.signals import page_published

    from akhbar.search import signal_handlers

    before = [receiver[0] for receiver in page_published.receivers]
    with signal_handlers.indexing_paused():
        pass
    assert [receiver[0] for receiver in page_published.receivers] == before
