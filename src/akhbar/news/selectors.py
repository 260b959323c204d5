"""Reads of the news tree, shaped for the reader pages.

Every listing goes through ``card_queryset`` so that an article card costs no query
of its own: the featured image and its renditions are fetched with the list, and the
section label comes from a cached map of sections keyed by tree path.
"""

import hashlib
import time
from collections.abc import Callable

from django.core.cache import caches
from django.db.models import F, Window
from django.db.models.functions import RowNumber, Substr
from django.utils import timezone
from wagtail.models import Page

from akhbar.core import metrics, versions

from .models import ArticlePage, HomePage, SectionPage

STEPLEN = Page.steplen
CACHE_SECONDS = 300
# The version of the published tree: every cached read and fragment of a
# reader page is keyed by it.
NEWS = versions.Version("news")

# Reads cached by ``_cached``: kept in the process (no pickling, no I/O); the tree
# version in their key is what all processes share.
_local: dict[tuple[str, int], tuple[float, object]] = {}
_LOCAL_LIMIT = 2000
# Expressions annotated on every article card, by attribute name: what other
# apps add to a card (see ``register_card_annotation``).
_card_annotations: dict[str, Callable] = {}
# What chooses an article's related articles, when an app registered one (see
# ``register_related_provider``); same section, newest first otherwise.
_related_provider: list[Callable] = []
# Page types beyond articles that feeds, the news sitemap and search carry as
# stories (``register_story_type``): live stories.
_story_types: list = []
# What lists the entities an article page links to (``register_entity_links_provider``).
_entity_links_provider: list[Callable] = []


def news_generation() -> int:
    """A number that changes whenever the published tree changes."""
    return NEWS.get()


def news_changed() -> None:
    """Invalidate every cached read of the tree (called on publish, move, delete).

    Bumped at once, so this request sees its change, and again on commit, so
    what another request cached from the database before the commit is retired.
    """
    NEWS.bump()


def forget_cached_reads() -> None:
    """Drop this process's cached reads (as a restart would)."""
    _local.clear()


def _cached(name, compute):
    key = (name, news_generation())
    now = time.monotonic()
    hit = _local.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = compute()
    if len(_local) >= _LOCAL_LIMIT:
        _local.clear()
    _local[key] = (now + CACHE_SECONDS, value)
    return value


def view_restrictions_exist() -> bool:
    from wagtail.models import PageViewRestriction

    return _cached("restrictions", PageViewRestriction.objects.exists)


def live_articles():
    articles = ArticlePage.objects.live().filter(first_published_at__isnull=False)
    if view_restrictions_exist():
        articles = articles.public()
    return articles


def register_card_annotation(name: str, expression: Callable) -> None:
    """Annotate every article card with ``name``: ``expression()`` returns the
    query expression (e.g. comments' count of published comments).

    Called by other apps when they are ready, so that news, which they read,
    does not import them; registering a name again replaces it.
    """
    _card_annotations[name] = expression


def card_annotation_names() -> tuple[str, ...]:
    """The names other apps annotate every card with."""
    return tuple(_card_annotations)


def card_queryset():
    """Live articles, newest first, with what a card shows fetched alongside
    (and what other apps registered with ``register_card_annotation``)."""
    return (
        live_articles()
        .annotate(**{name: make() for name, make in _card_annotations.items()})
        .select_related("featured_image")
        .prefetch_related("featured_image__renditions")
        .order_by("-first_published_at", "-pk")
    )


def sections_by_path() -> dict[str, SectionPage]:
    """Every live section keyed by its tree path (cached until the tree changes)."""
    return _cached(
        "sections",
        lambda: {s.path: s for s in SectionPage.objects.live().order_by("path")},
    )


def section_of(page: Page) -> SectionPage | None:
    return sections_by_path().get(page.path[:-STEPLEN])


def top_section_of(page: Page, home: Page) -> SectionPage | None:
    return sections_by_path().get(page.path[: home.depth * STEPLEN + STEPLEN])


def card_rows(articles) -> list:
    """``articles`` (a ``card_queryset``) as ``cards.Card``: the values their
    cards show, read without building a page; evaluates the queryset."""
    from .cards import COLUMNS, IMAGE_COLUMNS, Card

    sections = sections_by_path()
    rows = (
        articles.select_related(None)
        .prefetch_related(None)
        .values(*COLUMNS, *_card_annotations, **IMAGE_COLUMNS)
    )
    return [Card(row, sections.get(row["path"][:-STEPLEN])) for row in rows]


def site_root_paths() -> tuple:
    """Wagtail's site root paths, which decide every page's address (read
    once per tree version; a site's change changes the version)."""
    from wagtail.models import Site

    return _cached("site-root-paths", lambda: tuple(Site.get_site_root_paths()))


