"""Map a WordPress export onto Akhbar: which item becomes what, and where.

Two passes over the file. ``scan`` reads it whole without writing: it refuses
a broken or hostile file before anything is written, and gathers the small
facts later items need (attachments, page parents, the newest sticky post,
old links). ``run`` reads it again and writes through ``services``:

- authors -> AuthorPage (and a user account when the export gives an e-mail);
- categories -> SectionPage tree, hierarchy kept; tags -> tags;
- posts -> ArticlePage in the post's primary category (Yoast's primary
  category when set, else the first); publish -> live, future -> scheduled,
  draft and pending -> draft, private -> not live (kept with its date);
  the newest sticky post becomes the lead story (``is_lead``);
- pages -> StandardPage, hierarchy kept; attachments -> Wagtail images;
- comments -> akhbar.comments, threads kept; pingbacks are left out;
- every old permalink form -> a permanent redirect to the new page.
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree
from wagtail.contrib.redirects.models import Redirect

from akhbar.arabic.normalize import normalize
from akhbar.comments.text import html_to_text
from akhbar.core.processes import can_fork
from akhbar.importers import services
from akhbar.importers.content import ImageRef, html_to_blocks, strip_tags
from akhbar.importers.drafts import ArticleDraft, PageDraft, Status
from akhbar.importers.fast.bulk import BulkWriter
from akhbar.importers.models import ImportRecord
from akhbar.importers.readahead import read_ahead
from akhbar.importers.records import ImportBatch
from akhbar.importers.report import CREATED, SKIPPED, UPDATED, ImportReport
from akhbar.importers.selectors import articles_by_titles
from akhbar.news.blocks import body_block
from akhbar.news.models import ArticlePage

from . import content as wp_content
from .parser import Author, Item, Term, WXRReader

POST_STATUSES = {
    "publish": Status.LIVE,
    "future": Status.SCHEDULED,
    "draft": Status.DRAFT,
    "pending": Status.DRAFT,
    "private": Status.UNPUBLISHED,
}
COMMENT_STATUSES = {
    "1": "approved",
    "approve": "approved",
    "0": "pending",
    "hold": "pending",
    "spam": "spam",
    "trash": "trash",
    "post-trashed": "trash",
}
# What converting hostile markup may raise (lxml refusing a value, a parser
# assertion): the item is skipped and reported, the import goes on.
UNREADABLE = (ValueError, AssertionError, IndexError, etree.LxmlError)
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp"}
# WordPress cuts encoded slugs at 200 bytes; one this long was probably cut.
WP_SLUG_LIMIT = 190
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
_SCALED_SUFFIX = re.compile(r"-scaled(?=\.[A-Za-z0-9]+$)")


@dataclass
class Attachment:
    url: str = ""
    file: str = ""
    title: str = ""
    alt: str = ""
    caption: str = ""
    parent: int | None = None


@dataclass
class Ready:
    """An item's body converted ahead of its turn (``WordPressImporter._prepare``)."""

    # None where the body is converted in its turn (it names images or links).
    blocks: list[dict] | None
    search_content: list[str] | None = None
    # A post's old paths, normalised (for a live or scheduled post).
    paths: list[str] | None = None


def body_search_content(blocks: list[dict]) -> list[str]:
    """What the admin search indexes of an article body made of ``blocks``."""
    field = ArticlePage._meta.get_field("body")
    return field.get_searchable_content(field.to_python(blocks))


def _nothing_ahead(_entry) -> None:
    return None


@dataclass
class Scan:
    """What the first pass learnt; small next to the file (no post content)."""

    items: int = 0
    authors: dict[str, Author] = field(default_factory=dict)
    author_ids: dict[int, str] = field(default_factory=dict)
    categories: dict[str, Term] = field(default_factory=dict)
    tags: dict[str, Term] = field(default_factory=dict)
    attachments: dict[int, Attachment] = field(default_factory=dict)
    attachment_by_url: dict[str, int] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)
    page_parents: dict[int, int] = field(default_factory=dict)
    page_slugs: dict[int, str] = field(default_factory=dict)
    post_paths: dict[str, int] = field(default_factory=dict)
    lead_post_id: int | None = None


