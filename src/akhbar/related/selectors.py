"""Reads of related lists: the one entry point the site, the API and the
editor use."""

from akhbar.news import selectors as news

from .models import RelatedChoice, RelatedProfile
from .services import ARTICLE

# The fewest suggestions an article shows: topped up from its section's newest
# stories, then the site's, when the stored list runs short.
MINIMUM = 4


def related_for(page, k: int = MINIMUM) -> list:
    """Up to ``k`` live, public article cards related to ``page``, best first.

    The editor's pins come first, in their order; removed stories never show.
    Then the stored suggestions, one story per group of near copies and none
    of ``page``'s own copies, then the newest stories of its section and of the
    site to fill ``k``. Never ``page`` itself, never an unpublished or private
    article (every card comes from ``news.selectors.card_queryset``).
    """
    choices = list(
        RelatedChoice.objects.filter(article_id=page.pk).values_list(
            "target_id", "action"
        )
    )
    pinned = [t for t, action in choices if action == RelatedChoice.Action.PIN]
    removed = {t for t, action in choices if action == RelatedChoice.Action.REMOVE}
    removed.add(page.pk)
    profile = (
        RelatedProfile.objects.filter(kind=ARTICLE, object_id=str(page.pk))
        .only("object_id", "duplicate_of", "suggestions")
        .first()
    )
    suggested = (
        [int(object_id) for object_id, _ in (profile.suggestions or [])]
        if (profile)
        else []
    )
    wanted = [i for i in dict.fromkeys(pinned + suggested) if i not in removed]
    cards = {a.pk: a for a in news.card_queryset().filter(pk__in=wanted)}
    seen_groups = {profile.group if profile else str(page.pk)}
    groups = duplicate_groups(wanted)
    chosen = []
    for article_id in wanted:
        article = cards.get(article_id)
        if article is None:
            continue
        group = groups.get(article_id, str(article_id))
        if article_id not in pinned and group in seen_groups:
            continue
        seen_groups.add(group)
        chosen.append(article)
        if len(chosen) >= k:
            break
    if len(chosen) < k:
        chosen += _fill(page, k - len(chosen), chosen, removed, seen_groups)
    return news.with_card_data(chosen)


def duplicate_groups(article_ids) -> dict[int, str]:
    """Each article's wire-copy group: the id its copies share (its own when
    it copies nothing)."""
    rows = RelatedProfile.objects.filter(
        kind=ARTICLE, object_id__in=[str(i) for i in article_ids]
    ).values_list("object_id", "duplicate_of")
    return {int(object_id): group or object_id for object_id, group in rows}


def _fill(page, count, chosen, removed, seen_groups) -> list:
    skip = removed | {a.pk for a in chosen}
    extra = []
    for candidates in (
        news.newest_in_section(page, limit=count + len(skip) + 8),
        news.card_queryset().exclude(pk__in=skip)[: count + 8],
    ):
        candidates = [a for a in candidates if a.pk not in skip]
        groups = duplicate_groups([a.pk for a in candidates])
        for article in candidates:
            group = groups.get(article.pk, str(article.pk))
            if group in seen_groups:
                continue
            seen_groups.add(group)
            skip.add(article.pk)
            extra.append(article)
            if len(extra) >= count:
                return extra
    return extra


def duplicates_of(page) -> list[tuple[RelatedProfile, float]]:
    """Stored stories ``page``'s body nearly copies, with the similarity: what
    the editor is warned of. Its latest revision is read, so a draft counts."""
    from .services import find_duplicate_articles

    return find_duplicate_articles(page)


def duplicates_found(article_ids) -> dict[int, tuple[object, float]]:
    """For each of ``article_ids`` that nearly copies a live story: that story
    and the similarity. Live articles answer from their stored profile (their
    flag, set on publish and by rebuilds); others (drafts) compare their
    latest revision as the editor's warning does."""
    ids = [int(pk) for pk in article_ids]
    rows = RelatedProfile.objects.filter(
        kind=ARTICLE, object_id__in=[str(pk) for pk in ids]
    ).values_list("object_id", "duplicate_of", "duplicate_similarity")
    stored = {int(pk): (group, similarity) for pk, group, similarity in rows}
    originals = news.live_articles().in_bulk(
        [int(group) for group, _s in stored.values() if group.isdigit()]
    )
    found = {}
    for pk, (group, similarity) in stored.items():
        if group and group.isdigit() and int(group) in originals:
            found[pk] = (originals[int(group)], similarity or 0.0)
    from akhbar.news.models import ArticlePage

    for page in ArticlePage.objects.filter(pk__in=ids).exclude(pk__in=stored):
        matches = duplicates_of(page)
        if matches:
            found[page.pk] = matches[0]
    return found
