"""Write the whole site as a WordPress export (WXR 1.2).

The file is what WordPress's own exporter writes, so WordPress's importer takes
it, and ``akhbar import-wordpress`` takes it back without loss: sections become
categories (hierarchy kept), articles posts in their section's category,
standard pages pages, images attachments (``_wp_attached_file`` is the path
under MEDIA_ROOT, for ``--media-dir``), comments keep status and threads. Body
blocks are written as block-editor markup; the two blocks WordPress has no
equivalent for (fact box, read also) are groups with a class the importer
recognises. Extra bylines travel in the ``_akhbar_bylines`` post meta.

The file is written element by element, so memory stays flat in the site's size.
"""

import datetime
import html
import re
import zoneinfo
from urllib.parse import quote, urljoin

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from lxml import etree
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from akhbar.comments.models import Comment
from akhbar.core.urls import base_url as core_base_url
from akhbar.news.blocks import body_export_html
from akhbar.news.models import (
    ArticlePage,
    ArticleTag,
    AuthorPage,
    SectionPage,
    StandardPage,
)

from .services import home_page

WP = "http://wordpress.org/export/1.2/"
EXCERPT = "http://wordpress.org/export/1.2/excerpt/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
WFW = "http://wellformedweb.org/CommentAPI/"
DC = "http://purl.org/dc/elements/1.1/"
NSMAP = {"excerpt": EXCERPT, "content": CONTENT, "wfw": WFW, "dc": DC, "wp": WP}
COMMENT_APPROVED = {"approved": "1", "pending": "0", "spam": "spam", "trash": "trash"}
# Characters XML 1.0 cannot carry at all.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text) -> str:
    return _INVALID_XML.sub("", "" if text is None else str(text))


def _cdata(text):
    """CDATA as WordPress writes it; plain text when the value contains "]]>"."""
    text = _clean(text)
    return text if "]]>" in text else etree.CDATA(text)


def _el(parent, namespace, name, text=None, *, cdata=False, **attrs):
    tag = "{%s}%s" % (namespace, name) if namespace else name
    element = etree.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None and text != "":
        element.text = _cdata(text) if cdata else _clean(text)
    return element


def _wp(parent, name, text=None, *, cdata=False, **attrs):
    return _el(parent, WP, name, text, cdata=cdata, **attrs)


def _gmt(value: datetime.datetime | None) -> str:
    if value is None:
        return "0000-00-00 00:00:00"
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _local(value: datetime.datetime | None) -> str:
    if value is None:
        return "0000-00-00 00:00:00"
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def _rfc822(value: datetime.datetime | None) -> str:
    value = (value or timezone.now()).astimezone(datetime.UTC)
    return value.strftime("%a, %d %b %Y %H:%M:%S +0000")


def _encoded_slug(slug: str) -> str:
    """A slug as WordPress stores it: percent-encoded UTF-8, lower-case escapes."""
    return re.sub(
        r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote(slug, safe="-_.")
    )


