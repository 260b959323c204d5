"""Read a WordPress export (WXR 1.0, 1.1 or 1.2) one element at a time.

Memory stays flat in the size of the file: each author, term and item is turned
into a small dataclass when its closing tag is read, and its XML is dropped.
Elements are matched by namespace URI, not by prefix, and any of the WXR URIs is
accepted over http or https; elements of other namespaces are ignored, so a
prefix rebound to a foreign URI (``xmlns:wp="http://example.com/"``) cannot pass
for WordPress data.
"""

import datetime
import email.utils
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from akhbar.importers.xmlsafe import ImportRefused, Refusal, iterparse

VERSIONS = ("1.0", "1.1", "1.2")

_WP_NS = re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/$")
_EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/excerpt/$")
_CONTENT_NS = re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/$")
_DC_NS = re.compile(r"^https?://purl\.org/dc/elements/1\.1/$")
_PREFIXES = (("wp:", _WP_NS), ("excerpt:", _EXCERPT_NS), ("content:", _CONTENT_NS))
_PREFIXES += (("dc:", _DC_NS),)

# Term taxonomies as WXR 1.0 spells some of them.
_TAXONOMY_ALIASES = {"tag": "post_tag"}


@dataclass
class Channel:
    version: str = ""
    version_line: int | None = None
    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    line: int | None = None


@dataclass
class Author:
    login: str
    author_id: int | None = None
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    line: int | None = None

    @property
    def name(self) -> str:
        full = " ".join(p for p in (self.first_name, self.last_name) if p)
        return self.display_name or full or self.login


@dataclass
class Term:
    taxonomy: str
    slug: str
    name: str = ""
    term_id: int | None = None
    parent: str = ""
    description: str = ""
    line: int | None = None


@dataclass
class Comment:
    comment_id: int | None
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: datetime.datetime | None = None
    date_gmt: datetime.datetime | None = None
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent: int | None = None
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class ItemTerm:
    domain: str
    slug: str
    name: str


@dataclass
class Item:
    post_id: int | None
    post_type: str = ""
    status: str = ""
    title: str = ""
    link: str = ""
    guid: str = ""
    pub_date: datetime.datetime | None = None
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_date: datetime.datetime | None = None
    post_date_gmt: datetime.datetime | None = None
    post_modified_gmt: datetime.datetime | None = None
    comment_status: str = ""
    post_name: str = ""
    post_parent: int | None = None
    menu_order: int = 0
    post_password: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    terms: list[ItemTerm] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    line: int | None = None

    def terms_of(self, taxonomy: str) -> list[ItemTerm]:
        return [t for t in self.terms if t.domain == taxonomy]


@functools.lru_cache(maxsize=1024)
def _qname(tag) -> str | None:
    """``wp:post_id`` for a WordPress element, the bare name for RSS, else None.

    Cached: an export repeats a few dozen tag names millions of times."""
    if not isinstance(tag, str):
        return None
    if not tag.startswith("{"):
        return tag
    uri, _sep, local = tag[1:].partition("}")
    for prefix, pattern in _PREFIXES:
        if pattern.match(uri):
            return prefix + local
    return None


def _text(element) -> str:
    return "".join(element.itertext()) if len(element) else (element.text or "")


def _children(element) -> dict[str, str]:
    """First text of each known child element, by qualified name."""
    values = {}
    for child in element:
        name = _qname(child.tag)
        if name is not None and name not in values:
            values[name] = _text(child)
    return values


def parse_int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


_WP_DATETIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def parse_datetime(value: str) -> datetime.datetime | None:
    """A naive datetime from ``YYYY-MM-DD HH:MM:SS``; None for WordPress's zeros.

    Naive on purpose: WordPress writes both the site's wall-clock time and GMT in
    this form, and only the caller knows which one it holds.
    """
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        if _WP_DATETIME.match(value):
            # The usual form: fromisoformat reads it several times faster.
            return datetime.datetime.fromisoformat(value[:19])
        return datetime.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007
    except ValueError:
        return None


