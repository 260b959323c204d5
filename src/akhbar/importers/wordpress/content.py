"""WordPress post content as the HTML a browser would have received.

``post_content`` is not HTML yet: classic posts rely on ``wpautop`` for their
paragraphs, shortcodes (``[caption]``, ``[gallery]``, ``[embed]``) stand for
markup, a URL alone on a line is an oEmbed, and block posts wrap their markup in
``<!-- wp:... -->`` comments. ``render`` does what WordPress does before showing
a post, without any network access, and leaves the rest to
``akhbar.importers.content``.
"""

import html
import json
import re
from collections.abc import Callable

_BLOCK_COMMENT = re.compile(
    r"<!--\s*(/?)wp:([a-z0-9/-]+)(\s+(\{.*?\}))?\s*(/?)-->", re.S
)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|"
    r"li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|"
    r"legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|"
    r"details|menu|summary)"
)
# WordPress's get_shortcode_regex() for any tag name.
_SHORTCODE = re.compile(
    r"\[(\[?)([\w-]+)(?![\w-])([^\]/]*(?:/(?!\])[^\]/]*)*?)"
    r"(?:(/)\]|\](?:([^\[]*(?:\[(?!/\2\])[^\[]*)*)\[/\2\])?)(\]?)"
)
_ATTRS = re.compile(
    r'([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*\'([^\']*)\'(?:\s|$)|'
    r'([\w-]+)\s*=\s*([^\s\'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|\'([^\']*)\'(?:\s|$)|'
    r"(\S+)(?:\s|$)"
)
_LONE_URL = re.compile(r"^(\s*)(https?://[^\s<>\"]+)(\s*)$", re.M)
_DROPPED_SHORTCODES = {"playlist", "contact-form-7", "ninja_form", "wpforms"}

GalleryResolver = Callable[[list[int]], list[int]]


def has_blocks(content: str) -> bool:
    return "<!-- wp:" in content


def shortcode_attrs(text: str) -> dict[str, str]:
    """Attributes of a shortcode, as WordPress's shortcode_parse_atts reads them."""
    attrs: dict[str, str] = {}
    text = re.sub(r"[\u00a0\u200b]", " ", text or "")
    for position, match in enumerate(_ATTRS.finditer(text)):
        groups = match.groups()
        if groups[0]:
            attrs[groups[0].lower()] = groups[1]
        elif groups[2]:
            attrs[groups[2].lower()] = groups[3]
        elif groups[4]:
            attrs[groups[4].lower()] = groups[5]
        else:
            value = next((g for g in groups[6:] if g is not None), "")
            attrs[str(position)] = value
    return attrs


def _embed_html(url: str, caption: str = "") -> str:
    figcaption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
        f"{html.escape(url)}</div>{figcaption}</figure>"
    )


def _caption_html(attrs: dict[str, str], inner: str) -> str:
    inner = inner.strip()
    caption = attrs.get("caption", "")
    if not caption:
        # The caption text follows the image (or the link around it).
        match = re.match(
            r"^((?:<a [^>]*>\s*)?<img [^>]*>(?:\s*</a>)?)(.*)$", inner, re.S
        )
        if match:
            inner, caption = match.group(1), match.group(2)
    wp_id = re.search(r"attachment_(\d+)", attrs.get("id", ""))
    if wp_id and "wp-image-" not in inner:
        inner = inner.replace("<img ", f'<img class="wp-image-{wp_id.group(1)}" ', 1)
    return f"<figure>{inner}<figcaption>{caption.strip()}</figcaption></figure>"


def _gallery_html(attrs: dict[str, str], resolve: GalleryResolver | None) -> str:
    ids = [int(i) for i in re.findall(r"\d+", attrs.get("ids", "") or "")]
    if attrs.get("include"):
        ids += [int(i) for i in re.findall(r"\d+", attrs["include"])]
    if resolve is not None:
        ids = resolve(ids)
    images = "".join(f'<img class="wp-image-{i}" src="">' for i in ids)
    return f'<figure class="gallery">{images}</figure>' if images else ""


