"""Read a saved article page (HTML, or its text copied out) into its parts.

Newsrooms keep articles as saved web pages or as text pasted from them. Both
carry the site's furniture around the story: the comment form, the privacy
line, "back to top", "related articles" headers and share buttons. What is
left is read the way an editor would:

- the section label comes first (a short line, or the page's category);
- then the headline;
- short lines without final punctuation are subheadings, the rest paragraphs;
- a "read also" opener ("اقرأ أيضا:", also misspelt "إقراء ايضا:") starts a
  list of headlines of other articles.
"""

import html as html_lib
import re
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from akhbar.importers.content import (
    collapse,
    is_read_also_marker,
    read_also_key,
    sanitize_inline,
)

# Lines that end the story: what follows them is the site's, not the article's.
_TERMINATORS = (
    "مقالات ذات صلة",
    "مواضيع ذات صلة",
    "اخبار ذات صلة",
    "مقالات مشابهة",
    "قد يعجبك ايضا",
    "اترك تعليقا",
    "اترك ردا",
    "اضف تعليقا",
    "اضف تعليق",
    "التعليقات",
    "related articles",
    "related posts",
    "leave a reply",
    "leave a comment",
)
# Lines dropped wherever they are.
_BOILERPLATE = (
    "زر الذهاب الى الاعلى",
    "العودة الى الاعلى",
    "الذهاب الى الاعلى",
    "back to top",
    "شارك",
    "شارك المقال",
    "شارك الخبر",
    "مشاركة",
    "شارك على فيسبوك",
    "شارك على تويتر",
    "فيسبوك",
    "تويتر",
    "واتساب",
    "تيليجرام",
    "تلغرام",
    "لينكدإن",
    "لينكدان",
    "طباعة",
    "facebook",
    "twitter",
    "whatsapp",
    "telegram",
    "linkedin",
    "print",
    "share",
    "share this",
    "الرئيسية",
)
_BOILERPLATE_STARTS = (
    "لن يتم نشر عنوان بريدك الالكتروني",
    "لن يتم نشر بريدك الالكتروني",
    "your email address will not be published",
    "احفظ اسمي",
    "save my name",
    "جميع الحقوق محفوظة",
    "all rights reserved",
    "تابعونا على",
    "تابعنا على",
    "اشترك في النشرة",
    "copyright",
    "©",
)
# Containers a theme wraps around everything that is not the story.
_NOISE_CLASSES = re.compile(
    r"comment|respond|share|sharing|social|related|sidebar|widget|breadcrumb|"
    r"menu|navigation|navbar|footer|advert|\bads?\b|newsletter|subscribe|"
    r"back-to-top|go-to-top|scroll-top|author-box|post-tags|tags-links|cookie",
    re.I,
)
_CONTENT_CLASSES = re.compile(
    r"entry-content|post-content|article-content|article-body|td-post-content|"
    r"story-body|post-body|content-inner|single-content",
    re.I,
)
_FINAL_PUNCTUATION = tuple('.!?؟:؛…»"”)')
SUBHEADING_MAX_WORDS = 15


@dataclass
class Line:
    """One line of the page: a heading, a paragraph or a list item."""

    kind: str  # "heading", "text" or "item"
    text: str
    html: str = ""
    href: str = ""


@dataclass
class SavedPage:
    section_label: str = ""
    headline: str = ""
    # ("subheading", text) or ("paragraph", inline HTML)
    blocks: list[tuple[str, str]] = field(default_factory=list)
    read_also: list[tuple[str, str]] = field(default_factory=list)  # (title, href)
    read_also_at: int | None = None  # index in ``blocks`` where the list stood


def _key(text: str) -> str:
    return read_also_key(text).replace("ـ", "")


_TERMINATOR_KEYS = frozenset(_key(t) for t in _TERMINATORS)
_BOILERPLATE_KEYS = frozenset(_key(b) for b in _BOILERPLATE)
_BOILERPLATE_PREFIXES = tuple(_key(b) for b in _BOILERPLATE_STARTS)


def _is_terminator(text: str) -> bool:
    return _key(text) in _TERMINATOR_KEYS


def _is_boilerplate(text: str) -> bool:
    key = _key(text)
    return not key or key in _BOILERPLATE_KEYS or key.startswith(_BOILERPLATE_PREFIXES)


def _looks_like_subheading(text: str) -> bool:
    text = text.strip()
    return len(text.split()) <= SUBHEADING_MAX_WORDS and not text.endswith(
        _FINAL_PUNCTUATION
    )


def _looks_like_label(text: str) -> bool:
    return len(text.split()) <= 5 and not text.endswith(_FINAL_PUNCTUATION)


