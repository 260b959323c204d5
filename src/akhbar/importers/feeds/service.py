"""``feed_import``: new items of an RSS or Atom feed become draft articles."""

from django.db import transaction
from django.utils.translation import gettext as _

from akhbar.importers.content import html_to_blocks, strip_tags, text_paragraph
from akhbar.importers.drafts import ArticleDraft, Status
from akhbar.importers.duplicates import report_duplicates
from akhbar.importers.models import ImportRecord
from akhbar.importers.records import record_get
from akhbar.importers.report import CREATED, SKIPPED, ImportReport
from akhbar.importers.services import (
    article_upsert,
    fallback_section,
    home_page,
    tag_upsert,
)
from akhbar.news.models import AuthorPage, SectionPage

from .parser import read


def feed_import(
    *, source: str, section: SectionPage | None = None, timeout: float = 10
) -> ImportReport:
    """Make a draft article of each feed item not imported before.

    Items are known by their id (or link) across all feeds, so a story met
    again, in the same feed or another, is skipped rather than duplicated.
    """
    feed = read(source, timeout=timeout)
    report = ImportReport()
    home = home_page()
    created = []
    with transaction.atomic():
        section = section or fallback_section(home)
        for entry in feed.entries:
            if record_get(
                source="feed", kind=ImportRecord.Kind.ARTICLE, external_id=entry.key
            ):
                report.add("articles", SKIPPED)
                continue
            tag_ids = []
            for name in entry.tags:
                if name:
                    tag, action = tag_upsert(
                        source="feed", external_id=name, name=name, slug=""
                    )
                    report.add("tags", action)
                    tag_ids.append(tag.pk)
            markup = entry.content_html or entry.summary_html
            body = html_to_blocks(markup, base_url=entry.link)
            if not body and entry.summary_html:
                body = [text_paragraph(strip_tags(entry.summary_html))]
            authors = AuthorPage.objects.filter(title=entry.author).values_list(
                "pk", flat=True
            )
            draft = ArticleDraft(
                title=strip_tags(entry.title) or entry.link or _("بلا عنوان"),
                body=[block for block in body if block],
                standfirst=strip_tags(entry.summary_html)[:1000]
                if entry.content_html
                else "",
                author_ids=list(authors[:1]) if entry.author else [],
                tag_ids=tag_ids,
                status=Status.DRAFT,
            )
            page, action = article_upsert(
                source="feed",
                external_id=entry.key,
                section=section,
                draft=draft,
                data={
                    "link": entry.link,
                    "feed": feed.link or source,
                    "published": entry.published.isoformat()
                    if entry.published
                    else None,
                },
            )
            report.add("articles", action)
            if action == CREATED:
                created.append(page.pk)
        report_duplicates(report, created)
    return report
