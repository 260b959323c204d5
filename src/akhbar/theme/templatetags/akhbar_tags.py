"""Template tags of the reader site: Arabic dates and digits, navigation, sharing."""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext

from akhbar.arabic import format_date, to_digits
from akhbar.core.urls import page_absolute_url

register = template.Library()


@register.filter
def digits(value):
    """Write the digits of ``value`` in the installation's chosen numerals."""
    return to_digits(str(value), settings.AKHBAR_DIGITS)


def _count(count):
    return to_digits(str(count), settings.AKHBAR_DIGITS)


@register.filter
def reading_time(minutes):
    """ "قراءة في دقيقتين", "قراءة في ٣ دقائق", "قراءة في ١١ دقيقة".

    Arabic's six plural forms come from the catalogue
    (``locale/ar/LC_MESSAGES/django.po``), the digits from ``AKHBAR_DIGITS``.
    """
    minutes = int(minutes or 0)
    text = ngettext("قراءة في دقيقة واحدة", "قراءة في %(count)s دقائق", minutes)
    return text % {"count": _count(minutes)}


@register.simple_tag
def result_count(total, query):
    """ "نتيجتان عن «...»", "١١ نتيجة عن «...»": the search page's count line.

    Only the count takes the installation's digits; the query stays as typed.
    """
    total = int(total or 0)
    text = ngettext(
        "نتيجة واحدة عن «%(query)s»", "%(count)s نتيجة عن «%(query)s»", total
    )
    return text % {"count": _count(total), "query": query}


def _local(value):
    if value is None:
        return None
    if timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.simple_tag
def gregorian_date(value, with_time=False):
    value = _local(value)
    if value is None:
        return ""
    return format_date(
        value,
        calendar="gregorian",
        month_names=settings.AKHBAR_MONTH_NAMES,
        digits=settings.AKHBAR_DIGITS,
        with_time=with_time,
    )


@register.simple_tag
def hijri_date(value):
    value = _local(value)
    if value is None or not settings.AKHBAR_SHOW_HIJRI:
        return ""
    return format_date(value, calendar="hijri", digits=settings.AKHBAR_DIGITS)


@register.simple_tag
def time_element(value, with_time=True):
    """A ``<time>`` with a machine-readable datetime and both calendars shown."""
    local = _local(value)
    if local is None:
        return ""
    hijri = hijri_date(value)
    text = gregorian_date(value, with_time=with_time)
    if hijri:
        return format_html(
            '<time datetime="{}">{}</time> <span class="hijri">({})</span>',
            local.isoformat(),
            text,
            hijri,
        )
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), text)


def _home_for(request):
    from akhbar.news.selectors import site_home

    return site_home(request)


@register.inclusion_tag("theme/includes/main_nav.html", takes_context=True)
def main_nav(context):
    from akhbar.news import selectors

    request = context.get("request")
    home = _home_for(request)
    return {
        "home": home,
        "sections": selectors.menu_sections(home) if home else [],
        "current": None if _on_a_sub_route(request) else context.get("page"),
    }


def _on_a_sub_route(request) -> bool:
    """A tag, archive or other listing the home page routes: not the home page."""
    match = getattr(request, "routable_resolver_match", None)
    return match is not None and match.url_name != "home"


@register.inclusion_tag("theme/includes/breaking.html", takes_context=True)
def breaking_ticker(context):
    from akhbar.news import selectors

    home = _home_for(context.get("request"))
    return {"breaking": selectors.breaking_news(home)}


SHARE_TARGETS = (
    ("whatsapp", "واتساب", "https://wa.me/?text={text}%20{url}"),
    ("telegram", "تيليغرام", "https://t.me/share/url?url={url}&text={text}"),
    ("x", "إكس", "https://x.com/intent/post?url={url}&text={text}"),
    ("facebook", "فيسبوك", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("email", "البريد الإلكتروني", "mailto:?subject={text}&body={url}"),
)


@register.inclusion_tag("theme/includes/share.html", takes_context=True)
def share_links(context, page):
    """Plain share links: no third-party script, nothing loaded until a click."""
    url = page_absolute_url(page, context.get("request"))
    quoted_url, quoted_text = quote(url, safe=""), quote(page.title, safe="")
    links = [
        (key, label, pattern.format(url=quoted_url, text=quoted_text))
        for key, label, pattern in SHARE_TARGETS
    ]
    return {"links": links, "url": url}


@register.simple_tag
def month_label(value):
    """ "نوفمبر ٢٠٢٦" for an archive heading or link."""
    from akhbar.arabic.dates import EGYPTIAN_MONTHS, LEVANTINE_MONTHS

    months = (
        LEVANTINE_MONTHS
        if settings.AKHBAR_MONTH_NAMES == "levantine"
        else EGYPTIAN_MONTHS
    )
    return to_digits(
        "%s %s" % (months[value.month - 1], value.year), settings.AKHBAR_DIGITS
    )


@register.inclusion_tag("theme/includes/metadata.html", takes_context=True)
def page_metadata(context):
    """Canonical link, description, Open Graph, Twitter card and JSON-LD of the
    page being rendered (``theme.structured_data``); nothing off a page."""
    from akhbar.theme.structured_data import json_ld, page_metadata

    meta = page_metadata(context)
    scripts = [json_ld(data) for data in meta.json_ld] if meta else []
    return {"meta": meta, "scripts": scripts}
