"""Turn outside HTML into Akhbar body blocks, sanitised.

Every importer ends here: WordPress posts (after ``wordpress.content`` has dealt
with shortcodes and auto-paragraphs), saved pages and feed items. The output is
the raw StreamField value of ``akhbar.news.blocks.ArticleBodyBlock``: a list of
``{"type": ..., "value": ...}``. Paragraph HTML keeps only what the paragraph
block's rich-text features allow, in Wagtail's stored form (``<b>``, ``<i>``,
links, lists, line breaks); every other block holds plain text.
"""

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from akhbar.arabic import normalize
from akhbar.core.html import URL_SCHEMES
from akhbar.news.blocks import body_block
from akhbar.news.sanitize import clean_paragraph_markup

READ_ALSO_TITLE = "اقرأ أيضا"
# Openers of a "read also" list, compared after ``read_also_key``.
READ_ALSO_MARKERS = (
    "اقرا ايضا",
    "اقرأ أيضا",
    "اقرا كذلك",
    "اقرا المزيد",
    "اقرا المزيد من",
    "اقرا ايضا عن",
    "شاهد ايضا",
    "read also",
    "read more",
    "related",
    "see also",
)

_BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "blockquote",
    "figure",
    "img",
    "iframe",
    "video",
    "audio",
    "embed",
    "object",
    "table",
    "pre",
    "hr",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "nav",
    "details",
    "dl",
    "address",
    "center",
    "form",
    "fieldset",
}
_CONTAINERS = {
    "div",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "details",
    "center",
    "address",
    "dl",
    "fieldset",
}
_DROPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "svg",
    "canvas",
    "map",
    "head",
    "title",
    "meta",
    "link",
}
_WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
_ZERO_WIDTH_CHARS = re.compile("[\u200b\u2060\ufeff]")

ImageResolver = Callable[["ImageRef"], int | None]


@dataclass
class ImageRef:
    """An image met in the HTML, for the caller to turn into a Wagtail image."""

    src: str
    wp_id: int | None = None
    alt: str = ""
    caption: str = ""


def collapse(text: str) -> str:
    """One line of text with single spaces and no zero-width characters."""
    # str.split() splits on what \s matches; both it and the regex run in C,
    # where str.translate with a dict looks up each (Arabic) character in Python.
    return " ".join(_ZERO_WIDTH_CHARS.sub("", text or "").split())


# The tags of a whole document, left out of a fragment that holds them: lxml
# takes markup opening with <html> or a doctype for a document, and finds no body
# in one that has none (<html xmlns=…> alone).
_DOCUMENT_TAGS = re.compile(r"<!doctype[^>]*>|</?(?:html|head|body)\b[^>]*>", re.I)


# Control characters other than tab and newlines, raw or as references (&#1;,
# &#x1f;): lxml keeps them in the tree it parses but refuses to write them back
# (and html.unescape drops them), so they are dropped before parsing.
_CONTROLS = re.compile(
    r"&#(?:0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|127)(?![0-9])"
    r"|[xX]0*(?:[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF])(?![0-9a-fA-F]));?"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)


def fragment(markup: str):
    """``markup`` (an HTML fragment) parsed under a ``<div>``.

    A whole document (``<html>…``, even with no body) gives its content without
    the document's own tags; control characters are left out. Raises
    ``etree.ParserError`` or ``ValueError`` for markup lxml cannot parse at all.
    """
    markup = _CONTROLS.sub("", markup)
    try:
        return lxml_html.fragment_fromstring(markup, create_parent="div")
    except (AssertionError, IndexError):
        # lxml asserts that a document has one body (or, run with -O, indexes
        # the list of bodies).
        pass
    return lxml_html.fragment_fromstring(
        _DOCUMENT_TAGS.sub(" ", markup), create_parent="div"
    )


def strip_tags(markup: str) -> str:
    """Plain text of an HTML fragment, entities decoded, spaces collapsed."""
    if not markup or "<" not in markup:
        return collapse(html_lib.unescape(markup or ""))
    try:
        root = fragment(markup)
    except (etree.ParserError, ValueError):
        return collapse(html_lib.unescape(re.sub(r"<[^>]*>", " ", markup)))
    return collapse(root.text_content())


