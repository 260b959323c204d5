"""Which surrogate keys a reader page carries, and which a change bans.

Keys (``akhbar.core.caching``):

- ``site`` on every reader page: a change seen on every page (the sections'
  menu, the breaking-news ticker, a move or a deletion) bans it;
- ``home`` on the home page and its routes (tags, archives), ``section-<id>``
  on a section, ``article-<id>`` on an article, ``authors`` and
  ``author-<id>`` on the author pages, ``tag-<id>`` and ``archive`` on those
  listings.

Publishing, editing or unpublishing an article bans the article, the home page
and its listings, its sections and the author pages; what other articles show of
it ("related") follows within ``AKHBAR_CACHE_SHARED_SECONDS``. Any other page's
change bans ``site``.
"""

from wagtail.models import Page

from akhbar.core import caching, frontcache

from .models import ArticlePage, AuthorIndexPage, AuthorPage, HomePage, SectionPage

SITE = "site"
HOME = "home"
AUTHORS = "authors"
ARCHIVE = "archive"


def page_keys(page: Page) -> list[str]:
    """The surrogate keys of ``page``'s own view."""
    keys = [SITE]
    if isinstance(page, HomePage):
        keys.append(HOME)
    elif isinstance(page, SectionPage):
        keys.append("section-%d" % page.pk)
    elif isinstance(page, ArticlePage):
        keys.append("article-%d" % page.pk)
    elif isinstance(page, AuthorPage):
        keys += [AUTHORS, "author-%d" % page.pk]
    elif isinstance(page, AuthorIndexPage):
        keys.append(AUTHORS)
    else:
        keys.append("page-%d" % page.pk)
    return keys


def tag_page_keys(request, tag) -> None:
    """Name a tag's listing (a route of the home page) on ``request``."""
    caching.add_surrogate_keys(request, "tag-%d" % tag.pk)


def archive_keys(request) -> None:
    """Name an archive listing (a route of the home page) on ``request``."""
    caching.add_surrogate_keys(request, ARCHIVE)


def mark_page_cacheable(page: Page, request) -> None:
    """Before Wagtail serves ``page``: name it, unless it is restricted."""
    if page.get_view_restrictions().exists():
        caching.mark_private(request)
    else:
        caching.add_surrogate_keys(request, *page_keys(page))


def changed_keys(page: Page) -> list[str]:
    """The keys to ban when ``page`` is published, edited or unpublished."""
    page = page.specific_deferred if type(page) is Page else page
    if not isinstance(page, ArticlePage):
        return [SITE]
    if page.is_breaking or page.breaking_until is not None:
        # The ticker is on every page; an article just taken out of it (its
        # flag turned off) still has its end time.
        return [SITE]
    sections = SectionPage.objects.ancestor_of(page).values_list("pk", flat=True)
    return [
        "article-%d" % page.pk,
        HOME,
        AUTHORS,
        ARCHIVE,
        *("section-%d" % pk for pk in sections),
    ]


def changed_urls(page: Page) -> list[str]:
    """The URLs a URL-only front cache (a CDN) purges when ``page`` changes."""
    pages = [page, *Page.objects.ancestor_of(page).filter(depth__gt=1)]
    urls = []
    for each in pages:
        url = each.get_full_url()
        if url:
            urls.append(url)
    return urls


def page_changed(page: Page) -> None:
    """Ban what showed ``page``, once the transaction commits."""
    frontcache.purge_on_commit(keys=changed_keys(page), urls=lambda: changed_urls(page))


def article_view_changed(article_id: int) -> None:
    """Ban the article's own page (its comments changed), once committed."""

    def urls():
        page = Page.objects.filter(pk=article_id).first()
        return [page.get_full_url()] if page is not None else []

    frontcache.purge_on_commit(keys=["article-%d" % article_id], urls=urls)


def site_changed() -> None:
    """Ban every reader page (a move, a deletion, a site's settings)."""
    frontcache.purge_on_commit(keys=[SITE])