def _classify(lines: list[Line], page: SavedPage, *, label_first: bool) -> None:
    """Fill ``page`` from ``lines`` (furniture already removed)."""
    lines = [line for line in lines if line.text]
    index = 0
    # The section label, then the headline.
    if label_first and len(lines) > 2 and not page.section_label:
        if _looks_like_label(lines[0].text) and not is_read_also_marker(lines[0].text):
            page.section_label = lines[0].text
            index = 1
    if not page.headline and index < len(lines):
        page.headline = lines[index].text
        index += 1
    reading_also = False
    for line in lines[index:]:
        text = line.text
        if _is_terminator(text):
            break
        if _is_boilerplate(text):
            continue
        if page.headline and text == page.headline and not page.blocks:
            continue
        opener = text.split(":")[0] if ":" in text[:30] else text
        if is_read_also_marker(opener):
            reading_also = True
            page.read_also_at = len(page.blocks)
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:
                page.read_also.append((rest, line.href))
            continue
        if reading_also:
            if (
                line.kind == "item"
                or line.href
                or _looks_like_subheading(text)
                or (len(text.split()) <= 25)
            ):
                page.read_also.append((text, line.href))
                continue
            reading_also = False
        if line.kind == "heading" or (
            line.kind == "text" and not line.html and _looks_like_subheading(text)
        ):
            page.blocks.append(("subheading", text))
        else:
            page.blocks.append(
                ("paragraph", line.html or "<p>%s</p>" % html_lib.escape(text, False))
            )


def parse_text(text: str) -> SavedPage:
    """A page copied as plain text: one element per non-empty line."""
    lines = [Line("text", collapse(raw)) for raw in (text or "").splitlines()]
    page = SavedPage()
    _classify(lines, page, label_first=True)
    return page


def _meta(root, *names) -> str:
    for name in names:
        for element in root.iter("meta"):
            if name in (element.get("property"), element.get("name")):
                value = collapse(element.get("content") or "")
                if value:
                    return value
    return ""


def _section_label(root) -> str:
    label = _meta(root, "article:section")
    if label:
        return label
    for element in root.iter("a"):
        if "category" in (element.get("rel") or "").split():
            return collapse(element.text_content())
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        classes = element.get("class") or ""
        if re.search(r"breadcrumb", classes, re.I):
            crumbs = [collapse(a.text_content()) for a in element.iter("a")]
            crumbs = [c for c in crumbs if c and not _is_boilerplate(c)]
            if crumbs:
                return crumbs[-1]
    return ""


def _content_root(root):
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get("itemprop") == "articleBody":
            return element
        if _CONTENT_CLASSES.search(element.get("class") or ""):
            return element
    article = root.find(".//article")
    if article is not None:
        return article
    body = root.find(".//body")
    return body if body is not None else root


def _strip_noise(root) -> None:
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if element.tag in (
            "script",
            "style",
            "noscript",
            "nav",
            "footer",
            "form",
            "iframe",
            "button",
            "svg",
            "template",
        ):
            element.drop_tree()
            continue
        marker = " ".join((element.get("class") or "", element.get("id") or ""))
        if marker.strip() and _NOISE_CLASSES.search(marker):
            element.drop_tree()


def _is_bold_line(paragraph) -> bool:
    """A short paragraph that is all bold: how many sites mark subheadings."""
    text = collapse(paragraph.text_content())
    children = [c for c in paragraph if isinstance(c.tag, str) and c.tag != "br"]
    return (
        bool(text)
        and len(children) == 1
        and children[0].tag in ("b", "strong")
        and collapse(children[0].text_content()) == text
        and _looks_like_subheading(text)
        and not is_read_also_marker(text.rstrip(":"))
    )


def _html_lines(content) -> list[Line]:
    lines: list[Line] = []

    def walk(element):
        for child in element:
            if not isinstance(child.tag, str):
                continue
            tag = child.tag.lower()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                lines.append(Line("heading", collapse(child.text_content())))
            elif tag == "p" and _is_bold_line(child):
                lines.append(Line("heading", collapse(child.text_content())))
            elif tag == "p":
                text = collapse(child.text_content())
                links = child.findall(".//a")
                href = links[0].get("href", "") if len(links) == 1 else ""
                inner = (child.text or "") and html_lib.escape(child.text, False)
                inner += "".join(
                    etree.tostring(c, encoding="unicode", method="html") for c in child
                )
                markup = sanitize_inline("<p>%s</p>" % inner) if text else ""
                lines.append(Line("text", text, markup, href))
            elif tag in ("ul", "ol"):
                for item in child.iter("li"):
                    links = item.findall(".//a")
                    href = links[0].get("href", "") if links else ""
                    lines.append(Line("item", collapse(item.text_content()), "", href))
            elif tag in ("blockquote", "pre"):
                text = collapse(child.text_content())
                lines.append(Line("text", text, "<p>%s</p>" % html_lib.escape(text)))
            else:
                walk(child)
                if child.tail and child.tail.strip():
                    lines.append(Line("text", collapse(child.tail)))
        return lines

    if content.text and content.text.strip():
        lines.append(Line("text", collapse(content.text)))
    return walk(content)


def parse_html(markup: str) -> SavedPage:
    """A page saved as HTML: the story found in its article body."""
    root = lxml_html.document_fromstring(markup)
    page = SavedPage(section_label=_section_label(root))
    h1 = root.find(".//h1")
    if h1 is not None:
        page.headline = collapse(h1.text_content())
    page.headline = page.headline or _meta(root, "og:title")
    if not page.headline:
        title = root.find(".//title")
        text = collapse(title.text_content()) if title is not None else ""
        page.headline = re.split(r"\s[|\-–—]\s", text)[0] if text else ""
    _strip_noise(root)
    content = _content_root(root)
    lines = [line for line in _html_lines(content) if line.text != page.headline]
    _classify(lines, page, label_first=not page.section_label)
    return page


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(html|body|head|article|div|p)[\s>]", head)
    )


def parse(text: str) -> SavedPage:
    """Read a saved page, HTML or plain text."""
    return parse_html(text) if looks_like_html(text) else parse_text(text)