def read_also_key(text: str) -> str:
    """Text folded for spotting a "read also" opener (``akhbar.arabic.normalize``:
    no hamza forms, no diacritics, ة as ه), without a final colon or stop."""
    text = normalize(collapse(text)).rstrip(":. ").strip()
    # "إقراء" is a common misspelling of "اقرأ" in the wild (and in the seed).
    return text.replace("اقراء", "اقرا")


_READ_ALSO_KEYS = frozenset(read_also_key(marker) for marker in READ_ALSO_MARKERS)


def is_read_also_marker(text: str) -> bool:
    """Whether ``text`` opens a "read also" list ("اقرأ أيضا:" and its spellings)."""
    return read_also_key(text) in _READ_ALSO_KEYS


# Control characters (``&#1;`` in an export) are refused by lxml in an attribute;
# a browser drops them at the ends, tabs and newlines inside, and escapes the rest.
_URL_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_url(url: str, *, base_url: str = "") -> str:
    """``url`` made absolute against ``base_url``; "" unless http(s) or mailto.

    Control characters are cleaned as a browser cleans them.
    """
    url = re.sub(r"^[\x00-\x20]+|[\x00-\x20]+$|[\t\n\r]", "", url or "")
    url = _URL_CONTROLS.sub(lambda match: "%%%02X" % ord(match.group()), url)
    if not url:
        return ""
    if base_url:
        try:
            url = urljoin(base_url, url)
        except ValueError:
            return ""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    if scheme not in URL_SCHEMES:
        return ""
    if scheme != "mailto" and not urlsplit(url).netloc:
        return ""
    return url


def sanitize_inline(markup: str) -> str:
    """Keep only the rich-text features of a paragraph, in Wagtail's stored form."""
    return clean_paragraph_markup(markup)


def _has_text(markup: str) -> bool:
    return bool(strip_tags(markup).replace("\xa0", "").strip())


def paragraph_block(inner_html: str) -> dict | None:
    """A paragraph block from inline HTML (lists allowed), or None when empty."""
    cleaned = sanitize_inline(inner_html).strip()
    cleaned = re.sub(r"^(<br>\s*)+|(\s*<br>)+$", "", cleaned)
    if not _has_text(cleaned):
        return None
    if not cleaned.startswith(("<p>", "<ul>", "<ol>")):
        cleaned = f"<p>{cleaned}</p>"
    return body_block("paragraph", cleaned)


def text_paragraph(text: str) -> dict | None:
    text = collapse(text)
    if not text:
        return None
    return body_block("paragraph", f"<p>{html_lib.escape(text, False)}</p>")


def _inner_html(element) -> str:
    parts = [html_lib.escape(element.text or "", False)]
    for child in element:
        parts.append(etree.tostring(child, encoding="unicode", method="html"))
    return "".join(parts)


def _outer_html(element) -> str:
    tail = element.tail
    element.tail = None
    try:
        return etree.tostring(element, encoding="unicode", method="html")
    finally:
        element.tail = tail


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


