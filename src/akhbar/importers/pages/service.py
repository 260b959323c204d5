"""``page_file_import``: a saved web page (HTML or text) becomes a draft article."""

import hashlib
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from akhbar.importers.content import READ_ALSO_TITLE, paragraph_block
from akhbar.importers.drafts import ArticleDraft, Status
from akhbar.importers.report import CREATED
from akhbar.importers.selectors import (
    article_by_old_url,
    articles_by_titles,
    section_by_label,
)
from akhbar.importers.services import (
    article_upsert,
    fallback_section,
    home_page,
    section_upsert,
)
from akhbar.importers.xmlsafe import ImportRefused, Refusal
from akhbar.news.blocks import body_block
from akhbar.news.models import ArticlePage, SectionPage

from .parser import parse


@dataclass
class PageImport:
    """What ``page_file_import`` made: the draft and what it could not match."""

    article: ArticlePage
    action: str
    section: SectionPage
    section_created: bool = False
    unmatched: list[str] = field(default_factory=list)


def _decode(raw: bytes) -> str:
    """Text of a saved file: UTF-8, else the charset it declares, else Windows-1256
    (the encoding of Arabic pages saved on Windows)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", raw[:4096])
    for codec in ([declared.group(1).decode()] if declared else []) + ["cp1256"]:
        try:
            return raw.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace")


def _read_also_blocks(read_also: list[tuple[str, str]]) -> tuple[list[dict], list]:
    """A read-also block for the titles that match articles, and a list of the
    rest (kept as text, so the editor sees them)."""
    by_title = articles_by_titles([title for title, _href in read_also])
    ids, unmatched = [], []
    for title, href in read_also:
        page_id = (article_by_old_url(href) if href else None) or by_title.get(title)
        if page_id:
            ids.append(page_id)
        else:
            unmatched.append(title)
    blocks = []
    if ids:
        value = {"title": READ_ALSO_TITLE, "articles": list(dict.fromkeys(ids))}
        blocks.append(body_block("read_also", value))
    if unmatched:
        items = "".join("<li>%s</li>" % escape(title) for title in unmatched)
        heading = "" if ids else "<p>%s:</p>" % escape(READ_ALSO_TITLE)
        blocks.append(paragraph_block(heading + "<ul>%s</ul>" % items))
    return blocks, unmatched


def page_file_import(
    *, path: str | Path, section: SectionPage | None = None
) -> PageImport:
    """Make a draft article from a saved page (HTML or text).

    The section is ``section`` if given, else the one whose title matches the
    page's section label, else a new unpublished section with that label (the
    editor publishes or moves it), else "غير مصنف". Importing the same file
    again updates the same draft.
    """
    raw = Path(path).read_bytes()
    saved = parse(_decode(raw))
    if not saved.headline:
        raise ImportRefused(
            _("لم يُعثر على عنوان للمقال في الملف."), kind=Refusal.INCOMPLETE
        )
    home = home_page()
    with transaction.atomic():
        created = False
        if section is None and saved.section_label:
            section = section_by_label(saved.section_label)
            if section is None:
                section, action = section_upsert(
                    source="page-file",
                    external_id=saved.section_label,
                    parent=home,
                    title=saved.section_label,
                    live=False,
                )
                created = action == CREATED
        section = section or fallback_section(home)
        body = [body_block(kind, value) for kind, value in saved.blocks]
        read_also, unmatched = _read_also_blocks(saved.read_also)
        at = saved.read_also_at if saved.read_also_at is not None else len(body)
        body[at:at] = read_also
        draft = ArticleDraft(title=saved.headline, body=body, status=Status.DRAFT)
        article, action = article_upsert(
            source="page-file",
            external_id=hashlib.sha256(raw).hexdigest(),
            section=section,
            draft=draft,
        )
    return PageImport(
        article=article,
        action=action,
        section=section,
        section_created=created,
        unmatched=unmatched,
    )
