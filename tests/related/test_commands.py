"""``akhbar related-eval`` and ``akhbar related --rebuild``."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from akhbar.related.models import RelatedBand, RelatedProfile
from akhbar.related.selectors import related_for
from akhbar.search.models import SearchPosting

from .texts import FOOTBALL

CORPUS = Path(__file__).parent / "files" / "corpus.jsonl"


@pytest.mark.django_db
def test_related_eval_writes_k_trec_lines_per_document(tmp_path, django_db_blocker):
    """Through the site's code, in a database of its own that it removes."""
    out = tmp_path / "run.tsv"
    with django_db_blocker.unblock():
        call_command("related-eval", corpus=str(CORPUS), k=3, out=str(out), verbosity=0)
    lines = [line.split() for line in out.read_text(encoding="utf-8").splitlines()]
    by_doc: dict[str, list] = {}
    for docid, q0, related, rank, score, tag in lines:
        assert (q0, tag) == ("Q0", "akhbar")
        assert related != docid
        float(score)
        by_doc.setdefault(docid, []).append((int(rank), related))
    # The line without text is not loaded; every other document has k lines.
    assert set(by_doc) == {
        "f0", "f1", "f2", "n0", "n1", "n2", "copy-a", "copy-b"
    }  # fmt: skip
    assert all(sorted(r for r, _ in ranked) == [1, 2, 3] for ranked in by_doc.values())
    assert {d for _, d in by_doc["f0"][:2]} == {"f1", "f2"}
    assert "copy-b" not in [d for _, d in by_doc["copy-a"]]
    # Nothing is left in the site's database.
    assert not RelatedProfile.objects.exists()


@pytest.mark.django_db
def test_rebuild_restores_every_list(newsroom):
    """The stories on the subject come back first, in order. Below them the
    order may differ: a list computed on publish read the other stories' lists
    as they stood then (shared neighbours), the rebuild reads them all current."""
    article = newsroom["articles"][FOOTBALL[0][0]]
    before = [a.pk for a in related_for(article, 4)]
    RelatedProfile.objects.all().delete()
    call_command("related", rebuild=True, verbosity=0)
    assert RelatedProfile.objects.count() == len(newsroom["articles"])
    after = [a.pk for a in related_for(article, 4)]
    on_subject = [newsroom["articles"][title].pk for title, _ in FOOTBALL[1:]]
    assert set(after[:2]) == set(on_subject)
    assert after[:2] == before[:2]
    assert set(after) == set(before)


@pytest.mark.django_db
def test_rebuild_keeps_the_old_lists_until_the_new_ones_replace_them(newsroom):
    """Readers keep their lists while a rebuild reads the index: no profile is
    deleted before the last read of the search index's postings."""
    with CaptureQueriesContext(connection) as queries:
        call_command("related", rebuild=True, verbosity=0)
    statements = [query["sql"].lower() for query in queries.captured_queries]
    profiles = RelatedProfile._meta.db_table
    postings = SearchPosting._meta.db_table
    deletes = [i for i, sql in enumerate(statements) if sql.startswith("delete")
               and profiles in sql]  # fmt: skip
    reads = [i for i, sql in enumerate(statements) if postings in sql]
    assert deletes and reads
    assert min(deletes) > max(reads)
    assert RelatedProfile.objects.count() == len(newsroom["articles"])


@pytest.mark.django_db
def test_rebuild_with_no_live_article_forgets_every_list(newsroom):
    for article in newsroom["articles"].values():
        article.unpublish()
    RelatedProfile.objects.create(kind="article", object_id="0", signature=b"")
    call_command("related", rebuild=True, verbosity=0)
    assert not RelatedProfile.objects.exists()
    assert not RelatedBand.objects.exists()