class BlockBuilder:
    """Walk parsed HTML and collect body blocks in reading order."""

    def __init__(
        self,
        *,
        base_url: str = "",
        resolve_image: ImageResolver | None = None,
        resolve_link: Callable[[str, str], int | None] | None = None,
    ):
        self.base_url = base_url
        self.resolve_image = resolve_image
        self.resolve_link = resolve_link
        self.blocks: list[dict] = []
        self._inline: list[str] = []

    # Inline content met between block elements becomes one paragraph.
    def _add_inline(self, markup: str) -> None:
        if markup:
            self._inline.append(markup)

    def flush(self) -> None:
        if self._inline:
            block = paragraph_block("".join(self._inline))
            self._inline = []
            if block:
                self.blocks.append(block)

    def add(self, block: dict | None) -> None:
        if block:
            self.flush()
            self.blocks.append(block)

    def feed_html(self, markup: str) -> list[dict]:
        markup = (markup or "").strip()
        if not markup:
            return self.blocks
        try:
            root = fragment(markup)
        except (etree.ParserError, ValueError):
            self.add(text_paragraph(strip_tags(markup)))
            return self.blocks
        self._absolutise(root)
        self._container(root)
        self.flush()
        self._merge_read_also()
        return self.blocks

    def _absolutise(self, root) -> None:
        for element in root.iter("a"):
            href = safe_url(element.get("href"), base_url=self.base_url)
            if href:
                element.set("href", href)
            elif "href" in element.attrib:
                del element.attrib["href"]

    def _add_text(self, text: str) -> None:
        # Loose text separated by a blank line is two paragraphs, as in wpautop.
        for number, part in enumerate(re.split(r"\n[^\S\n]*\n\s*", text or "")):
            if number:
                self.flush()
            self._add_inline(html_lib.escape(part, False))

    def _container(self, element) -> None:
        self._add_text(element.text)
        for child in element:
            self._element(child)
            self._add_text(child.tail)

    def _element(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if not tag or tag in _DROPPED:
            return
        classes = _classes(element)
        if "akhbar-fact-box" in classes:
            self.add(self._fact_box_from_list(element))
        elif "akhbar-read-also" in classes:
            self._read_also_box(element)
        elif tag == "p":
            self._paragraph(element)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading(element)
        elif tag in ("ul", "ol"):
            self.add(paragraph_block(_outer_html(element)))
        elif tag == "blockquote":
            self._blockquote(element)
        elif tag == "figure":
            self._figure(element)
        elif tag == "img":
            self._image(element)
        elif tag in ("iframe", "video", "audio", "embed", "object", "source"):
            self._media(element)
        elif tag == "table":
            self.add(self._fact_box_from_table(element))
        elif tag == "pre":
            lines = (element.text_content() or "").strip("\n").split("\n")
            escaped = [html_lib.escape(line, False) for line in lines]
            self.add(paragraph_block("<br>".join(escaped)))
        elif tag == "hr":
            self.flush()
        elif tag == "a" and element.find(".//img") is not None:
            for image in element.iter("img"):
                self._image(image)
        elif tag in _CONTAINERS or tag in ("li", "dd", "dt"):
            self.flush()
            self._container(element)
            self.flush()
        elif tag == "br":
            self._add_inline("<br>")
        else:
            self._inline_element(element)

    def _inline_element(self, element) -> None:
        media = [e for e in element.iter("img", "iframe", "video", "audio")]
        if not media:
            self._add_inline(_outer_html(element))
            return
        # An inline wrapper around media (e.g. <span><img></span>): split it.
        self._container(element)

    def _paragraph(self, element) -> None:
        self.flush()
        if element.find(".//img") is None and element.find(".//iframe") is None:
            text = collapse(element.text_content())
            link = self._lone_link(element)
            if link and self._is_url(text):
                self.add(self._embed(link, ""))
                return
            if self._is_url(text) and len(element) == 0:
                self.add(self._embed(text, ""))
                return
            self.add(paragraph_block(_inner_html(element)))
            return
        self._container(element)
        self.flush()

    @staticmethod
    def _is_url(text: str) -> bool:
        return bool(re.fullmatch(r"https?://\S+", text or ""))

    @staticmethod
    def _lone_link(element) -> str:
        links = element.findall(".//a")
        if len(links) == 1 and collapse(links[0].text_content()) == collapse(
            element.text_content()
        ):
            return links[0].get("href") or ""
        return ""

    def _heading(self, element) -> None:
        text = collapse(element.text_content())
        if not text:
            return
        self.add(body_block("subheading", text))

    def _blockquote(self, element) -> None:
        classes = _classes(element)
        if classes & {"twitter-tweet", "instagram-media", "tiktok-embed"}:
            links = [a.get("href") for a in element.iter("a") if a.get("href")]
            url = element.get("cite") or element.get("data-instgrm-permalink")
            url = url or (links[-1] if links else "")
            self.add(self._embed(url, ""))
            return
        attribution = ""
        for cite in element.findall(".//cite") + element.findall(".//footer"):
            attribution = attribution or collapse(cite.text_content())
            cite.drop_tree()
        paragraphs = [collapse(p.text_content()) for p in element.iter("p")]
        paragraphs = [p for p in paragraphs if p]
        text = "\n\n".join(paragraphs) or collapse(element.text_content())
        if text:
            value = {"text": text, "attribution": attribution[:255]}
            self.add(body_block("quote", value))

    def _figure(self, element) -> None:
        classes = _classes(element)
        caption_element = element.find("figcaption")
        credit = ""
        if caption_element is not None:
            # Written by ``akhbar export`` for an image block's credit.
            for span in caption_element.find_class("akhbar-credit"):
                credit = collapse(span.text_content())
                span.drop_tree()
        caption = (
            collapse(caption_element.text_content())
            if caption_element is not None
            else ""
        )
        if caption_element is not None:
            caption_element.drop_tree()
        if any(c.startswith("wp-block-embed") for c in classes):
            wrapper = element.find(".//div")
            text = collapse(
                (wrapper if wrapper is not None else element).text_content()
            )
            url = text.split()[0] if text else ""
            iframe = element.find(".//iframe")
            if not url and iframe is not None:
                url = iframe.get("src") or ""
            self.add(self._embed(url, caption))
            return
        if element.find(".//blockquote") is not None:
            for quote in element.iter("blockquote"):
                self._blockquote(quote)
            return
        table = element.find(".//table")
        if table is not None:
            box = self._fact_box_from_table(table)
            if box and caption and not box["value"]["title"]:
                box["value"]["title"] = caption[:255]
            self.add(box)
            return
        images = list(element.iter("img"))
        if len(images) == 1:
            self._image(images[0], caption=caption, credit=credit)
            return
        if images:  # a gallery: one image block each, the caption on the first
            for image in images:
                own = image.getparent().getparent()
                own_caption = ""
                if own is not None and own.tag == "figure" and own is not element:
                    found = own.find("figcaption")
                    own_caption = (
                        collapse(found.text_content()) if found is not None else ""
                    )
                self._image(image, caption=own_caption or caption)
                caption = ""
            return
        media = element.find(".//iframe")
        if media is None:
            media = element.find(".//video")
        if media is None:
            media = element.find(".//audio")
        if media is not None:
            self._media(media, caption=caption)
            return
        self._container(element)
        self.flush()
        if caption:
            self.add(text_paragraph(caption))

    def _image(self, element, *, caption: str = "", credit: str = "") -> None:
        src = element.get("src") or element.get("data-src") or ""
        match = _WP_IMAGE_CLASS.search(element.get("class") or "")
        wp_id = int(match.group(1)) if match else None
        if wp_id is None and (element.get("data-id") or "").isdigit():
            wp_id = int(element.get("data-id"))
        src = safe_url(src, base_url=self.base_url)
        alt = collapse(element.get("alt") or "")
        ref = ImageRef(src=src, wp_id=wp_id, alt=alt, caption=caption)
        image_id = self.resolve_image(ref) if self.resolve_image else None
        if image_id:
            value = {
                "image": image_id,
                "caption": caption[:255],
                "credit": credit[:255],
            }
            self.add(body_block("image", value))
        elif src.startswith("http"):
            # No file for the image: keep a link to it where it stood, so the
            # editor sees what is missing (re-running with --media-dir fills it).
            self.add(self._embed(src, caption or alt))

    def _media(self, element, *, caption: str = "") -> None:
        src = element.get("src") or element.get("data") or ""
        if not src:
            source = element.find(".//source")
            src = source.get("src") if source is not None else ""
        self.add(self._embed(src, caption or collapse(element.get("title") or "")))

    def _embed(self, url: str, title: str) -> dict | None:
        url = safe_url(url, base_url=self.base_url)
        if not url.startswith(("http://", "https://")) or len(url) > 2000:
            return None
        return body_block("embed", {"url": url, "title": title[:255]})

    def _fact_box_from_table(self, table) -> dict | None:
        title_element = table.find("caption")
        title = (
            collapse(title_element.text_content()) if title_element is not None else ""
        )
        facts = []
        for row in table.iter("tr"):
            cells = [collapse(c.text_content()) for c in row if c.tag in ("td", "th")]
            cells = [c for c in cells if c]
            if cells:
                facts.append(": ".join(cells) if len(cells) == 2 else " | ".join(cells))
        if not facts:
            return None
        value = {"title": (title or "")[:255], "facts": [f[:255] for f in facts]}
        return body_block("fact_box", value)

    def _fact_box_from_list(self, element) -> dict | None:
        heading = element.find(".//h1")
        for level in ("h2", "h3", "h4", "h5", "h6", "strong"):
            heading = heading if heading is not None else element.find(".//" + level)
        title = collapse(heading.text_content()) if heading is not None else ""
        facts = [collapse(li.text_content()) for li in element.iter("li")]
        facts = [f[:255] for f in facts if f]
        if not facts:
            return None
        return body_block("fact_box", {"title": title[:255], "facts": facts})

    def _read_also_box(self, element) -> None:
        heading = None
        for level in ("h2", "h3", "h4", "h5", "h6", "strong", "p"):
            heading = heading if heading is not None else element.find(".//" + level)
        title = collapse(heading.text_content()) if heading is not None else ""
        links = [
            (a.get("href") or "", collapse(a.text_content())) for a in element.iter("a")
        ]
        self.add(self._read_also(title or READ_ALSO_TITLE, links))

    def _read_also(self, title: str, links: list[tuple[str, str]]) -> dict | None:
        ids, unmatched = [], []
        for href, text in links:
            page_id = self.resolve_link(href, text) if self.resolve_link else None
            if page_id and page_id not in ids:
                ids.append(page_id)
            elif not page_id and text:
                unmatched.append((href, text))
        if not ids:
            if unmatched:
                items = "".join(
                    f'<li><a href="{html_lib.escape(h)}">{html_lib.escape(t)}</a></li>'
                    if safe_url(h)
                    else f"<li>{html_lib.escape(t)}</li>"
                    for h, t in unmatched
                )
                self.add(
                    paragraph_block(
                        f"<p>{html_lib.escape(title, False)}</p><ul>{items}</ul>"
                    )
                )
            return None
        block = body_block("read_also", {"title": title[:255], "articles": ids})
        self.add(block)
        return None

    def _merge_read_also(self) -> None:
        """A "read also" opener followed by links becomes a read-also block.

        Handles the two shapes WordPress sites use: the opener paragraph then a
        list of links, or one paragraph "اقرأ أيضا: <a>...</a>".
        """
        if not self.resolve_link:
            return
        merged = []
        index = 0
        blocks = self.blocks
        while index < len(blocks):
            block = blocks[index]
            if block["type"] != "paragraph":
                merged.append(block)
                index += 1
                continue
            root = fragment(block["value"])
            text = collapse(root.text_content())
            links = [
                (a.get("href") or "", collapse(a.text_content()))
                for a in root.iter("a")
            ]
            opener = text.split(":")[0] if ":" in text[:30] else text
            if not is_read_also_marker(opener):
                merged.append(block)
                index += 1
                continue
            following = []
            if not links and index + 1 < len(blocks):
                nxt = blocks[index + 1]
                if nxt["type"] == "paragraph" and nxt["value"].startswith(
                    ("<ul>", "<ol>")
                ):
                    sub = fragment(nxt["value"])
                    following = [
                        (a.get("href") or "", collapse(a.text_content()))
                        for a in sub.iter("a")
                    ]
            found = links or following
            ids = [self.resolve_link(h, t) for h, t in found]
            ids = list(dict.fromkeys(i for i in ids if i))
            if not ids:
                merged.append(block)
                index += 1
                continue
            value = {"title": READ_ALSO_TITLE, "articles": ids}
            merged.append(body_block("read_also", value))
            index += 2 if following else 1
        self.blocks = merged


def html_to_blocks(
    markup: str,
    *,
    base_url: str = "",
    resolve_image: ImageResolver | None = None,
    resolve_link: Callable[[str, str], int | None] | None = None,
) -> list[dict]:
    """Body blocks for an HTML fragment.

    ``resolve_image(ImageRef)`` returns the id of a Wagtail image, or None to keep
    the image as a link. ``resolve_link(href, text)`` returns the id of an Akhbar
    article a link points to, or None; it makes "read also" lists into blocks.
    """
    builder = BlockBuilder(
        base_url=base_url, resolve_image=resolve_image, resolve_link=resolve_link
    )
    return builder.feed_html(markup)
