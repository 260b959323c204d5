"""Cleaning of what readers type, before it is stored as plain text.

Nothing here makes text "safe for HTML": comments are stored as text and escaped
on output. Cleaning only removes what no reader means to type and what breaks
storage or display: NUL and other control characters (PostgreSQL refuses NUL in
text), lone surrogates that cannot be encoded, and in names the bidi overrides
that let a name pose as someone else's or reverse the text around it.
"""

import re
import unicodedata

from lxml import html as lxml_html

# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], None)
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[^\S\n]+")
# Exactly the characters of categories Cc and Cs.
_CONTROL_OR_SURROGATE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _drop_unwanted(text: str, *, keep_newlines: bool) -> str:
    if not _CONTROL_OR_SURROGATE.search(text):
        return text  # The usual case, found in C rather than char by char.
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc":
            if char == "\n" and keep_newlines:
                kept.append(char)
            elif char in "\t\n\x0b\x0c":
                kept.append(" ")
            continue
        if category == "Cs":  # A lone surrogate cannot be encoded for storage.
            continue
        kept.append(char)
    return "".join(kept)


def clean_body(text: str) -> str:
    """Normalise line ends, drop control characters, squeeze blank lines."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", _drop_unwanted(text, keep_newlines=True))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_name(text: str) -> str:
    """One line, single spaces, no bidi overrides."""
    text = _drop_unwanted(text or "", keep_newlines=False).translate(_BIDI_CONTROLS)
    return " ".join(unicodedata.normalize("NFC", text).split())


def clean_email(text: str) -> str:
    """Trim and lower-case: addresses are compared to recognise a commenter."""
    return _drop_unwanted(text or "", keep_newlines=False).strip().lower()


def html_to_text(markup: str) -> str:
    """Plain text of a comment that arrives as HTML (for importers).

    Paragraphs and line breaks become new lines, links keep their visible text
    and their address, every other tag is dropped and entities are decoded.
    """
    if not markup or not markup.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # lxml raises several types for broken input.
        return clean_body(markup)
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter("p", "div", "li", "blockquote"):
        element.tail = "\n\n" + (element.tail or "")
    for element in root.iter("a"):
        href = element.get("href") or ""
        text = element.text_content().strip()
        if href.startswith(("http://", "https://")) and href != text:
            element.tail = " (%s)%s" % (href, element.tail or "")
    return clean_body(root.text_content())
