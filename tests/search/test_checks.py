"""``akhbar check`` tells an operator when the search index is incomplete."""

import pytest
from django.test import override_settings

from akhbar.arabic.search_terms import ANALYSIS_VERSION
from akhbar.search import services, signal_handlers
from akhbar.search.backends import IndexDocument, get_search_backend
from akhbar.search.checks import check_search_index
from akhbar.search.models import SearchIndexState
from akhbar.search.selectors import search_articles
from tests.news.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def _ids():
    return [message.id for message in check_search_index(None)]


@pytest.fixture
def indexed(home, django_capture_on_commit_callbacks):
    """Three live articles, each indexed when it was published."""
    with django_capture_on_commit_callbacks(execute=True):
        section = make_section(home, "اقتصاد")
        return [
            make_article(section, "البنك المركزي يخفض الفائدة %d" % n) for n in range(3)
        ]


def test_a_complete_index_passes(indexed):
    assert _ids() == []


def test_articles_published_with_indexing_paused_are_reported_until_a_rebuild(
    indexed, django_capture_on_commit_callbacks
):
    section = indexed[0].get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        with signal_handlers.indexing_paused():
            for n in range(3):
                make_article(section, "صفقة استيراد القمح %d" % n)
    assert _ids() == ["akhbar_search.W002"]
    message = check_search_index(None)[0]
    assert "3 documents for 6 live articles" in message.msg
    assert "akhbar reindex" in message.hint
    assert services.search_index_rebuild() == 6
    assert _ids() == []


def test_an_interrupted_rebuild_is_reported_and_leaves_the_old_index(indexed):
    def documents_then_failure():
        yield IndexDocument(kind="article", object_id="0", headline="نصف إعادة")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        get_search_backend().rebuild(documents_then_failure())
    assert _ids() == ["akhbar_search.W001"]
    message = check_search_index(None)[0]
    assert "has not finished" in message.msg and "akhbar reindex" in message.hint
    assert search_articles(text="الفائدة").total == 3
    assert get_search_backend().rebuild_started_at() is not None
    services.search_index_rebuild()
    assert get_search_backend().rebuild_started_at() is None
    assert _ids() == []


def test_a_rebuilt_index_is_stamped_with_the_analysis_version(indexed):
    assert services.search_index_rebuild() == 3
    assert get_search_backend().analysis_version() == ANALYSIS_VERSION
    assert _ids() == []


@pytest.mark.parametrize("stamp", [None, ANALYSIS_VERSION - 1])
def test_an_index_built_by_an_older_analysis_is_reported_until_a_rebuild(
    indexed, stamp
):
    # An upgrade keeps the index its old code built: a row without the stamp,
    # or with an older one.
    SearchIndexState.objects.update(analysis_version=stamp)
    assert _ids() == ["akhbar_search.W003"]
    message = check_search_index(None)[0]
    assert "older version of the Arabic analysis" in message.msg
    assert "akhbar reindex" in message.hint
    services.search_index_rebuild()
    assert _ids() == []


def test_an_empty_index_is_not_reported_whatever_its_stamp(home):
    get_search_backend().rebuild([])
    SearchIndexState.objects.update(analysis_version=None)
    assert _ids() == []


def test_articles_indexed_after_an_upgrade_leave_the_warning(indexed):
    # Documents indexed one by one use the new analysis, but the older ones
    # still hold the old terms: only a rebuild clears the warning.
    SearchIndexState.objects.update(analysis_version=None)
    get_search_backend().index_documents(
        [IndexDocument(kind="article", object_id="new", headline="خبر جديد")]
    )
    assert _ids() == ["akhbar_search.W003"]


@override_settings(
    AKHBAR_SEARCH_BACKEND="akhbar.search.backends.dummy.DummySearchBackend"
)
def test_a_backend_that_keeps_nothing_is_not_checked(indexed):
    assert _ids() == []
