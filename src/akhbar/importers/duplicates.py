"""Wire copies met at import: which imported articles nearly copy a live
story (``akhbar.related``'s MinHash), for the import report."""

from django.apps import apps

from .report import ImportReport


def report_duplicates(report: ImportReport, article_ids) -> None:
    """Add to ``report`` each of ``article_ids`` that nearly copies a live
    story, with the story and the similarity; in the order imported."""
    if not apps.is_installed("akhbar.related"):
        return
    from akhbar.news.models import ArticlePage
    from akhbar.related.selectors import duplicates_found

    ids = list(dict.fromkeys(article_ids))
    found = duplicates_found(ids)
    articles = ArticlePage.objects.in_bulk(list(found))
    for pk in ids:
        if pk in found and pk in articles:
            original, similarity = found[pk]
            report.duplicate(articles[pk], original, similarity)
