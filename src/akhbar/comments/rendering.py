"""Turning stored comment text into HTML for readers.

The only markup a comment ever gains is made here: paragraphs, line breaks and
links for http(s) addresses. Every piece of reader text passes through
``escape`` first; links are built with ``format_html`` from an address that was
parsed and checked, never from the raw match.
"""

import re
import zlib
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from akhbar.arabic import to_digits
from akhbar.arabic.names import initials  # noqa: F401 - the avatars' letters

LINK_REL = "nofollow ugc noopener"
# An address runs to the first space, quote or angle bracket; what may not end
# it is sentence punctuation (Latin and Arabic) that belongs to the sentence.
_URL_RE = re.compile(
    r"""https?://[^\s<>"'`«»\u200e\u200f]+""",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?،؛؟…'\")]}"
_LONG_URL = 60
AVATAR_COLOURS = 8


def safe_http_url(value: str) -> str:
    """``value`` if it is an absolute http(s) address with a host, else ``""``."""
    if not value:
        return ""
    value = value.strip()
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not host:
        return ""
    if any(char.isspace() or char in "<>\"'`\\" for char in value):
        return ""
    return value


def _trim_url(candidate: str) -> tuple[str, str]:
    """Split trailing punctuation off a matched address, keeping balanced ``)``."""
    tail = ""
    while candidate and candidate[-1] in _TRAILING:
        if candidate[-1] == ")" and candidate.count("(") >= candidate.count(")"):
            break
        tail = candidate[-1] + tail
        candidate = candidate[:-1]
    return candidate, tail


def _link(url: str) -> SafeString:
    shown = url if len(url) <= _LONG_URL else url[: _LONG_URL - 1] + "…"
    return format_html('<a href="{}" rel="{}" dir="ltr">{}</a>', url, LINK_REL, shown)


def linkify(text: str) -> SafeString:
    """Escape ``text`` and turn its http(s) addresses into nofollow links."""
    pieces = []
    position = 0
    for match in _URL_RE.finditer(text):
        url, tail = _trim_url(match.group(0))
        checked = safe_http_url(url)
        if not checked:
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append(_link(checked))
        pieces.append(escape(tail))
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - Every piece above is escaped or built.


def render_body(text: str) -> SafeString:
    """Paragraphs (blank lines) and line breaks of a comment, links made safe."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    html = []
    for paragraph in paragraphs:
        lines = [linkify(line) for line in paragraph.strip().split("\n")]
        html.append(format_html('<p dir="auto">{}</p>', mark_safe("<br>".join(lines))))  # noqa: S308
    return mark_safe("".join(html))  # noqa: S308 - Built from escaped pieces only.


def avatar_colour(name: str) -> int:
    """A stable colour number for a name; never derived from the e-mail address."""
    return zlib.crc32((name or "").encode("utf-8")) % AVATAR_COLOURS


def comment_count_label(count: int) -> str:
    """ "٣ تعليقات", "تعليقان", "١١ تعليقاً": Arabic's six plural forms from the
    catalogue (``locale/ar/LC_MESSAGES/django.po``), local digits."""
    text = ngettext("تعليق واحد", "%(count)s تعليق", count)
    return text % {"count": to_digits(str(count), settings.AKHBAR_DIGITS)}
