"""A paragraph of an article body as Wagtail's editor stores it, cleaned to the one
allow-list of ``akhbar.core.html``: imports (``importers.content``) and live entries
(``live.text``) both go through here."""

import re

from akhbar.core.html import clean_html


def clean_paragraph_markup(markup: str) -> str:
    """Keep only the rich-text features of a paragraph, in Wagtail's stored form:
    scripts, styles, event handlers, other tags and unsafe or relative links go."""
    cleaned = clean_html(markup or "")
    # Wagtail's editor stores bold and italic as <b> and <i>.
    for old, new in (("strong", "b"), ("em", "i")):
        cleaned = re.sub(rf"<(/?){old}>", rf"<\1{new}>", cleaned)
    return cleaned
