"""Reads the importers need: matching titles and labels to existing pages."""

import re
from collections.abc import Iterable

from django.db.models import Q

from akhbar.arabic import normalize
from akhbar.news.models import ArticlePage, SectionPage

_PUNCTUATION = re.compile(r"[\s\"'«»“”‘’.,،:;؛!?؟…\-–—_()\[\]]+")


def title_key(text: str) -> str:
    """``text`` folded for comparing titles: Arabic spelling variants, spaces
    and punctuation do not count."""
    return _PUNCTUATION.sub(" ", normalize(text or "")).strip()


def _anchor_words(title: str, count: int = 3) -> list[str]:
    """The longest words of ``title``: a copy of the headline spelt differently
    (hamza, alef maqsura, spacing) still shares at least one of them."""
    words = sorted(set(re.findall(r"[^\W_]+", title)), key=len, reverse=True)
    return words[:count]


def articles_by_titles(titles: Iterable[str]) -> dict[str, int]:
    """Map each of ``titles`` that matches an article's headline to its id.

    An exact headline wins; otherwise headlines sharing the title's longest
    word are compared folded (``title_key``). Live articles are preferred, then
    the newest.
    """
    titles = [t for t in dict.fromkeys(titles) if t and t.strip()]
    found: dict[str, int] = {}
    order = ("-live", "-first_published_at", "-pk")
    exact = ArticlePage.objects.filter(title__in=titles).order_by(*order)
    for title, pk in exact.values_list("title", "pk"):
        found.setdefault(title, pk)
    for title in titles:
        if title in found:
            continue
        key = title_key(title)
        words = _anchor_words(title)
        if not key or not words:
            continue
        anywhere = Q()
        for word in words:
            anywhere |= Q(title__contains=word)
        candidates = ArticlePage.objects.filter(anywhere).order_by(*order)
        for candidate_title, pk in candidates.values_list("title", "pk")[:200]:
            if title_key(candidate_title) == key:
                found[title] = pk
                break
    return found


def section_by_label(label: str) -> SectionPage | None:
    """The section whose title (or slug) is ``label``, folded; live ones first."""
    key = title_key(label)
    if not key:
        return None
    sections = SectionPage.objects.order_by("-live", "path")
    for section in sections.only("pk", "title", "slug", "live", "path", "depth"):
        if title_key(section.title) == key or section.slug == label.strip():
            return section.specific
    return None


def section_by_reference(reference: str) -> SectionPage | None:
    """The section named on a command line: its id, slug, URL path or title."""
    reference = (reference or "").strip()
    if not reference:
        return None
    if reference.isdigit():
        section = SectionPage.objects.filter(pk=int(reference)).first()
        if section is not None:
            return section
    path = "/" + reference.strip("/") + "/"
    section = SectionPage.objects.filter(url_path__endswith=path).order_by("depth")
    section = section.first() or SectionPage.objects.filter(slug=reference).first()
    return section or section_by_label(reference)


def article_by_old_url(url: str) -> int | None:
    """The article an old link (of an imported site) now redirects to, if any."""
    from urllib.parse import urlsplit

    from wagtail.contrib.redirects.models import Redirect

    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if not parts.path:
        return None
    path = parts.path + ("?" + parts.query if parts.query else "")
    old_path = Redirect.normalise_path(path)
    redirect = (
        Redirect.objects.filter(old_path=old_path, redirect_page__isnull=False)
        .values_list("redirect_page_id", flat=True)
        .first()
    )
    if redirect and ArticlePage.objects.filter(pk=redirect).exists():
        return redirect
    return None
