"""StreamField blocks of an article body; each carries its own template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class SubheadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("عنوان فرعي")
        template = "akhbar_news/blocks/subheading.html"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("فقرة")
        template = "akhbar_news/blocks/paragraph.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("الصورة"))
    caption = blocks.CharBlock(required=False, label=_("التعليق"))
    credit = blocks.CharBlock(required=False, label=_("المصدر"))

    class Meta:
        icon = "image"
        label = _("صورة")
        template = "akhbar_news/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("الاقتباس"))
    attribution = blocks.CharBlock(required=False, label=_("القائل"))

    class Meta:
        icon = "openquote"
        label = _("اقتباس")
        template = "akhbar_news/blocks/quote.html"


class EmbedLinkBlock(blocks.StructBlock):
    """A link to outside media, shown as a link: no third-party script on our pages."""

    url = blocks.URLBlock(label=_("الرابط"))
    title = blocks.CharBlock(required=False, label=_("العنوان"))

    class Meta:
        icon = "media"
        label = _("وسائط خارجية")
        template = "akhbar_news/blocks/embed.html"


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("العنوان"))
    facts = blocks.ListBlock(blocks.CharBlock(label=_("معلومة")), label=_("معلومات"))

    class Meta:
        icon = "list-ul"
        label = _("صندوق معلومات")
        template = "akhbar_news/blocks/factbox.html"


class ReadAlsoBlock(blocks.StructBlock):
    title = blocks.CharBlock(default="اقرأ أيضا", label=_("العنوان"))
    articles = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="akhbar_news.ArticlePage"),
        label=_("المقالات"),
    )

    class Meta:
        icon = "link"
        label = _("اقرأ أيضا")
        template = "akhbar_news/blocks/read_also.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    subheading = SubheadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedLinkBlock()
    fact_box = FactBoxBlock()
    read_also = ReadAlsoBlock()