def with_card_data(articles) -> list[ArticlePage]:
    """Attach each article's section for its label; evaluates the queryset."""
    articles = list(articles)
    sections = sections_by_path()
    for article in articles:
        article.section = sections.get(article.path[:-STEPLEN])
    return articles


def feed_articles(articles, *, limit: int) -> list[ArticlePage]:
    """The first ``limit`` of ``articles`` (a ``card_queryset``) with what a feed
    item shows: section, bylines in order (``feed_authors``), ``feed_tags``."""
    from django.db.models import Prefetch

    from .models import ArticleAuthor

    articles = with_card_data(
        articles.prefetch_related(
            Prefetch(
                "bylines",
                queryset=ArticleAuthor.objects.select_related("author").order_by(
                    "sort_order"
                ),
            ),
            "tags",
        )[:limit]
    )
    for article in articles:
        article.feed_authors = [byline.author for byline in article.bylines.all()]
        # By name: the same order on every database.
        article.feed_tags = sorted(article.tags.all(), key=lambda tag: tag.name)
    return articles


def register_story_type(model) -> None:
    """Carry ``model``'s live public pages as stories beside the articles: in
    the site's and sections' feeds, the news sitemap and search.

    ``model`` is a page type with ``title``, ``standfirst``, ``body`` (an
    article body) and ``featured_image``; a ``story_text()`` method gives
    search the words it holds beyond its body (a live story's entries).
    """
    if model not in _story_types:
        _story_types.append(model)


def story_types() -> tuple:
    """The page types registered with ``register_story_type``."""
    return tuple(_story_types)


def other_stories(*, under: str = "", pks=None, since=None, limit=None) -> list:
    """Live public pages of the registered story types, newest first, with
    what a feed item shows (``section``, no ``feed_authors`` or ``feed_tags``).

    ``under``: a tree path they sit below; ``pks``: only these ids; ``since``:
    first published then or later; ``limit``: at most this many.
    """
    found = []
    for model in _story_types:
        pages = model.objects.live().filter(
            first_published_at__isnull=False, path__startswith=under
        )
        if view_restrictions_exist():
            pages = pages.public()
        if pks is not None:
            pages = pages.filter(pk__in=pks)
        if since is not None:
            pages = pages.filter(first_published_at__gte=since)
        pages = pages.order_by("-first_published_at", "-pk")
        found += with_card_data(pages[:limit] if limit else pages)
    found.sort(key=lambda page: page.first_published_at, reverse=True)
    for page in found:
        page.feed_authors, page.feed_tags = [], []
    return found[:limit] if limit else found


def news_sitemap_articles(home: Page | None, *, since):
    """Live articles of ``home``'s site first published at or after ``since``,
    newest first, leaving out those an editor excluded from the news sitemap,
    directly or through their section or a section above it."""
    from django.db.models import Q

    articles = live_articles().filter(
        first_published_at__gte=since, exclude_from_news_sitemap=False
    )
    if home is not None:
        articles = articles.filter(path__startswith=home.path)
    excluded = Q()
    for path in news_sitemap_excluded_paths():
        excluded |= Q(path__startswith=path)
    if excluded:
        articles = articles.exclude(excluded)
    return articles.order_by("-first_published_at", "-pk")


def news_sitemap_excluded_paths() -> tuple[str, ...]:
    """The tree paths of the sections an editor excluded from the news sitemap:
    every page below one is left out of it."""
    return tuple(
        section.path
        for section in sections_by_path().values()
        if section.exclude_from_news_sitemap
    )


def news_sitemap_stories(home: Page | None, *, since, limit: int) -> list:
    """The registered story types' pages (live stories) for the news sitemap,
    as ``news_sitemap_articles`` chooses articles: of ``home``'s site, first
    published at or after ``since``, none below an excluded section; newest
    first, at most ``limit``."""
    excluded = news_sitemap_excluded_paths()
    stories = other_stories(under=home.path if home is not None else "", since=since)
    return [page for page in stories if not page.path.startswith(excluded)][:limit]


def page_number(request) -> int:
    """The requested listing page as a positive integer (1 for anything else)."""
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        return 1


def paginated_cards(queryset, number: int, per_page: int | None = None) -> dict:
    """One page of article cards with its paginator, for listing templates."""
    from django.conf import settings
    from django.core.paginator import Paginator

    from .cards import CardList

    paginator = Paginator(queryset, per_page or settings.AKHBAR_ARTICLES_PER_PAGE)
    page_obj = paginator.get_page(number)
    return {"page_obj": page_obj, "articles": CardList(card_rows(page_obj.object_list))}


def subsections(section: SectionPage) -> list[SectionPage]:
    return [
        s
        for path, s in sections_by_path().items()
        if path.startswith(section.path) and s.depth == section.depth + 1
    ]