def decode_slug(value: str) -> str:
    """A WordPress slug (percent-encoded UTF-8) as Unicode.

    An escape cut in half at the end is dropped, and bytes that do not decode
    (a character cut by a plugin) are left out.
    """
    value = re.sub(r"%[0-9A-Fa-f]?$", "", (value or "").strip())
    return unquote_to_bytes(value).decode("utf-8", errors="ignore")


def slug_was_cut(value: str) -> bool:
    return "%" in (value or "") and len(value) >= WP_SLUG_LIMIT


def _comment_text(content: str) -> str:
    """A comment's text; most are plain text, with no markup worth parsing (the
    comments service cleans the text either way)."""
    if "<" not in content and "&" not in content:
        return content
    return html_to_text(content)


def _media_key(url: str) -> str:
    """An attachment URL without scheme, query and size suffix, for matching."""
    parts = urlsplit(url or "")
    path = _SCALED_SUFFIX.sub("", _SIZE_SUFFIX.sub("", parts.path))
    return (parts.netloc.lower() + path).lower()


class WordPressImporter:
    """One import of one WXR file; see the module docstring for the mapping."""

    # From this many items, pass 2 reads the file and converts bodies in a
    # second process (``readahead``) while this one writes.
    READ_AHEAD_FROM = 200

    def __init__(
        self,
        *,
        path: Path,
        media_dir: Path | None,
        report: ImportReport,
        written: list,
    ):
        self.path = path
        self.media_dir = media_dir.resolve() if media_dir else None
        self.report = report
        self.written = written
        self.scan_result = Scan()
        # Pass 1 surveys the file: comments are read in pass 2 only.
        self.reader = WXRReader(path, comments=False)
        self.source = ""
        self.hosts: set[str] = set()
        self.base_path = ""
        # Filled by run():
        self.authors: dict[str, int] = {}
        self.sections: dict[str, object] = {}
        self.tags: dict[str, int] = {}
        self.media: dict[str, int | None] = {}
        self.posts: dict[int, int] = {}
        self.pages: dict[int, object] = {}
        self.public_pages: set[int] = set()
        self.moves: list[tuple[object, int, bool]] = []
        self.redirects: dict[str, tuple[int, str]] = {}
        self.read_also: list[tuple[int, object, ArticleDraft, dict]] = []
        # Posts queued in the batch's writer, not stored yet.
        self.queued: set[int] = set()

    # Pass 1 ----------------------------------------------------------------------

    def scan(self) -> Scan:
        """Read the whole file without writing; refuse it if it is not sound."""
        scan = self.scan_result
        creators: set[str] = set()
        stickies: list[tuple[datetime.datetime, int]] = []
        for entry in self.reader:
            if isinstance(entry, Author):
                scan.authors.setdefault(entry.login, entry)
                if entry.author_id:
                    scan.author_ids[entry.author_id] = entry.login
            elif isinstance(entry, Term):
                if entry.taxonomy == "category":
                    scan.categories.setdefault(decode_slug(entry.slug), entry)
                elif entry.taxonomy == "post_tag":
                    scan.tags.setdefault(decode_slug(entry.slug), entry)
            elif isinstance(entry, Item):
                scan.items += 1
                self._scan_item(entry, scan, creators, stickies)
        self.reader.check_version()
        for login in creators - set(scan.authors):
            scan.authors[login] = Author(login=login)
        if stickies:
            scan.lead_post_id = max(stickies)[1]
        self._set_source()
        return scan

    def _scan_item(self, item: Item, scan: Scan, creators, stickies) -> None:
        if item.post_id is None:
            return
        if item.post_type == "attachment":
            scan.attachments[item.post_id] = Attachment(
                url=item.attachment_url or item.guid,
                file=item.meta.get("_wp_attached_file", "").strip(),
                title=strip_tags(item.title),
                alt=strip_tags(item.meta.get("_wp_attachment_image_alt", "")),
                caption=strip_tags(item.excerpt),
                parent=item.post_parent,
            )
            if item.attachment_url or item.guid:
                key = _media_key(item.attachment_url or item.guid)
                scan.attachment_by_url.setdefault(key, item.post_id)
            if item.post_parent:
                scan.children.setdefault(item.post_parent, []).append(item.post_id)
            return
        if item.post_type not in ("post", "page"):
            return
        if item.creator:
            creators.add(item.creator)
        for term in item.terms:
            slug = decode_slug(term.slug)
            if term.domain == "category" and slug not in scan.categories:
                scan.categories[slug] = Term("category", term.slug, term.name)
            elif term.domain == "post_tag" and slug not in scan.tags:
                scan.tags[slug] = Term("post_tag", term.slug, term.name)
        if item.post_type == "page":
            if item.post_parent:
                scan.page_parents[item.post_id] = item.post_parent
            scan.page_slugs[item.post_id] = item.post_name
            return
        if item.is_sticky and item.status == "publish":
            when = self._published_at(item) or datetime.datetime.min.replace(
                tzinfo=datetime.UTC
            )
            stickies.append((when, item.post_id))
        for url in (item.link, item.guid):
            path = self._path_of(url, any_host=True)
            if path:
                scan.post_paths.setdefault(path, item.post_id)

    def _set_source(self) -> None:
        channel = self.reader.channel
        base = channel.base_blog_url or channel.base_site_url or channel.link
        for url in (channel.base_site_url, channel.base_blog_url, channel.link):
            host = urlsplit(url).netloc.lower() if url else ""
            if host:
                self.hosts.add(host)
        self.base_path = urlsplit(base).path.rstrip("/") if base else ""
        identity = channel.base_site_url or base or channel.title or self.path.name
        self.source = ("wordpress:" + identity.rstrip("/"))[:255]

    # Pass 2 ----------------------------------------------------------------------

    def run(self, *, home, indexing, progress=None) -> None:
        """Write everything; called inside the import's transaction."""
        self.home = home
        self.indexing = indexing
        self.site = services.site_of(home)
        writer = BulkWriter(send_signals=not indexing.large, on_written=indexing.index)
        self.batch = ImportBatch(self.source, bulk=True, writer=writer)
        tick = progress(self.scan_result.items) if progress else None
        self._authors()
        self._sections()
        self._tags()
        ahead = self.scan_result.items >= self.READ_AHEAD_FROM and can_fork()
        # In one process, converting ahead would only convert some bodies twice.
        prepare = self._prepare if ahead else _nothing_ahead
        for entry, ready in read_ahead(WXRReader(self.path), prepare, fork=ahead):
            if not isinstance(entry, Item):
                continue
            self._item(entry, ready)
            if tick:
                tick(1)
        self.batch.flush()
        self._fill_read_also()
        for page, parent_id, created in self.moves:
            parent = self.pages.get(parent_id)
            if parent is not None:
                moved = services.page_move(
                    page=page, parent=parent, keep_old_url=not created
                )
                self.indexing.touch(moved)
        for page_id, path in self._page_paths():
            self._add_redirect(path, page_id)
        self.batch.flush()
        services.redirects_create(
            site=self.site, targets=self.redirects, report=self.report, normalised=True
        )

    def _touch(self, obj, kind: str, action: str):
        self.report.add(kind, action)
        if action != SKIPPED:
            self.indexing.touch(obj)
        return obj

    # Authors, sections, tags -------------------------------------------------------

    def _authors(self) -> None:
        for login, author in self.scan_result.authors.items():
            page, action = services.author_upsert(
                batch=self.batch,
                source=self.source,
                external_id=login,
                home=self.home,
                name=strip_tags(author.name),
                slug=login,
                email=author.email,
                username=login,
                first_name=author.first_name,
                last_name=author.last_name,
            )
            self._touch(page, "authors", action)
            self.authors[login] = page.pk
            self._add_redirect(f"/author/{quote(login.lower())}/", page.pk)
            if author.author_id:
                self._add_redirect(f"/?author={author.author_id}", page.pk)

    def _sections(self) -> None:
        categories = self.scan_result.categories

        def ensure(slug: str, seen: tuple = ()):
            if slug in self.sections:
                return self.sections[slug]
            term = categories[slug]
            parent_slug = decode_slug(term.parent)
            parent = self.home
            chain = [term.slug]
            if parent_slug and parent_slug in categories and parent_slug not in seen:
                parent = ensure(parent_slug, (*seen, slug))
                chain = [*self._category_chain(parent_slug), term.slug]
            if parent == self.home and is_default_category(term):
                section = self._fallback_section()
                self.report.note(
                    _("تصنيف ووردبريس الافتراضي «%(name)s» صار قسم «%(section)s».")
                    % {"name": strip_tags(term.name), "section": section.title}
                )
                self.sections[slug] = section
                self._add_redirect(f"/category/{term.slug}/", section.pk)
                if term.term_id:
                    self._add_redirect(f"/?cat={term.term_id}", section.pk)
                return section
            wanted = term.name if slug_was_cut(term.slug) else slug
            section, action = services.section_upsert(
                batch=self.batch,
                report=self.report,
                source=self.source,
                external_id=slug,
                parent=parent,
                title=strip_tags(term.name),
                slug=wanted,
                description=strip_tags(term.description),
            )
            self._touch(section, "sections", action)
            self.sections[slug] = section
            self._add_redirect("/category/%s/" % "/".join(chain), section.pk)
            self._add_redirect(f"/category/{term.slug}/", section.pk)
            if term.term_id:
                self._add_redirect(f"/?cat={term.term_id}", section.pk)
            return section

        for slug in categories:
            ensure(slug)

    def _category_chain(self, slug: str) -> list[str]:
        chain, seen = [], set()
        categories = self.scan_result.categories
        while slug and slug in categories and slug not in seen:
            seen.add(slug)
            chain.insert(0, categories[slug].slug)
            slug = decode_slug(categories[slug].parent)
        return chain

    def _tags(self) -> None:
        for slug, term in self.scan_result.tags.items():
            tag, action = services.tag_upsert(
                batch=self.batch,
                source=self.source,
                external_id=slug,
                name=strip_tags(term.name),
                slug=slug,
            )
            self.report.add("tags", action)
            self.tags[slug] = tag.pk
            route = "/tags/%s/" % tag.slug
            self._add_redirect(f"/tag/{term.slug}/", self.home.pk, route)
            self._add_redirect(f"/?tag={term.slug}", self.home.pk, route)

    # Items -------------------------------------------------------------------------

    def _item(self, item: Item, ready: "Ready | None" = None) -> None:
        if item.post_id is None:
            self.report.ignored["?"] += 1
        elif item.post_type == "post":
            self._post(item, ready)
        elif item.post_type == "page":
            self._page(item, ready)
        elif item.post_type == "attachment":
            self._attachment(item)
        else:
            self.report.ignored[item.post_type or "?"] += 1

    def _published_at(self, item: Item) -> datetime.datetime | None:
        if item.post_date_gmt:
            return item.post_date_gmt.replace(tzinfo=datetime.UTC)
        if item.post_date:
            zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
            return item.post_date.replace(tzinfo=zone)
        return item.pub_date

    def _wanted_slug(self, item: Item) -> str:
        if not item.post_name or slug_was_cut(item.post_name):
            return strip_tags(item.title)
        return decode_slug(item.post_name)

    def _prepare(self, entry) -> "Ready | None":
        """What can be made of an item ahead of its turn (``read_ahead``): its
        body blocks, their search text and a post's old paths.

        Runs where the file is read, perhaps in another process: no database.
        A body whose conversion asks about an image or a linked article (an
        answer that needs the database and what was imported before it) is
        left to ``_body``, which converts it again when its turn comes.
        """
        if (
            not isinstance(entry, Item)
            or entry.post_id is None
            or entry.post_type not in ("post", "page")
            or entry.status not in POST_STATUSES
        ):
            return None
        asked = False

        def ask(*_args) -> None:
            nonlocal asked
            asked = True

        try:
            blocks = self._convert(entry, resolve_image=ask, resolve_link=ask)
        except UNREADABLE:
            # Converted again in its turn, where the failure is reported.
            return None
        if entry.post_type != "post":
            return Ready(None if asked else blocks)
        paths = None
        if POST_STATUSES[entry.status] in (Status.LIVE, Status.SCHEDULED):
            paths = self._post_paths(entry)
        if asked:
            return Ready(None, paths=paths)
        # The admin search's text of the body, while the blocks are here.
        return Ready(blocks, body_search_content(blocks), paths)

    def _body(self, item: Item, ready: "Ready | None" = None) -> list[dict]:
        if ready is not None and ready.blocks is not None:
            return ready.blocks
        return self._convert(
            item, resolve_image=self._resolve_image, resolve_link=self._resolve_link
        )

    def _convert(self, item: Item, *, resolve_image, resolve_link) -> list[dict]:
        def gallery(ids):
            return ids or self.scan_result.children.get(item.post_id, [])

        markup = wp_content.render(item.content, resolve_gallery=gallery)
        base = item.link or self.reader.channel.base_site_url
        return html_to_blocks(
            markup,
            base_url=base if base.startswith("http") else "",
            resolve_image=resolve_image,
            resolve_link=resolve_link,
        )

    def _post(self, item: Item, ready: "Ready | None" = None) -> None:
        status = POST_STATUSES.get(item.status)
        if status is None:
            self.report.add("articles", SKIPPED)
            return
        section = self._section_of(item)
        published_at = self._published_at(item)
        if status == Status.DRAFT and not item.post_date_gmt:
            published_at = None
        featured, caption = self._featured(item)
        try:
            draft = self._article_draft(item, ready, status, published_at)
        except UNREADABLE as error:
            self._unreadable(item, "articles", error)
            return
        draft.featured_image_id, draft.featured_image_caption = featured, caption
        self._hold_read_also(item, section, draft)
        self.queued.add(item.post_id)
        try:
            services.article_upsert(
                batch=self.batch,
                source=self.source,
                external_id=item.post_id,
                section=section,
                draft=draft,
                then=lambda page, action: self._post_stored(item, page, action, ready),
            )
        except ValidationError as error:
            self.queued.discard(item.post_id)
            self._item_error(item, error)
            self.report.add("articles", SKIPPED)

    def _article_draft(self, item: Item, ready, status, published_at) -> ArticleDraft:
        return ArticleDraft(
            title=strip_tags(item.title) or _("بلا عنوان"),
            slug=self._wanted_slug(item),
            standfirst=strip_tags(item.excerpt),
            body=self._body(item, ready),
            search_content=ready.search_content if ready else None,
            author_ids=self._bylines(item),
            tag_ids=[
                self.tags[decode_slug(t.slug)]
                for t in item.terms_of("post_tag")
                if decode_slug(t.slug) in self.tags
            ],
            status=status,
            published_at=published_at,
            is_lead=item.post_id == self.scan_result.lead_post_id,
            comments_open=item.comment_status != "closed",
            search_description=strip_tags(item.meta.get("_yoast_wpseo_metadesc", "")),
            password=item.post_password.strip(),
        )

    def _post_stored(self, item: Item, page, action: str, ready=None) -> None:
        """What needs the article's id: comments, old links, the report."""
        self.queued.discard(item.post_id)
        # A new article was indexed by the writer, with its batch.
        self.report.add("articles", action)
        if action == UPDATED:
            self.indexing.touch(page)
        self.posts[item.post_id] = page.pk
        self._comments(item, page)
        if POST_STATUSES[item.status] in (Status.LIVE, Status.SCHEDULED):
            paths = ready.paths if ready is not None else None
            for path in paths if paths is not None else self._post_paths(item):
                self.redirects.setdefault(path, (page.pk, ""))

    def _item_error(self, item: Item, error) -> None:
        messages = getattr(error, "messages", None) or [str(error)]
        self.report.error(
            _("العنصر %(id)s (السطر %(line)s): %(error)s")
            % {"id": item.post_id, "line": item.line, "error": "؛ ".join(messages)}
        )

    def _unreadable(self, item: Item, kind: str, error: Exception) -> None:
        """Skip an item whose content could not be converted, saying why."""
        self.report.error(
            _("العنصر %(id)s (السطر %(line)s) تُرك: تعذّر تحويل محتواه (%(error)s).")
            % {"id": item.post_id, "line": item.line, "error": error}
        )
        self.report.add(kind, SKIPPED)

    def _section_of(self, item: Item):
        categories = item.terms_of("category")
        primary = item.meta.get("_yoast_wpseo_primary_category", "").strip()
        if primary.isdigit():
            for slug, term in self.scan_result.categories.items():
                if term.term_id == int(primary) and slug in self.sections:
                    return self.sections[slug]
        for term in categories:
            section = self.sections.get(decode_slug(term.slug))
            if section is not None:
                return section
        return self._fallback_section()

    def _fallback_section(self):
        """The section for posts that name none, made once per import."""
        if "" not in self.sections:
            section, created = services.fallback_section_ensure(self.home)
            self.sections[""] = section
            self._touch(section, "sections", CREATED if created else SKIPPED)
        return self.sections[""]

    def _bylines(self, item: Item) -> list[int]:
        logins = [item.creator] if item.creator else []
        # Written by ``akhbar export`` for articles with several bylines.
        extra = item.meta.get("_akhbar_bylines", "")
        logins += [login.strip() for login in extra.split(",") if login.strip()]
        return [self.authors[login] for login in logins if login in self.authors]

    def _featured(self, item: Item) -> tuple[int | None, str]:
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        if not thumbnail.isdigit():
            return None, ""
        image_id = self._media_for(int(thumbnail))
        attachment = self.scan_result.attachments.get(int(thumbnail))
        return image_id, (attachment.caption if attachment and image_id else "")

    def _page(self, item: Item, ready: "Ready | None" = None) -> None:
        status = POST_STATUSES.get(item.status)
        if status is None:
            self.report.add("pages", SKIPPED)
            return
        parent = self.home
        if item.post_parent:
            parent = self.pages.get(item.post_parent, self.home)
        try:
            draft = PageDraft(
                title=strip_tags(item.title) or _("بلا عنوان"),
                slug=self._wanted_slug(item),
                body=self._body(item, ready),
                status=status,
                published_at=self._published_at(item),
                search_description=strip_tags(
                    item.meta.get("_yoast_wpseo_metadesc", "")
                ),
            )
        except UNREADABLE as error:
            self._unreadable(item, "pages", error)
            return
        try:
            page, action = services.standard_page_upsert(
                batch=self.batch,
                report=self.report,
                source=self.source,
                external_id=item.post_id,
                parent=parent,
                draft=draft,
            )
        except ValidationError as error:
            self._item_error(item, error)
            self.report.add("pages", SKIPPED)
            return
        self._touch(page, "pages", action)
        self.pages[item.post_id] = page
        if status in (Status.LIVE, Status.SCHEDULED):
            self.public_pages.add(item.post_id)
        if item.post_parent:
            self.moves.append((page, item.post_parent, action == CREATED))
        if item.comments:
            self.report.add("comments", SKIPPED, len(item.comments))
        if status in (Status.LIVE, Status.SCHEDULED):
            self._add_redirect(f"/?page_id={item.post_id}", page.pk)
            self._add_link_redirects(item, page.pk)

    def _page_paths(self):
        """Hierarchical page paths (/parent/child/), known once all pages exist."""
        scan = self.scan_result
        for wp_id, page in self.pages.items():
            if wp_id not in self.public_pages:
                continue
            chain, seen, current = [], set(), wp_id
            while current and current not in seen and current in scan.page_slugs:
                seen.add(current)
                chain.insert(0, scan.page_slugs[current])
                current = scan.page_parents.get(current)
            if all(chain):
                yield page.pk, "/" + "/".join(chain) + "/"

    def _attachment(self, item: Item) -> None:
        self._media_for(item.post_id)

    # Media -------------------------------------------------------------------------

    def _media_path(self, attachment: Attachment | None, url: str) -> Path | None:
        if self.media_dir is None:
            return None
        candidates = []
        if attachment is not None and attachment.file:
            candidates.append(attachment.file)
        path = urlsplit(url or "").path
        if "/wp-content/uploads/" in path:
            candidates.append(path.split("/wp-content/uploads/", 1)[1])
        if path:
            candidates.append(path.lstrip("/"))
            candidates.append(path.rsplit("/", 1)[-1])
        for candidate in candidates:
            for name in dict.fromkeys(
                [candidate, _SIZE_SUFFIX.sub("", candidate), decode_slug(candidate)]
            ):
                full = (self.media_dir / name).resolve()
                # Never outside --media-dir, whatever the export says.
                if full.is_relative_to(self.media_dir) and full.is_file():
                    return full
        return None

    def _media_for(self, wp_id: int | None, url: str = "") -> int | None:
        scan = self.scan_result
        if wp_id is None and url:
            wp_id = scan.attachment_by_url.get(_media_key(url))
        attachment = scan.attachments.get(wp_id) if wp_id is not None else None
        if attachment is not None:
            key, url = str(wp_id), attachment.url or url
        elif url:
            key = "url:" + url
        else:
            return None
        if key in self.media:
            return self.media[key]
        extension = urlsplit(url).path.rsplit(".", 1)[-1].lower() if url else ""
        if extension not in IMAGE_EXTENSIONS:
            self.media[key] = None
            self.report.add("media", SKIPPED)
            return None
        name = urlsplit(url).path.rsplit("/", 1)[-1]
        image, action = services.image_upsert(
            batch=self.batch,
            source=self.source,
            external_id=key,
            path=self._media_path(attachment, url),
            title=(attachment.title if attachment else "") or decode_slug(name),
            alt=attachment.alt if attachment else "",
            url=url,
            report=self.report,
            written=self.written,
        )
        self.report.add("media", action)
        if image is not None and action != SKIPPED:
            self.indexing.touch(image)
        self.media[key] = image.pk if image is not None else None
        return self.media[key]

    def _resolve_image(self, ref: ImageRef) -> int | None:
        return self._media_for(ref.wp_id, ref.src)

    def _resolve_link(self, href: str, text: str) -> int | None:
        """The article a link points to: a post of this file (imported now or
        before), else an existing article with that headline.

        A post of the file not imported yet gets a placeholder, ``-post_id``,
        filled in once every post exists (``_fill_read_also``).
        """
        path = self._path_of(href, any_host=True)
        wp_id = self.scan_result.post_paths.get(path) if path else None
        if wp_id in self.queued or (wp_id is None and text):
            # The post (or one of that headline) may be waiting in the writer.
            self.batch.flush()
        if wp_id is not None:
            if wp_id in self.posts:
                return self.posts[wp_id]
            record = self.batch.record(ImportRecord.Kind.ARTICLE, wp_id)
            if record is not None and record.object_id:
                return record.object_id
            return -wp_id
        if text:
            return articles_by_titles([text]).get(text)
        return None

    def _hold_read_also(self, item: Item, section, draft: ArticleDraft) -> None:
        """Drop placeholders from ``draft``; keep it to fill in at the end."""
        held = {}
        for index, block in enumerate(draft.body):
            if block["type"] == "read_also":
                ids = block["value"]["articles"]
                if any(i < 0 for i in ids):
                    held[index] = list(ids)
                    block["value"] = {**block["value"]}
                    block["value"]["articles"] = [i for i in ids if i > 0]
        if held:
            # The body changes again once every post exists.
            draft.search_content = None
            self.read_also.append((item.post_id, section, draft, held))

    def _fill_read_also(self) -> None:
        """Second save of the few posts whose read-also list named later posts."""
        for post_id, section, draft, held in self.read_also:
            for index, ids in held.items():
                ids = [self.posts.get(-i) if i < 0 else i for i in ids]
                value = {**draft.body[index]["value"]}
                value["articles"] = list(dict.fromkeys(i for i in ids if i))
                draft.body[index] = body_block("read_also", value)
            page, _action = services.article_upsert(
                batch=self.batch,
                source=self.source,
                external_id=post_id,
                section=section,
                draft=draft,
            )
            self.indexing.touch(page)

    # Comments ----------------------------------------------------------------------

    def _comments(self, item: Item, page) -> None:
        pending = list(item.comments)
        known_ids = {c.comment_id for c in pending if c.comment_id}
        stored: dict[int, object] = {}
        while pending:
            progressed, later = False, []
            for comment in pending:
                if comment.parent and comment.parent in known_ids:
                    if comment.parent not in stored:
                        later.append(comment)
                        continue
                progressed = True
                self._comment(comment, page, stored)
            if not progressed:
                # A cycle or a parent that failed: import them without parent.
                for comment in later:
                    comment.parent = None
                    self._comment(comment, page, stored)
                break
            pending = later

    def _comment(self, comment, page, stored) -> None:
        if comment.type not in ("", "comment") or comment.comment_id is None:
            self.report.add("comments", SKIPPED)
            return
        if comment.date_gmt:
            created_at = comment.date_gmt.replace(tzinfo=datetime.UTC)
        elif comment.date:
            created_at = comment.date.replace(
                tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
            )
        else:
            created_at = None
        try:
            stored_comment, action = services.comment_upsert(
                batch=self.batch,
                source=self.source,
                external_id=comment.comment_id,
                article=page,
                parent=stored.get(comment.parent) if comment.parent else None,
                author_name=comment.author or _("زائر"),
                author_email=comment.email,
                body=_comment_text(comment.content),
                website=comment.url,
                ip_address=comment.ip or None,
                status=COMMENT_STATUSES.get(comment.approved, "pending"),
                created_at=created_at,
            )
        except ValidationError as error:
            messages = getattr(error, "messages", None) or [str(error)]
            self.report.error(
                _('التعليق %(id)s على "%(title)s": %(error)s')
                % {
                    "id": comment.comment_id,
                    "title": page.title,
                    "error": "؛ ".join(messages),
                }
            )
            self.report.add("comments", SKIPPED)
            return
        stored[comment.comment_id] = stored_comment
        self.report.add("comments", action)

    # Redirects ---------------------------------------------------------------------

    def _path_of(self, url: str, *, any_host: bool = False) -> str:
        """The path (and query) of ``url`` when it points at the old site."""
        if not url:
            return ""
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return ""
        if parts.netloc and not any_host and parts.netloc.lower() not in self.hosts:
            return ""
        if not parts.netloc and not url.startswith("/"):
            return ""
        path = parts.path or "/"
        return path + ("?" + parts.query if parts.query else "")

    def _add_redirect(self, path: str, page_id: int, route: str = "") -> None:
        """Redirect ``path`` (relative to the old blog's root) to a page."""
        path = Redirect.normalise_path(self.base_path + path)
        self.redirects.setdefault(path, (page_id, route))

    def _link_paths(self, item: Item) -> list[str]:
        """The paths of the item's own link and guid, when on the old site."""
        paths = []
        for url in (item.link, item.guid):
            path = self._path_of(url)
            if path and path != "/":
                paths.append(path)
        return paths

    def _add_link_redirects(self, item: Item, page_id: int) -> None:
        for path in self._link_paths(item):
            self.redirects.setdefault(Redirect.normalise_path(path), (page_id, ""))

    def _post_paths(self, item: Item) -> list[str]:
        """Every old path of a post, normalised as redirects store them."""
        slug = item.post_name
        paths = [f"/?p={item.post_id}"]
        when = item.post_date or (item.post_date_gmt if item.post_date_gmt else None)
        if slug:
            if when:
                paths.append(f"/{when:%Y/%m/%d}/{slug}/")
                paths.append(f"/{when:%Y/%m}/{slug}/")
            paths.append(f"/{slug}/")
            categories = item.terms_of("category")
            if categories:
                chain = self._category_chain(decode_slug(categories[0].slug))
                if chain:
                    paths.append("/%s/%s/" % ("/".join(chain), slug))
        paths = [self.base_path + path for path in paths] + self._link_paths(item)
        return [Redirect.normalise_path(path) for path in paths]


# WordPress's default category, which holds every post filed nowhere else: its
# slug in any case, or its name in English or in WordPress's Arabic translation.
DEFAULT_CATEGORY_SLUG = "uncategorized"
DEFAULT_CATEGORY_NAMES = frozenset({"uncategorized", normalize("غير مصنف")})


def is_default_category(term: Term) -> bool:
    """Whether ``term`` is WordPress's "Uncategorized" (also «غير مصنف»)."""
    slug = decode_slug(term.slug).lower()
    name = " ".join(normalize(strip_tags(term.name)).split())
    return (
        slug == DEFAULT_CATEGORY_SLUG
        or name in DEFAULT_CATEGORY_NAMES
        or normalize(slug.replace("-", " ")) in DEFAULT_CATEGORY_NAMES
    )


__all__ = ["UPDATED", "WordPressImporter", "decode_slug"]
