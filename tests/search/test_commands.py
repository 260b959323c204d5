"""``akhbar reindex`` rebuilds the index from the live articles."""

import pytest
from django.core.management import call_command

from akhbar.search.backends import SearchQuery, get_search_backend
from akhbar.search.models import SearchDocument, SearchPosting
from tests.news.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def test_reindex_builds_the_main_tier_from_live_articles(home, capsys):
    section = make_section(home)
    live = make_article(section, "افتتاح معرض الكتاب")
    make_article(section, "مسودة عن معرض آخر", publish_now=False, live=False)
    SearchDocument.objects.all().delete()
    call_command("reindex", verbosity=0)
    assert "Indexed 1 articles" in capsys.readouterr().out
    assert not SearchPosting.objects.exists()
    hits = get_search_backend().search(SearchQuery(text="معرض")).hits
    assert [h.object_id for h in hits] == [str(live.pk)]


def test_reindex_merge_folds_recent_postings(home, django_capture_on_commit_callbacks):
    section = make_section(home)
    call_command("reindex", verbosity=0)
    with django_capture_on_commit_callbacks(execute=True):
        make_article(section, "قمة المناخ تبدأ اليوم")
    assert SearchPosting.objects.exists()
    call_command("reindex", "--merge", verbosity=0)
    assert not SearchPosting.objects.exists()
    assert get_search_backend().search(SearchQuery(text="المناخ")).total == 1