def top_sections(home: Page) -> list[SectionPage]:
    return [
        s
        for path, s in sections_by_path().items()
        if path.startswith(home.path) and s.depth == home.depth + 1
    ]


def menu_sections(home: Page) -> list[SectionPage]:
    """The top sections of the site's navigation, in the editors' tree order:
    those shown in menus that hold at least one live article (an empty imported
    category never appears)."""
    sections = [s for s in top_sections(home) if s.show_in_menus]
    if not sections:
        return []
    prefix_length = (home.depth + 1) * STEPLEN
    filled = set(
        live_articles()
        .filter(path__startswith=home.path)
        .annotate(top_path=Substr("path", 1, prefix_length))
        .values_list("top_path", flat=True)
        .distinct()
    )
    return [s for s in sections if s.path in filled]


_NOTHING = "-"


def _live_page_cached(kind: str, url_path: str, load):
    """``load()`` cached per process and tree version (None is cached too).

    Pages change only when the tree version does, so each process keeps a copy
    per version; each request gets its own unpickled instance, so nothing one
    request sets on a page leaks into another.
    """
    key = versions.key(
        "news",
        kind,
        news_generation(),
        hashlib.md5(url_path.encode(), usedforsecurity=False).hexdigest(),
    )
    fragments = caches["fragments"]
    page = fragments.get(key)
    metrics.cache_lookup("page", hit=page is not None)
    if page is None:
        page = load()
        fragments.set(key, _NOTHING if page is None else page, CACHE_SECONDS)
    return None if isinstance(page, str) else page


def article_by_url_path(url_path: str, *, slug: str) -> ArticlePage | None:
    """The live article at ``url_path`` (cached per process and tree version).

    No images fetched here: the article's rendered parts are usually cached.
    """
    return _live_page_cached(
        "article",
        url_path,
        lambda: ArticlePage.objects.live().filter(slug=slug, url_path=url_path).first(),
    )


def page_by_url_path(url_path: str, *, slug: str) -> Page | None:
    """The live page of any type at ``url_path``, specific (cached like articles)."""

    def load():
        page = Page.objects.live().filter(slug=slug, url_path=url_path).first()
        return page.specific if page is not None else None

    return _live_page_cached("page", url_path, load)


def article_bylines(article: ArticlePage) -> list:
    """``article``'s authors in order, read once per page object: the page's
    header and its metadata both show them, and each request has its own
    page object (``_live_page_cached``)."""
    kept = article.__dict__.get("_akhbar_bylines")
    if kept is None:
        kept = article.__dict__["_akhbar_bylines"] = [
            b.author
            for b in article.bylines.select_related("author").order_by("sort_order")
        ]
    return list(kept)


def register_related_provider(provider: Callable) -> None:
    """Let ``provider(article, limit)`` choose every article's related articles.

    Called by the app that ranks them when it is ready, so that news, which it
    reads, does not import it; registering again replaces the provider.
    """
    _related_provider[:] = [provider]


def register_entity_links_provider(provider: Callable) -> None:
    """Let ``provider(article)`` list the entities an article page links to.

    Each item has a ``name`` and a ``url``. Called by the app that serves the
    entity pages, so that news does not import it; registering again replaces
    the provider.
    """
    _entity_links_provider[:] = [provider]


def entity_links(article: ArticlePage) -> list:
    """The people, places and organisations central to ``article``, each with
    the URL of its page; none when no app provides them."""
    if _entity_links_provider:
        return _entity_links_provider[0](article)
    return []


def related_articles(article: ArticlePage, *, limit: int = 4) -> list[ArticlePage]:
    """Articles a reader of ``article`` may want next, as cards.

    The single entry point for "related articles": the registered provider's
    choice, else ``newest_in_section``.
    """
    if _related_provider:
        return _related_provider[0](article, limit)
    return newest_in_section(article, limit=limit)


def newest_in_section(article: ArticlePage, *, limit: int = 4) -> list[ArticlePage]:
    """The newest live articles of ``article``'s section, without itself."""
    parent_path = article.path[:-STEPLEN]
    return with_card_data(
        card_queryset()
        .filter(path__startswith=parent_path)
        .exclude(pk=article.pk)[:limit]
    )


def section_articles(section: SectionPage):
    return card_queryset().filter(path__startswith=section.path)


def author_articles(author):
    return card_queryset().filter(bylines__author=author)


def tag_articles(home: Page, tag):
    return card_queryset().filter(path__startswith=home.path, tags=tag)


def archive_articles(home: Page, *, year: int, month: int | None = None):
    articles = card_queryset().filter(
        path__startswith=home.path, first_published_at__year=year
    )
    if month:
        articles = articles.filter(first_published_at__month=month)
    return articles


