"""What a paragraph of an article body may hold, and the one function that cleans
markup to it: imports (``importers.content``) and live entries (``live.text``)
both go through here."""

import re

import nh3

# The article editor's paragraph features (``blocks.PARAGRAPH_FEATURES``) as the
# tags and attributes they store.
PARAGRAPH_TAGS = {"p", "a", "b", "strong", "i", "em", "ol", "ul", "li", "br"}
PARAGRAPH_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_paragraph_markup(markup: str) -> str:
    """Keep only the rich-text features of a paragraph, in Wagtail's stored form:
    scripts, styles, event handlers, other tags and unsafe or relative links go."""
    cleaned = nh3.clean(
        markup or "",
        tags=PARAGRAPH_TAGS,
        attributes=PARAGRAPH_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        url_relative="deny",
        clean_content_tags={"script", "style"},
    )
    # Wagtail's editor stores bold and italic as <b> and <i>.
    for old, new in (("strong", "b"), ("em", "i")):
        cleaned = re.sub(rf"<(/?){old}>", rf"<\1{new}>", cleaned)
    return cleaned