def parse_rfc822(value: str) -> datetime.datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime((value or "").strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else None


def _meta(element, name: str) -> dict[str, str]:
    meta = {}
    for child in element:
        if _qname(child.tag) == name:
            values = _children(child)
            key = values.get("wp:meta_key", "").strip()
            if key and key not in meta:
                meta[key] = values.get("wp:meta_value", "")
    return meta


def _author(element) -> Author | None:
    v = _children(element)
    login = v.get("wp:author_login", "").strip()
    if not login:
        return None
    return Author(
        login=login,
        author_id=parse_int(v.get("wp:author_id")),
        email=v.get("wp:author_email", "").strip(),
        display_name=v.get("wp:author_display_name", "").strip(),
        first_name=v.get("wp:author_first_name", "").strip(),
        last_name=v.get("wp:author_last_name", "").strip(),
        line=element.sourceline,
    )


def _term(element, name: str) -> Term | None:
    v = _children(element)
    if name == "wp:category":
        taxonomy = "category"
        slug, label = v.get("wp:category_nicename"), v.get("wp:cat_name")
        parent = v.get("wp:category_parent", "")
        description = v.get("wp:category_description", "")
    elif name == "wp:tag":
        taxonomy = "post_tag"
        slug, label = v.get("wp:tag_slug"), v.get("wp:tag_name")
        parent, description = "", v.get("wp:tag_description", "")
    else:
        taxonomy = (v.get("wp:term_taxonomy") or "").strip()
        slug, label = v.get("wp:term_slug"), v.get("wp:term_name")
        parent = v.get("wp:term_parent", "")
        description = v.get("wp:term_description", "")
    slug = (slug or "").strip()
    if not slug or not taxonomy:
        return None
    return Term(
        taxonomy=_TAXONOMY_ALIASES.get(taxonomy, taxonomy),
        slug=slug,
        name=(label or "").strip() or slug,
        term_id=parse_int(v.get("wp:term_id")),
        parent=(parent or "").strip(),
        description=(description or "").strip(),
        line=element.sourceline,
    )


def _comment(element) -> Comment:
    v = _children(element)
    return Comment(
        comment_id=parse_int(v.get("wp:comment_id")),
        author=v.get("wp:comment_author", "").strip(),
        email=v.get("wp:comment_author_email", "").strip(),
        url=v.get("wp:comment_author_url", "").strip(),
        ip=v.get("wp:comment_author_IP", "").strip(),
        date=parse_datetime(v.get("wp:comment_date", "")),
        date_gmt=parse_datetime(v.get("wp:comment_date_gmt", "")),
        content=v.get("wp:comment_content", ""),
        approved=v.get("wp:comment_approved", "1").strip(),
        type=v.get("wp:comment_type", "").strip(),
        parent=parse_int(v.get("wp:comment_parent")) or None,
        meta=_meta(element, "wp:commentmeta"),
    )


def _item(element, *, comments: bool = True) -> Item:
    v = _children(element)
    terms = []
    for child in element:
        if _qname(child.tag) != "category":
            continue
        domain = (child.get("domain") or "").strip()
        slug = (child.get("nicename") or "").strip()
        # WXR 1.0 repeats each term without domain and nicename; skip those.
        if domain and slug:
            domain = _TAXONOMY_ALIASES.get(domain, domain)
            terms.append(ItemTerm(domain, slug, _text(child).strip() or slug))
    comments = (
        [_comment(c) for c in element if _qname(c.tag) == "wp:comment"]
        if comments
        else []
    )
    return Item(
        post_id=parse_int(v.get("wp:post_id")),
        post_type=v.get("wp:post_type", "").strip(),
        status=v.get("wp:status", "").strip(),
        title=v.get("title", "").strip(),
        link=v.get("link", "").strip(),
        guid=v.get("guid", "").strip(),
        pub_date=parse_rfc822(v.get("pubDate", "")),
        # dc:creator is the author's login; a few exporters write wp:author.
        creator=(v.get("dc:creator") or v.get("wp:author") or "").strip(),
        content=v.get("content:encoded", "").strip(),
        excerpt=v.get("excerpt:encoded", "").strip(),
        post_date=parse_datetime(v.get("wp:post_date", "")),
        post_date_gmt=parse_datetime(v.get("wp:post_date_gmt", "")),
        post_modified_gmt=parse_datetime(v.get("wp:post_modified_gmt", "")),
        comment_status=v.get("wp:comment_status", "").strip(),
        post_name=v.get("wp:post_name", "").strip(),
        post_parent=parse_int(v.get("wp:post_parent")) or None,
        menu_order=parse_int(v.get("wp:menu_order")) or 0,
        post_password=v.get("wp:post_password", ""),
        is_sticky=(v.get("wp:is_sticky", "").strip() == "1"),
        attachment_url=v.get("wp:attachment_url", "").strip(),
        terms=terms,
        meta=_meta(element, "wp:postmeta"),
        comments=comments,
        line=element.sourceline,
    )


_CHANNEL_FIELDS = {
    "title": "title",
    "link": "link",
    "description": "description",
    "language": "language",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}


class WXRReader:
    """Iterate over the authors, terms and items of a WXR file, in file order.

    ``channel`` fills in as the file is read; it is complete once iteration ends.
    Iteration raises ``ImportRefused`` for a file that is not a well-formed
    WordPress export; ``check_version()`` refuses a missing or unknown version.
    """

    def __init__(self, path: str | Path, *, comments: bool = True):
        self.path = str(path)
        self.channel = Channel()
        # Without comments (a first pass that only surveys the file) each
        # item's comments are left unread, the larger part of a busy post.
        self.comments = comments

    def __iter__(self) -> Iterator[Author | Term | Item]:
        stack: list[str | None] = []
        channel_element = None
        for event, element in iterparse(self.path):
            if event == "start":
                name = _qname(element.tag)
                if not stack:
                    if name != "rss":
                        raise ImportRefused(
                            _("ليس ملف تصدير ووردبريس: العنصر الجذري <%(tag)s>.")
                            % {"tag": element.tag},
                            kind=Refusal.NOT_EXPORT,
                            line=element.sourceline,
                        )
                elif len(stack) == 1 and name == "channel":
                    channel_element = element
                    self.channel.line = element.sourceline
                stack.append(name)
                continue
            name = stack.pop()
            if element.getparent() is not channel_element or channel_element is None:
                continue
            result = self._channel_child(name, element)
            # Drop what has been read: the reason memory stays flat.
            element.clear()
            channel_element.remove(element)
            if result is not None:
                yield result
        if channel_element is None:
            raise ImportRefused(
                _("ليس ملف تصدير ووردبريس: لا يوجد عنصر <channel>."),
                kind=Refusal.NOT_EXPORT,
            )

    def _channel_child(self, name, element):
        if name == "wp:wxr_version":
            self.channel.version = _text(element).strip()
            self.channel.version_line = element.sourceline
        elif name in _CHANNEL_FIELDS:
            setattr(self.channel, _CHANNEL_FIELDS[name], _text(element).strip())
        elif name == "wp:author":
            return _author(element)
        elif name in ("wp:category", "wp:tag", "wp:term"):
            return _term(element, name)
        elif name == "item":
            return _item(element, comments=self.comments)
        return None

    def check_version(self) -> None:
        """Refuse a file without a WXR version or with one this reader does not know."""
        version = self.channel.version
        if not version:
            raise ImportRefused(
                _("ليس ملف تصدير ووردبريس: رقم إصدار WXR مفقود."),
                kind=Refusal.NOT_EXPORT,
                line=self.channel.line,
            )
        if version not in VERSIONS:
            raise ImportRefused(
                _("إصدار WXR غير معروف: %(version)s (المقبول: %(known)s).")
                % {"version": version[:20], "known": "، ".join(VERSIONS)},
                kind=Refusal.NOT_EXPORT,
                line=self.channel.version_line,
            )