def archive_months(home: Page) -> list:
    return _cached(
        "archive-months:%s" % home.pk,
        lambda: list(
            live_articles()
            .filter(path__startswith=home.path)
            .datetimes("first_published_at", "month", order="DESC")
        ),
    )


def breaking_news(home: Page | None = None, *, now=None) -> list[ArticlePage]:
    """Live breaking stories whose expiry has not passed, newest first."""
    now = now or timezone.now()
    candidates = _cached(
        "breaking",
        lambda: list(
            live_articles()
            .filter(is_breaking=True)
            .order_by("-first_published_at")
            .only("id", "title", "url_path", "path", "breaking_until", "is_breaking")[
                :10
            ]
        ),
    )
    return [
        a
        for a in candidates
        if a.breaking_is_active(now) and (home is None or a.path.startswith(home.path))
    ]


def lead_story(home: Page):
    """The newest article of ``home`` marked as lead, else its newest article,
    as a ``cards.Card``."""
    articles = card_queryset().filter(path__startswith=home.path)
    lead = card_rows(articles.filter(is_lead=True)[:1]) or card_rows(articles[:1])
    return lead[0] if lead else None


def home_curation(home: HomePage) -> list[tuple[int, int]]:
    """(section id, article id) of the Editors' featured stories, in their order.

    Child rows of a page change only when it is published, which invalidates this.
    """
    from .models.home import HomeFeaturedStory

    return _cached(
        f"home-featured:{home.pk}",
        lambda: list(
            HomeFeaturedStory.objects.filter(page=home)
            .order_by("sort_order", "pk")
            .values_list("section_id", "article_id")
        ),
    )


def home_page_blocks(home: HomePage, *, latest: int = 8, per_section: int = 4) -> dict:
    """Everything the home page lists, as ``cards.Card`` in ``cards.CardList``,
    in a fixed, small number of queries.

    The Editors' lead story and featured stories come first; the newest articles
    fill the rest. A curated article that is no longer live is skipped.
    """
    from .cards import CardList

    featured_rows = home_curation(home)
    curated_ids = {article_id for _section_id, article_id in featured_rows}
    if home.lead_story_id:
        curated_ids.add(home.lead_story_id)
    curated = {}
    if curated_ids:
        curated = {
            card.pk: card
            for card in card_rows(
                card_queryset().filter(path__startswith=home.path, pk__in=curated_ids)
            )
        }
    lead = curated.get(home.lead_story_id) or lead_story(home)
    featured: dict[int, list] = {}
    for section_id, article_id in featured_rows:
        if article_id in curated:
            featured.setdefault(section_id, []).append(curated[article_id])

    exclude = [lead.pk] if lead else []
    latest_articles = card_rows(
        card_queryset()
        .filter(path__startswith=home.path)
        .exclude(pk__in=exclude)[:latest]
    )
    prefix_length = home.depth * STEPLEN + STEPLEN
    # Rank deep enough to fill each block after its featured stories are removed.
    depth = per_section + max((len(items) for items in featured.values()), default=0)
    ranked = (
        card_queryset()
        .filter(path__startswith=home.path)
        .annotate(
            top_path=Substr("path", 1, prefix_length),
            rank=Window(
                RowNumber(),
                partition_by=[F("top_path")],
                order_by=[F("first_published_at").desc(), F("pk").desc()],
            ),
        )
        .filter(rank__lte=depth)
    )
    by_section: dict[str, list] = {}
    for card in card_rows(ranked):
        by_section.setdefault(card.path[:prefix_length], []).append(card)
    section_blocks = []
    for section in top_sections(home):
        chosen = featured.get(section.pk, [])
        chosen_ids = {card.pk for card in chosen}
        newest = [c for c in by_section.get(section.path, []) if c.pk not in chosen_ids]
        articles = chosen + newest[: max(per_section - len(chosen), 0)]
        if articles:
            section_blocks.append({"section": section, "articles": CardList(articles)})
    latest_articles = CardList(latest_articles)
    CardList.shown_together(
        [latest_articles, *(block["articles"] for block in section_blocks)]
    )
    return {
        "lead": CardList([lead])[0] if lead is not None else None,
        "latest": latest_articles,
        "section_blocks": section_blocks,
    }


def site_for_host(hostname: str, port: int):
    """The Wagtail site serving ``hostname:port``, its root page already specific."""
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    def find():
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return (None,)
        site.root_page = site.root_page.specific
        return (site,)

    return _cached("site:%s:%s" % (hostname, port), find)[0]


def site_home(request) -> Page | None:
    """The root page of the request's site (cached by CachedSiteMiddleware)."""
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    return site.root_page if site is not None else None
