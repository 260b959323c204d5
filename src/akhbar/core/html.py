"""The one allow-list of body markup, kept on the way in and on the way out.

Importers clean what they store with ``clean_html`` and the reader site cleans
what it renders with it again, so a row written by any other path (an old
import, a script, the API, a database restored from elsewhere) still reaches a
reader as the same few harmless elements::

    clean_html('<p onclick="x()">نص<script>alert(1)</script></p>')  # "<p>نص</p>"
"""

from urllib.parse import urlsplit

import nh3

# What a paragraph may hold: Wagtail's bold, italic, link and list features.
ALLOWED_TAGS = frozenset({"p", "a", "b", "strong", "i", "em", "ol", "ul", "li", "br"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped with their content, not just their tags.
DROPPED_WITH_CONTENT = frozenset({"script", "style"})


def clean_html(markup: str, *, relative_urls: bool = False) -> str:
    """``markup`` with only the allowed elements, attributes and URL schemes.

    ``relative_urls`` keeps links such as ``/section/article/``: the site's own
    pages, as Wagtail renders its internal links. An import refuses them, since
    they would point into the old site.
    """
    return nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        url_relative="pass_through" if relative_urls else "deny",
        clean_content_tags=set(DROPPED_WITH_CONTENT),
    )


def is_safe_link(url: str) -> bool:
    """Whether ``url`` may be a link's target: an allowed scheme, and a host
    unless it is ``mailto``."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    return scheme in URL_SCHEMES and (scheme == "mailto" or bool(parts.netloc))