def do_shortcodes(
    content: str, *, resolve_gallery: GalleryResolver | None = None
) -> str:
    """Replace the shortcodes WordPress core knows by the markup they stand for.

    Unknown shortcodes with content keep their content; unknown ones with
    attributes disappear (plugin widgets); anything else stays as text, since
    square brackets are also ordinary punctuation.
    """

    def replace(match):
        if match.group(1) == "[" and match.group(6) == "]":
            return match.group(0)[1:-1]  # [[tag]] is how WordPress escapes a tag.
        name = match.group(2).lower()
        attrs = shortcode_attrs(match.group(3))
        inner = match.group(5)
        if name in ("caption", "wp_caption"):
            return _caption_html(attrs, do_shortcodes(inner or ""))
        if name == "gallery":
            return _gallery_html(attrs, resolve_gallery)
        if name == "embed":
            url = (inner or attrs.get("src", "")).strip()
            return _embed_html(url) if url else ""
        if name in ("video", "audio"):
            src = attrs.get("src") or attrs.get("mp4") or attrs.get("mp3") or ""
            src = src or (inner or "").strip()
            return _embed_html(src) if src else ""
        if name in _DROPPED_SHORTCODES:
            return ""
        if inner is not None:
            return do_shortcodes(inner)
        if match.group(3).strip() and re.match(r"[a-z]", name):
            return ""
        return match.group(0)

    return _SHORTCODE.sub(replace, content)


def _embed_blocks(content: str) -> str:
    """Embed blocks with an empty figure get their URL from the block's attributes."""

    def replace(match):
        closing, name, attrs = match.group(1), match.group(2), match.group(4)
        if closing or not (name == "embed" or name.startswith("core-embed/")):
            return match.group(0)
        try:
            url = json.loads(attrs).get("url", "") if attrs else ""
        except ValueError:
            url = ""
        return match.group(0) + (f"<!--akhbar-embed:{url}-->" if url else "")

    return _BLOCK_COMMENT.sub(replace, content)


def _fill_empty_embeds(content: str) -> str:
    def replace(match):
        url, figure = match.group(1), match.group(2)
        if url in figure:
            return figure
        return _embed_html(html.unescape(url))

    return re.sub(
        r"<!--akhbar-embed:(.*?)-->\s*(<figure[^>]*>.*?</figure>|)",
        replace,
        content,
        flags=re.S,
    )


def autoembed(content: str) -> str:
    """A URL alone on its line is an embed, as WordPress's oEmbed filter has it."""
    return _LONE_URL.sub(
        lambda m: m.group(1) + _embed_html(m.group(2)) + m.group(3), content
    )


def wpautop(text: str, br: bool = True) -> str:
    """Python port of WordPress's ``wpautop``: blank lines make paragraphs.

    Block-level tags are not wrapped; single newlines become ``<br />`` (unless
    ``br`` is false); ``<pre>`` blocks are left as they are.
    """
    if not text.strip():
        return ""
    pre_blocks = {}
    if "<pre" in text:

        def keep_pre(match):
            key = f"<pre wp-pre-tag-{len(pre_blocks)}></pre>"
            pre_blocks[key] = match.group(0)
            return key

        text = re.sub(r"<pre[^>]*>.*?</pre>", keep_pre, text, flags=re.S | re.I)
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"
    # Newlines inside tags are not line breaks.
    text = re.sub(r"<[^>]*>", lambda m: m.group(0).replace("\n", " "), text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = re.sub(rf"(<{_ALL_BLOCKS}[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(rf"(</{_ALL_BLOCKS}>)", r"\1\n\n", text, flags=re.I)
    text = re.sub(r"<hr\s*?/?>", "<hr />\n\n", text, flags=re.I)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = re.split(r"\n\s*\n", text)
    text = "".join("<p>{}</p>\n".format(p.strip("\n")) for p in paragraphs if p.strip())
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{_ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{_ALL_BLOCKS}[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(rf"(</?{_ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    if br:
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = re.sub(rf"(</?{_ALL_BLOCKS}[^>]*>)\s*<br />", r"\1", text, flags=re.I)
        text = re.sub(
            r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)",
            r"\1",
            text,
            flags=re.I,
        )
    text = re.sub(r"\n</p>$", "</p>", text)
    for key, block in pre_blocks.items():
        text = text.replace(key, block)
    return text


def render(content: str, *, resolve_gallery: GalleryResolver | None = None) -> str:
    """The HTML of a post's content: blocks or classic, shortcodes expanded."""
    content = (content or "").replace("\r\n", "\n").replace("\r", "\n")
    if has_blocks(content):
        content = _embed_blocks(content)
        content = _BLOCK_COMMENT.sub("\n", content)
        content = _fill_empty_embeds(content)
        content = do_shortcodes(content, resolve_gallery=resolve_gallery)
        # Text typed between blocks is split at blank lines by the block builder.
        return _HTML_COMMENT.sub("", content)
    content = _HTML_COMMENT.sub("", content)
    content = autoembed(content)
    content = do_shortcodes(content, resolve_gallery=resolve_gallery)
    return wpautop(content)
