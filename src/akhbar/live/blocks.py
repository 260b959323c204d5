"""The blocks of a live entry: the article body's own text, image, embed and quote."""

from wagtail import blocks

from akhbar.news.blocks import EmbedLinkBlock, ImageBlock, ParagraphBlock, QuoteBlock


class LiveEntryBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    image = ImageBlock()
    embed = EmbedLinkBlock()
    quote = QuoteBlock()
