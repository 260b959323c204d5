"""StreamField blocks of an article body; each carries its own template.

Each block also knows what else the site reads from it (``BodyBlock``): its
plain text (site search), the words a reader reads (reading time) and its form
in a WordPress export. ``body_text``, ``body_word_count`` and ``body_block``
are the readers' and writers' one vocabulary for a body.
"""

import html
import json
import re
from typing import Protocol

from django import forms
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from lxml import etree
from lxml import html as lxml_html
from wagtail import blocks
from wagtail.admin.telepath import register
from wagtail.admin.widgets.chooser import AdminPageChooser, PageChooserAdapter
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html

from akhbar.core.html import clean_html, is_safe_link

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]
# What an imported or written subheading is cut to.
SUBHEADING_MAX_LENGTH = 255

_SPACES = re.compile(r"\s+")
# Block ends become spaces so that words of adjacent paragraphs stay apart.
_BLOCK_ENDS = re.compile(r"</(p|li|h\d|blockquote)>|<br\s*/?>")


class ExportLinks(Protocol):
    """What a block's export form asks of the exporter (``importers.export``)."""

    def absolute(self, url: str) -> str:
        """``url`` on the exported site."""

    def page_url(self, page) -> str:
        """A page's full URL on the exported site."""

    def attachment_id(self, image_id: int) -> int:
        """The WordPress attachment id of an image."""

    def image_url(self, image) -> str:
        """An image file's full URL."""


def _escape(text: str) -> str:
    return html.escape(text or "", False)


class BodyBlock:
    """What a body block knows of its content besides its template."""

    def plain_text(self, value) -> str:
        """The block's words as the site search indexes them ("" for none)."""
        return ""

    def word_count(self, value) -> int:
        """Words a reader reads in the block, for the reading time."""
        return 0

    def export_html(self, value, links: ExportLinks) -> str:
        """The block as WordPress block-editor markup ("" to leave it out)."""
        return ""

    def stored(self, value):
        """``value`` as the body stores it (``body_block``)."""
        return value


