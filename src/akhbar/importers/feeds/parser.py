"""Read an RSS or Atom feed (a wire service, a partner site) into entries.

A URL is fetched with a timeout and a size limit; a file is read from disk.
Either way the bytes are checked for a DOCTYPE first (refused, as for WordPress
exports) before feedparser sees them.
"""

import calendar
import datetime
import hashlib
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import feedparser
from django.utils.translation import gettext as _

from akhbar.importers.xmlsafe import ImportRefused, Refusal, refuse_declarations

MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = "Akhbar feed importer (+https://github.com/)"


@dataclass
class FeedEntry:
    key: str
    title: str
    link: str = ""
    summary_html: str = ""
    content_html: str = ""
    author: str = ""
    tags: list[str] = field(default_factory=list)
    published: datetime.datetime | None = None


@dataclass
class Feed:
    title: str
    link: str
    entries: list[FeedEntry]


def _fetch(url: str, *, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data = response.read(MAX_BYTES + 1)
    except OSError as error:
        raise ImportRefused(
            _("تعذّر جلب الخلاصة: %(error)s") % {"error": error},
            kind=Refusal.UNREACHABLE,
        ) from error
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("الخلاصة أكبر من المسموح."), kind=Refusal.TOO_LARGE)
    return data


def read_bytes(source: str, *, timeout: float = 10) -> bytes:
    """The feed's bytes, from a URL (http or https only) or a file."""
    if source.startswith(("http://", "https://")):
        return _fetch(source, timeout=timeout)
    path = Path(source)
    if path.stat().st_size > MAX_BYTES:
        raise ImportRefused(_("الخلاصة أكبر من المسموح."), kind=Refusal.TOO_LARGE)
    return path.read_bytes()


def _published(entry) -> datetime.datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC)


def parse(data: bytes, *, base_url: str = "") -> Feed:
    """Entries of a feed; refuses DOCTYPEs and what is not a feed at all."""
    refuse_declarations(
        data,
        message=_("الخلاصة تحوي تصريح DOCTYPE أو ENTITY، وهذا غير مقبول لأسباب أمنية."),
    )
    parsed = feedparser.parse(data, response_headers={"content-location": base_url})
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        error = parsed.get("bozo_exception")
        raise ImportRefused(
            _("ليست خلاصة RSS أو Atom صالحة: %(error)s")
            % {"error": error or _("لا عناصر فيها")},
            kind=Refusal.NOT_EXPORT,
            line=getattr(error, "getLineNumber", lambda: None)(),
        )
    entries = []
    for entry in parsed.entries:
        title = entry.get("title", "").strip()
        link = entry.get("link", "").strip()
        key = entry.get("id") or link
        if not key:
            digest = hashlib.sha256((title + entry.get("summary", "")).encode())
            key = "sha256:" + digest.hexdigest()
        content = entry.get("content") or []
        entries.append(
            FeedEntry(
                key=key,
                title=title,
                link=link,
                summary_html=entry.get("summary", ""),
                content_html=content[0].get("value", "") if content else "",
                author=entry.get("author", "").strip(),
                tags=[t.get("term", "").strip() for t in entry.get("tags", [])],
                published=_published(entry),
            )
        )
    feed = parsed.feed
    return Feed(title=feed.get("title", ""), link=feed.get("link", ""), entries=entries)


def read(source: str, *, timeout: float = 10) -> Feed:
    """Fetch or open ``source`` and parse it."""
    base = source if source.startswith(("http://", "https://")) else ""
    return parse(read_bytes(source, timeout=timeout), base_url=base)