class WXRWriter:
    """Write the site under ``home`` to ``stream`` (a binary file)."""

    def __init__(self, *, home: Page, base_url: str = ""):
        self.home = home
        self.base_url = (base_url or core_base_url()).rstrip("/")
        # Attachment ids must not collide with page ids: WordPress keeps posts,
        # pages and attachments in one table.
        self.image_offset = (Page.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.image_urls: dict[int, str] = {}
        self.logins: dict[int, str] = {}
        self.nicenames: dict[int, str] = {}

    # Helpers -----------------------------------------------------------------------

    # What the body blocks' export forms ask for (news.blocks.ExportLinks).

    def absolute(self, url: str) -> str:
        """``url`` on the exported site."""
        return urljoin(self.base_url + "/", url or "")

    def page_url(self, page: Page) -> str:
        """A page's full URL on the exported site."""
        parts = page.get_url_parts()
        return self.absolute(parts[2] if parts else page.url_path)

    def attachment_id(self, image_id: int) -> int:
        """The WordPress attachment id of an image."""
        return self.image_offset + image_id

    def image_url(self, image) -> str:
        """An image file's full URL."""
        return self.image_urls.get(image.pk) or self.absolute(image.file.url)

    # Channel -----------------------------------------------------------------------

    def write(self, stream) -> None:
        """Write the export to ``stream``, one element at a time."""
        declarations = " ".join(
            'xmlns:%s="%s"' % (prefix, uri) for prefix, uri in NSMAP.items()
        )
        stream.write(b'<?xml version="1.0" encoding="UTF-8" ?>\n')
        stream.write(('<rss version="2.0" %s>\n<channel>\n' % declarations).encode())
        sections = (
            self._channel_head(),
            self._authors(),
            self._categories(),
            self._tags(),
            self._generator(),
            self._attachments(),
            self._articles(),
            self._pages(),
        )
        for elements in sections:
            for element in elements:
                stream.write(self._serialise(element))
        stream.write(b"</channel>\n</rss>\n")

    @staticmethod
    def _serialise(element) -> bytes:
        # Namespaces are declared once on <rss>; drop the copies lxml adds to
        # the first tag of each element written on its own.
        text = etree.tostring(element, encoding="unicode")
        end = text.index(">")
        head = re.sub(r' xmlns:\w+="[^"]*"', "", text[:end])
        return (head + text[end:] + "\n").encode()

    def _generator(self):
        generator = etree.Element("generator")
        generator.text = "Akhbar"
        yield generator

    def _channel_head(self):
        holder = etree.Element("holder", nsmap=NSMAP)
        _el(holder, None, "title", self.home.title)
        _el(holder, None, "link", self.base_url + "/")
        _el(holder, None, "description", settings.WAGTAIL_SITE_NAME)
        _el(holder, None, "pubDate", _rfc822(None))
        _el(holder, None, "language", settings.LANGUAGE_CODE)
        _wp(holder, "wxr_version", "1.2")
        _wp(holder, "base_site_url", self.base_url + "/")
        _wp(holder, "base_blog_url", self.base_url + "/")
        yield from holder

    def _authors(self):
        authors = AuthorPage.objects.descendant_of(self.home).select_related("user")
        for author in authors.order_by("path"):
            login = author.slug
            self.logins[author.pk] = login
            user = author.user
            element = etree.Element("{%s}author" % WP, nsmap=NSMAP)
            _wp(element, "author_id", author.pk)
            _wp(element, "author_login", login, cdata=True)
            _wp(element, "author_email", user.email if user else "", cdata=True)
            _wp(element, "author_display_name", author.title, cdata=True)
            _wp(
                element,
                "author_first_name",
                user.first_name if user else "",
                cdata=True,
            )
            _wp(element, "author_last_name", user.last_name if user else "", cdata=True)
            yield element

    def _categories(self):
        sections = list(SectionPage.objects.descendant_of(self.home).order_by("path"))
        by_path = {section.path: section for section in sections}
        used = set()
        for section in sections:
            nicename = _encoded_slug(section.slug)
            if nicename in used:  # WordPress category slugs are site-wide.
                nicename = "%s-%d" % (nicename, section.pk)
            used.add(nicename)
            self.nicenames[section.pk] = nicename
        for section in sections:
            parent = by_path.get(section.path[: -Page.steplen])
            element = etree.Element("{%s}category" % WP, nsmap=NSMAP)
            _wp(element, "term_id", section.pk)
            _wp(element, "category_nicename", self.nicenames[section.pk], cdata=True)
            _wp(
                element,
                "category_parent",
                self.nicenames[parent.pk] if parent else "",
                cdata=True,
            )
            _wp(element, "cat_name", section.title, cdata=True)
            _wp(element, "category_description", section.description, cdata=True)
            yield element

    def _tags(self):
        used = ArticleTag.objects.values_list("tag_id", flat=True).distinct()
        for tag in Tag.objects.filter(pk__in=used).order_by("pk"):
            element = etree.Element("{%s}tag" % WP, nsmap=NSMAP)
            _wp(element, "term_id", tag.pk)
            _wp(element, "tag_slug", _encoded_slug(tag.slug), cdata=True)
            _wp(element, "tag_name", tag.name, cdata=True)
            yield element

    # Items -------------------------------------------------------------------------

    def _attachments(self):
        Image = get_image_model()
        for image in Image.objects.order_by("pk").iterator(chunk_size=500):
            url = self.absolute(image.file.url)
            self.image_urls[image.pk] = url
            item = etree.Element("item", nsmap=NSMAP)
            _el(item, None, "title", image.title)
            _el(item, None, "link", url)
            _el(item, None, "pubDate", _rfc822(image.created_at))
            _el(item, DC, "creator", "", cdata=True)
            _el(item, None, "guid", url, isPermaLink="false")
            _el(item, None, "description", "")
            _el(item, CONTENT, "encoded", "", cdata=True)
            _el(item, EXCERPT, "encoded", "", cdata=True)
            _wp(item, "post_id", self.attachment_id(image.pk))
            _wp(item, "post_date", _local(image.created_at), cdata=True)
            _wp(item, "post_date_gmt", _gmt(image.created_at), cdata=True)
            _wp(item, "comment_status", "closed", cdata=True)
            _wp(item, "ping_status", "closed", cdata=True)
            name = image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            _wp(item, "post_name", _encoded_slug(name.lower()), cdata=True)
            _wp(item, "status", "inherit", cdata=True)
            _wp(item, "post_parent", 0)
            _wp(item, "menu_order", 0)
            _wp(item, "post_type", "attachment", cdata=True)
            _wp(item, "post_password", "", cdata=True)
            _wp(item, "is_sticky", 0)
            _wp(item, "attachment_url", url, cdata=True)
            self._meta(item, "_wp_attached_file", image.file.name)
            if image.description:
                self._meta(item, "_wp_attachment_image_alt", image.description)
            yield item

    def _meta(self, item, key: str, value) -> None:
        meta = _wp(item, "postmeta")
        _wp(meta, "meta_key", key, cdata=True)
        _wp(meta, "meta_value", value, cdata=True)

    def _status(self, page: Page) -> tuple[str, datetime.datetime | None]:
        if page.live:
            return "publish", page.first_published_at
        if page.go_live_at and page.approved_schedule:
            return "future", page.go_live_at
        if page.first_published_at:
            return "private", page.first_published_at
        return "draft", None

    def _item(self, page: Page, post_type: str):
        status, date = self._status(page)
        content = page if page.live else page.get_latest_revision_as_object()
        item = etree.Element("item", nsmap=NSMAP)
        _el(item, None, "title", content.title)
        _el(item, None, "link", self.page_url(page))
        _el(item, None, "pubDate", _rfc822(date or page.latest_revision_created_at))
        _el(item, None, "guid", f"{self.base_url}/?p={page.pk}", isPermaLink="false")
        _el(item, None, "description", "")
        return item, content, status, date

    def _item_tail(self, item, page, content, status, date, post_type, parent=0):
        _wp(item, "post_id", page.pk)
        _wp(item, "post_date", _local(date), cdata=True)
        _wp(item, "post_date_gmt", _gmt(date), cdata=True)
        modified = page.last_published_at or page.latest_revision_created_at
        _wp(item, "post_modified", _local(modified), cdata=True)
        _wp(item, "post_modified_gmt", _gmt(modified), cdata=True)
        comments_open = getattr(content, "comments_open", False)
        _wp(item, "comment_status", "open" if comments_open else "closed", cdata=True)
        _wp(item, "ping_status", "closed", cdata=True)
        _wp(item, "post_name", _encoded_slug(page.slug), cdata=True)
        _wp(item, "status", status, cdata=True)
        _wp(item, "post_parent", parent)
        _wp(item, "menu_order", 0)
        _wp(item, "post_type", post_type, cdata=True)
        restriction = PageViewRestriction.objects.filter(
            page=page, restriction_type=PageViewRestriction.PASSWORD
        ).first()
        _wp(
            item,
            "post_password",
            restriction.password if restriction else "",
            cdata=True,
        )
        _wp(item, "is_sticky", 1 if getattr(content, "is_lead", False) else 0)

    def _articles(self):
        articles = (
            ArticlePage.objects.descendant_of(self.home)
            .order_by("first_published_at", "pk")
            .iterator(chunk_size=200)
        )
        for page in articles:
            item, content, status, date = self._item(page, "post")
            bylines = [
                b.author_id for b in content.bylines.all() if b.author_id in self.logins
            ]
            creator = self.logins[bylines[0]] if bylines else ""
            _el(item, DC, "creator", creator, cdata=True)
            _el(item, CONTENT, "encoded", self.body_html(content.body), cdata=True)
            _el(item, EXCERPT, "encoded", content.standfirst, cdata=True)
            self._item_tail(item, page, content, status, date, "post")
            section_path = page.path[: -Page.steplen]
            section = SectionPage.objects.filter(path=section_path).first()
            if section is not None:
                _el(
                    item,
                    None,
                    "category",
                    section.title,
                    cdata=True,
                    domain="category",
                    nicename=self.nicenames.get(
                        section.pk, _encoded_slug(section.slug)
                    ),
                )
            for tag in content.tags.all():
                _el(
                    item,
                    None,
                    "category",
                    tag.name,
                    cdata=True,
                    domain="post_tag",
                    nicename=_encoded_slug(tag.slug),
                )
            if content.featured_image_id:
                self._meta(
                    item,
                    "_thumbnail_id",
                    self.attachment_id(content.featured_image_id),
                )
            if len(bylines) > 1:
                logins = ",".join(self.logins[a] for a in bylines[1:])
                self._meta(item, "_akhbar_bylines", logins)
            if content.search_description:
                self._meta(item, "_yoast_wpseo_metadesc", content.search_description)
            self._comments(item, page)
            yield item

    def _pages(self):
        pages = StandardPage.objects.descendant_of(self.home).order_by("path")
        for page in pages.iterator(chunk_size=200):
            item, content, status, date = self._item(page, "page")
            _el(item, DC, "creator", "", cdata=True)
            _el(item, CONTENT, "encoded", self.body_html(content.body), cdata=True)
            _el(item, EXCERPT, "encoded", "", cdata=True)
            parent = page.get_parent()
            parent_id = parent.pk if parent.specific_class is StandardPage else 0
            self._item_tail(item, page, content, status, date, "page", parent_id)
            if content.search_description:
                self._meta(item, "_yoast_wpseo_metadesc", content.search_description)
            yield item

    def _comments(self, item, page) -> None:
        for comment in Comment.objects.filter(article_id=page.pk).order_by("pk"):
            element = _wp(item, "comment")
            _wp(element, "comment_id", comment.pk)
            _wp(element, "comment_author", comment.author_name, cdata=True)
            _wp(element, "comment_author_email", comment.author_email, cdata=True)
            _wp(element, "comment_author_url", comment.website)
            _wp(element, "comment_author_IP", comment.ip_address or "", cdata=True)
            _wp(element, "comment_date", _local(comment.created_at), cdata=True)
            _wp(element, "comment_date_gmt", _gmt(comment.created_at), cdata=True)
            # Comments are plain text; escaped, "<" stays a character.
            _wp(
                element, "comment_content", html.escape(comment.body, False), cdata=True
            )
            _wp(
                element,
                "comment_approved",
                COMMENT_APPROVED[comment.status],
                cdata=True,
            )
            _wp(element, "comment_type", "comment", cdata=True)
            _wp(element, "comment_parent", comment.parent_id or 0)
            _wp(element, "comment_user_id", 0)

    # Body ----------------------------------------------------------------------------

    def body_html(self, body) -> str:
        """The body blocks as block-editor markup (each block's export form)."""
        return body_export_html(body, self)


def site_export(*, stream, home: Page | None = None, base_url: str = "") -> None:
    """Write the site (under ``home``, default: the default site's) as WXR 1.2."""
    WXRWriter(home=home or home_page(), base_url=base_url).write(stream)
