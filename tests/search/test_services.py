"""``akhbar.search.services``: the documents the index is built from."""

import pytest

from akhbar.news.models import ArticlePage
from akhbar.search import services
from tests.news.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("apart", [False, True], ids=["one-process", "worker"])
def test_rebuild_documents_match_single_article_documents(
    home, django_assert_max_num_queries, apart, monkeypatch
):
    """The rebuild reads bylines, tags and sections in bulk, and makes the same
    documents as an article's own update: nested sections, authors, tags and
    entity names, also where a worker process finds the entities."""
    politics = make_section(home, "سياسة")
    world = make_section(politics, "عربي ودولي")
    authors = [make_author(home, "سلمى الحداد"), make_author(home, "عمر الخطيب")]
    articles = [
        make_article(world, "خبر %d" % n, authors=authors[: n % 3], tags=["سوريا"])
        for n in range(6)
    ]
    make_article(politics, "بوتين يستقبل وزير خارجية لبنان في موسكو", tags=["لبنان"])
    forked = []

    class Spy(services.ProcessPoolExecutor):
        def __init__(self, *args, mp_context, **kwargs):
            forked.append(mp_context.get_start_method())
            super().__init__(*args, mp_context=mp_context, **kwargs)

    monkeypatch.setattr(services, "ProcessPoolExecutor", Spy)
    monkeypatch.setattr(services, "can_fork", lambda: True)  # Even on one core.
    with django_assert_max_num_queries(12):
        rebuilt = list(services._live_articles(apart=apart))
    assert forked == (["fork"] if apart else [])
    single = {
        str(a.pk): services.article_document(a) for a in ArticlePage.objects.live()
    }
    assert len(rebuilt) == len(single) == 7
    for document in rebuilt:
        assert document == single[document.object_id]
    assert "فلاديمير بوتين" in rebuilt[-1].entities
    assert "موسكو" in rebuilt[-1].entities
    nested = next(d for d in rebuilt if d.object_id == str(articles[2].pk))
    assert ("section", str(world.pk)) in nested.facets
    assert ("section", str(politics.pk)) in nested.facets
    assert [f for f in nested.facets if f[0] == "author"] == [
        ("author", str(a.pk)) for a in authors[:2]
    ]