class SubheadingBlock(BodyBlock, blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("عنوان فرعي")
        template = "akhbar_news/blocks/subheading.html"

    def plain_text(self, value) -> str:
        return str(value)

    def word_count(self, value) -> int:
        return len(value.split())

    def export_html(self, value, links) -> str:
        return (
            '<!-- wp:heading -->\n<h2 class="wp-block-heading">%s</h2>\n'
            "<!-- /wp:heading -->" % _escape(value)
        )

    def stored(self, value):
        return value[:SUBHEADING_MAX_LENGTH]


class ParagraphBlock(BodyBlock, blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("فقرة")
        template = "akhbar_news/blocks/paragraph.html"

    def get_context(self, value, parent_context=None):
        """``html``: the stored text as rendered, cleaned to the allow-list
        again (``core.html``), whatever wrote the row."""
        context = super().get_context(value, parent_context)
        markup = clean_html(expand_db_html(value.source), relative_urls=True)
        context["html"] = mark_safe(markup)  # noqa: S308 (cleaned above)
        return context

    def plain_text(self, value) -> str:
        markup = _BLOCK_ENDS.sub(" \n", value.source)
        return _SPACES.sub(" ", html.unescape(strip_tags(markup))).strip()

    def word_count(self, value) -> int:
        # Runs of the stored markup between spaces (a tag counts with its word):
        # an estimate, as reading times are.
        return len(value.source.split())

    def export_html(self, value, links) -> str:
        markup = expand_db_html(value.source)
        # Links to pages come out relative; the export is read on another site.
        markup = re.sub(
            r'href="(/[^"]*)"',
            lambda m: 'href="%s"' % html.escape(links.absolute(html.unescape(m[1]))),
            markup,
        )
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
        out = []
        if root.text and root.text.strip():
            text = _escape(root.text.strip())
            out.append(f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->")
        for child in root:
            fragment = etree.tostring(child, encoding="unicode", method="html").strip()
            if child.tag in ("ul", "ol"):
                ordered = ' {"ordered":true}' if child.tag == "ol" else ""
                out.append(f"<!-- wp:list{ordered} -->\n{fragment}\n<!-- /wp:list -->")
            else:
                out.append(f"<!-- wp:paragraph -->\n{fragment}\n<!-- /wp:paragraph -->")
        return "\n\n".join(out)


class ImageBlock(BodyBlock, blocks.StructBlock):
    image = ImageChooserBlock(label=_("الصورة"))
    caption = blocks.CharBlock(required=False, label=_("التعليق"))
    credit = blocks.CharBlock(required=False, label=_("المصدر"))

    class Meta:
        icon = "image"
        label = _("صورة")
        template = "akhbar_news/blocks/image.html"

    def plain_text(self, value) -> str:
        return value.get("caption") or ""

    def export_html(self, value, links) -> str:
        image = value.get("image")
        if image is None:
            return ""
        attachment = links.attachment_id(image.pk)
        caption = _escape(value.get("caption"))
        if value.get("credit"):
            caption += '<span class="akhbar-credit">%s</span>' % _escape(
                value["credit"]
            )
        figcaption = (
            '<figcaption class="wp-element-caption">%s</figcaption>' % caption
            if caption
            else ""
        )
        return (
            '<!-- wp:image {"id":%d} -->\n<figure class="wp-block-image">'
            '<img src="%s" alt="%s" class="wp-image-%d"/>%s</figure>\n'
            "<!-- /wp:image -->"
            % (
                attachment,
                html.escape(links.image_url(image)),
                html.escape(image.description or ""),
                attachment,
                figcaption,
            )
        )


class QuoteBlock(BodyBlock, blocks.StructBlock):
    text = blocks.TextBlock(label=_("الاقتباس"))
    attribution = blocks.CharBlock(required=False, label=_("القائل"))

    class Meta:
        icon = "openquote"
        label = _("اقتباس")
        template = "akhbar_news/blocks/quote.html"

    def plain_text(self, value) -> str:
        return " ".join(filter(None, [value["text"], value["attribution"]]))

    def word_count(self, value) -> int:
        return len(value["text"].split())

    def export_html(self, value, links) -> str:
        paragraphs = [p for p in (value.get("text") or "").split("\n\n") if p.strip()]
        inner = "".join("<p>%s</p>" % _escape(p.strip()) for p in paragraphs)
        if value.get("attribution"):
            inner += "<cite>%s</cite>" % _escape(value["attribution"])
        return (
            '<!-- wp:quote -->\n<blockquote class="wp-block-quote">%s</blockquote>\n'
            "<!-- /wp:quote -->" % inner
        )


class EmbedLinkBlock(BodyBlock, blocks.StructBlock):
    """A link to outside media, shown as a link: no third-party script on our pages."""

    url = blocks.URLBlock(label=_("الرابط"))
    title = blocks.CharBlock(required=False, label=_("العنوان"))

    class Meta:
        icon = "media"
        label = _("وسائط خارجية")
        template = "akhbar_news/blocks/embed.html"

    def get_context(self, value, parent_context=None):
        """``href``: the link only if its scheme is allowed (``core.html``)."""
        context = super().get_context(value, parent_context)
        url = value.get("url") or ""
        context["href"] = url if is_safe_link(url) else ""
        return context

    def plain_text(self, value) -> str:
        return value.get("title") or ""

    def export_html(self, value, links) -> str:
        url = value.get("url") or ""
        title = value.get("title") or ""
        figcaption = (
            '<figcaption class="wp-element-caption">%s</figcaption>' % _escape(title)
            if title
            else ""
        )
        return (
            "<!-- wp:embed %s -->\n"
            '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
            "%s\n</div>%s</figure>\n<!-- /wp:embed -->"
            % (json.dumps({"url": url}), html.escape(url), figcaption)
        )


def _group(class_name: str, title: str, items: str) -> str:
    """A titled list as a WordPress group block with ``class_name``."""
    return (
        '<!-- wp:group {"className":"%s"} -->\n'
        '<div class="wp-block-group %s">'
        '<h3 class="wp-block-heading">%s</h3><ul>%s</ul></div>\n'
        "<!-- /wp:group -->" % (class_name, class_name, _escape(title), items)
    )


class FactBoxBlock(BodyBlock, blocks.StructBlock):
    title = blocks.CharBlock(label=_("العنوان"))
    facts = blocks.ListBlock(blocks.CharBlock(label=_("معلومة")), label=_("معلومات"))

    class Meta:
        icon = "list-ul"
        label = _("صندوق معلومات")
        template = "akhbar_news/blocks/factbox.html"

    def plain_text(self, value) -> str:
        return " ".join([value["title"], *value["facts"]])

    def export_html(self, value, links) -> str:
        facts = "".join("<li>%s</li>" % _escape(f) for f in value.get("facts") or [])
        return _group("akhbar-fact-box", value.get("title"), facts)


# The query parameter that carries the headline being written to the page
# chooser of a read-also block (the related app offers the stories most like it
# first; see ``akhbar.related.editor``).
SIMILAR_TO_PARAMETER = "similar_to"


class ReadAlsoPageChooser(AdminPageChooser):
    """Wagtail's page chooser, sending the page's headline when it opens."""

    @property
    def base_js_init_options(self):
        return {
            **super().base_js_init_options,
            "similarToParameter": SIMILAR_TO_PARAMETER,
        }


class ReadAlsoPageChooserAdapter(PageChooserAdapter):
    js_constructor = "akhbar.widgets.ReadAlsoChooser"

    @cached_property
    def media(self):
        return super().media + forms.Media(js=["akhbar_news/js/read-also-chooser.js"])


register(ReadAlsoPageChooserAdapter(), ReadAlsoPageChooser)


class ReadAlsoChooserBlock(blocks.PageChooserBlock):
    """An article chooser that sends the headline being written when it opens,
    so that the chooser can offer the stories most like it first."""

    @cached_property
    def widget(self):
        return ReadAlsoPageChooser(
            target_models=self.target_models, can_choose_root=self.can_choose_root
        )


class ReadAlsoBlock(BodyBlock, blocks.StructBlock):
    title = blocks.CharBlock(default="اقرأ أيضا", label=_("العنوان"))
    articles = blocks.ListBlock(
        ReadAlsoChooserBlock(page_type="akhbar_news.ArticlePage"),
        label=_("المقالات"),
    )

    class Meta:
        icon = "link"
        label = _("اقرأ أيضا")
        template = "akhbar_news/blocks/read_also.html"

    def export_html(self, value, links) -> str:
        items = "".join(
            '<li><a href="%s">%s</a></li>'
            % (html.escape(links.page_url(page)), _escape(page.title))
            for page in value.get("articles") or []
            if page is not None
        )
        if not items:
            return ""
        return _group("akhbar-read-also", value.get("title"), items)


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    subheading = SubheadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedLinkBlock()
    fact_box = FactBoxBlock()
    read_also = ReadAlsoBlock()


def body_text(body) -> str:
    """The words of a body (a StreamValue) for search, one block per line."""
    parts = (block.block.plain_text(block.value) for block in body)
    return "\n".join(part for part in parts if part)


def body_word_count(body) -> int:
    """The words a reader reads in a body (a StreamValue)."""
    return sum(block.block.word_count(block.value) for block in body)


def body_export_html(body, links: ExportLinks) -> str:
    """A body (a StreamValue) as WordPress block-editor markup."""
    parts = (block.block.export_html(block.value, links) for block in body)
    return "\n\n".join(part for part in parts if part)


def body_block(kind: str, value) -> dict:
    """One body block in the stored form (``{"type": kind, "value": ...}``) that
    importers and the demo write; an unknown ``kind`` raises ``ValueError``."""
    block = ArticleBodyBlock.base_blocks.get(kind)
    if block is None:
        raise ValueError("Unknown body block %r" % kind)
    return {"type": kind, "value": block.stored(value)}
