"""Clean what a writer types into an entry, as article bodies are cleaned.

An entry's text is typed in a plain box, where a writer may use the few tags the
article editor offers (bold, italic, links, lists). Whatever else arrives (a
script, an event handler, a ``javascript:`` link, a pasted page) is removed here,
on every save, whichever path wrote the entry.
"""

import re

import nh3

from akhbar.news.blocks import body_block
from akhbar.news.sanitize import clean_paragraph_markup

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_OPENS_BLOCK = ("<p>", "<ul>", "<ol>")


def clean_markup(markup: str) -> str:
    """``markup`` with only the article editor's tags and safe links left."""
    return clean_paragraph_markup(markup).strip()


def has_text(markup: str) -> bool:
    """Whether ``markup`` shows any words once its tags are taken away."""
    return bool(nh3.clean(markup, tags=set()).replace("&nbsp;", "").strip())


def paragraph_blocks(text: str) -> list[dict]:
    """Paragraph blocks from typed text: a blank line starts a new paragraph, a
    single line break stays a line break."""
    blocks = []
    for part in _PARAGRAPH_BREAK.split(text or ""):
        markup = clean_markup(part.strip().replace("\r\n", "\n"))
        if not has_text(markup):
            continue
        if not markup.startswith(_OPENS_BLOCK):
            markup = "<p>%s</p>" % markup.replace("\n", "<br>")
        blocks.append(body_block("paragraph", markup))
    return blocks


def paragraphs_text(body) -> str:
    """The paragraphs of a body (a StreamValue) as the text box shows them."""
    parts = []
    for block in body:
        if block.block_type != "paragraph":
            continue
        source = block.value.source
        inner = re.fullmatch(r"<p>(.*)</p>", source, flags=re.S)
        if inner and "<p>" not in inner[1]:
            source = inner[1].replace("<br>", "\n")
        parts.append(source)
    return "\n\n".join(parts)
