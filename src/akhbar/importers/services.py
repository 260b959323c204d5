"""The writes every source shares: upserts through the same code the editor uses.

Pages are created with ``parent.add_child()``, then ``save_revision()`` and
``publish()`` (or scheduled with ``go_live_at``), exactly as the Wagtail editor
does; comments go through ``akhbar.comments.services.comment_create``. A
WordPress import, thousands of articles at a time, hands its new articles and
comments to a ``fast.bulk.BulkWriter`` instead, which writes the same rows a
batch at a time (comments through ``comment_build`` and
``comments_bulk_create``). Each imported object is remembered in
``ImportRecord`` under its source's id, so a second run of the same import
updates in place instead of duplicating.

Each source's entry point lives beside its parser (``wordpress.service``,
``pages.service``, ``feeds.service``) and writes through the ``*_upsert``
functions here, as the demo site does; data flows one way: source, upserts,
news.
"""

import contextlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.redirects.signal_handlers import autocreate_redirects_on_page_move
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model
from wagtail.images.models import hash_filelike
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from akhbar.arabic import slugify
from akhbar.comments import services as comment_services
from akhbar.comments.models import Comment
from akhbar.core.bulk import insert_values
from akhbar.news.models import (
    ArticleAuthor,
    ArticlePage,
    ArticleTag,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    SectionPage,
    StandardPage,
)
from akhbar.news.routes import is_home, slug_is_reserved, unreserved_slug
from akhbar.newsroom.media import validate_image_file

from .drafts import ArticleDraft, PageDraft, Status
from .fast.indexing import prepared_search_content
from .models import ImportRecord
from .records import ImportBatch, record_object
from .report import CREATED, SKIPPED, UPDATED, ImportReport
from .xmlsafe import ImportRefused, Refusal

Kind = ImportRecord.Kind

TITLE_MAX = Page._meta.get_field("title").max_length
SLUG_MAX = Page._meta.get_field("slug").max_length
REDIRECT_PATH_MAX = Redirect._meta.get_field("old_path").max_length


# Pages -------------------------------------------------------------------------


def page_slug(
    parent: Page,
    wanted: str,
    *,
    fallback: str,
    batch: ImportBatch | None = None,
    report: ImportReport | None = None,
) -> str:
    """A slug free under ``parent``, made the way Akhbar's page types make them."""
    slug = slugify(wanted or "", max_bytes=settings.AKHBAR_SLUG_MAX_BYTES)
    slug = slug or slugify(fallback, max_bytes=settings.AKHBAR_SLUG_MAX_BYTES)
    return free_slug(
        parent, (slug or "page")[: SLUG_MAX - 8], batch=batch, report=report
    )


def free_slug(
    parent: Page,
    slug: str,
    *,
    batch: ImportBatch | None = None,
    report: ImportReport | None = None,
    page: Page | None = None,
) -> str:
    """``slug``, or a variant of it, free under ``parent`` (for ``page``, when it
    is already stored) and clear of the site's own routes (``news.routes``):
    under the home page ``media`` becomes ``media-2``, with a note in ``report``.
    """
    wanted = slug
    if is_home(parent):
        slug = unreserved_slug(slug)
    if batch is not None and page is None:
        slug = batch.free_slug(parent, slug)
    else:
        slug = find_available_slug(
            parent, slug, ignore_page_id=page.pk if page is not None else None
        )
    if slug != wanted and slug_is_reserved(wanted) and report is not None:
        report.note(
            _("المعرّف «%(slug)s» مسار من مسارات الموقع، فصار «%(new)s».")
            % {"slug": wanted, "new": slug}
        )
    return slug


def _save_with_status(
    page: Page, status: str, published_at, *, clean: bool, user=None
) -> None:
    """Save a revision of ``page`` (by ``user``, when a person wrote it) and
    publish, schedule or withdraw it, or leave it as it is."""
    # page.publish(revision) is what revision.publish() calls, without first
    # fetching the page back from the database.
    if status == Status.LIVE:
        page.go_live_at = None
        page.publish(page.save_revision(clean=clean, user=user))
    elif status == Status.SCHEDULED:
        # publish() schedules a future go_live_at, and publishes a past one.
        page.go_live_at = published_at
        page.publish(page.save_revision(clean=clean, user=user))
    else:
        page.save_revision(clean=clean, user=user)
        if page.live and status != Status.REVISION:
            page.unpublish()


def _new_page(parent: Page, page: Page, status: str, published_at, user=None) -> None:
    # Created not live; publish() then makes it live the way the editor's
    # "Publish" button does, with a live revision and the page_published signal.
    page.live = False
    if user is not None:
        page.owner = user
    if status in (Status.LIVE, Status.UNPUBLISHED) and published_at:
        page.first_published_at = published_at
    parent.add_child(instance=page)
    _save_with_status(page, status, published_at, clean=False, user=user)


def _update_page(page: Page, status: str, published_at, user=None) -> None:
    if (
        status in (Status.LIVE, Status.UNPUBLISHED)
        and published_at
        and page.first_published_at != published_at
    ):
        # Revisions do not carry first_published_at (Wagtail keeps the stored
        # one on publish), so a corrected date is written to the page itself.
        page.first_published_at = published_at
        page.save(update_fields=["first_published_at"], clean=False)
    _save_with_status(page, status, published_at, clean=True, user=user)


def _clear_slug(page: Page, parent: Page, *, report=None) -> None:
    """Rename ``page`` if its slug is taken under ``parent`` or is a route there."""
    free = free_slug(parent, page.slug, page=page, report=report)
    if free != page.slug:
        page.slug = free
        page.save(update_fields=["slug"], clean=False)


def _move(page: Page, parent: Page) -> Page:
    """Move ``page`` under ``parent``, renaming its slug if it is taken there."""
    page = page.specific
    _clear_slug(page, parent)
    page.move(parent, pos="last-child")
    return Page.objects.get(pk=page.pk).specific


def section_upsert(
    *,
    source: str,
    external_id,
    parent: Page,
    title: str,
    slug: str = "",
    description: str = "",
    live: bool = True,
    batch: ImportBatch | None = None,
    report: ImportReport | None = None,
) -> tuple[SectionPage, str]:
    """Create or update the section imported as ``external_id``.

    A section of the same slug already under ``parent`` (made by hand, or by
    another import) is taken over rather than duplicated. A slug that is one
    of the site's routes is renamed, with a note in ``report``.
    """
    batch = batch or ImportBatch(source)
    record = batch.record(Kind.SECTION, external_id)
    section = record_object(record, SectionPage)
    if section is not None and is_home(parent) and slug_is_reserved(section.slug):
        # Imported before such slugs were refused: made reachable now.
        _clear_slug(section, parent, report=report)
    title = (title or slug or "?")[:TITLE_MAX]
    checksum = ArticleDraft(title=title, standfirst=description).checksum(parent.pk)
    if section is not None and record.checksum == checksum:
        return section, SKIPPED
    status = Status.LIVE if live else Status.DRAFT
    existing = None
    if section is None and record is None and slug:
        wanted = slugify(slug, max_bytes=settings.AKHBAR_SLUG_MAX_BYTES)
        if is_home(parent):
            wanted = unreserved_slug(wanted)
        existing = SectionPage.objects.child_of(parent).filter(slug=wanted).first()
    if existing is not None:
        section, action = existing, SKIPPED
    elif section is None:
        section = SectionPage(
            title=title,
            slug=page_slug(parent, slug, fallback=title, batch=batch, report=report),
            description=description,
        )
        _new_page(parent, section, status, None)
        action = CREATED
    else:
        if section.get_parent().pk != parent.pk:
            section = _move(section, parent)
        section.title = title
        section.description = description
        _update_page(section, Status.LIVE if section.live else status, None)
        action = UPDATED
    batch.remember(
        record,
        kind=Kind.SECTION,
        external_id=external_id,
        obj=section,
        checksum=checksum,
    )
    return section, action


def author_index(home: Page) -> AuthorIndexPage:
    """The home page's author index, created (and published) when missing."""
    index = AuthorIndexPage.objects.child_of(home).first()
    if index is None:
        index = AuthorIndexPage(title="الكتّاب", slug="authors")
        index.slug = page_slug(home, "authors", fallback="authors")
        _new_page(home, index, Status.LIVE, None)
    return index


def _author_user(*, username: str, email: str, first_name: str, last_name: str):
    """The account an imported author maps to; created only when the export gives
    an e-mail address and the username is free. It has no usable password: the
    person sets one through password reset, and it has no staff rights."""
    User = get_user_model()
    if not email:
        return None
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None:
        return user if not AuthorPage.objects.filter(user=user).exists() else None
    username = (username or email.split("@")[0])[:150]
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return None  # e.g. a WordPress login with spaces: no account, profile only
    if User.objects.filter(username=username).exists():
        return None
    user = User(
        username=username,
        email=email,
        first_name=first_name[:150],
        last_name=last_name[:150],
    )
    user.set_unusable_password()
    user.save()
    return user


def author_upsert(
    *,
    source: str,
    external_id,
    home: Page,
    name: str,
    slug: str = "",
    email: str = "",
    username: str = "",
    first_name: str = "",
    last_name: str = "",
    bio: str = "",
    job_title: str = "",
    batch: ImportBatch | None = None,
) -> tuple[AuthorPage, str]:
    """Create or update an author profile, linked to a user where sensible."""
    batch = batch or ImportBatch(source)
    record = batch.record(Kind.AUTHOR, external_id)
    author = record_object(record, AuthorPage)
    name = (name or username or "?")[:TITLE_MAX]
    # The job title counts only when given: earlier imports' checksums hold.
    extra = [job_title] if job_title else []
    checksum = ArticleDraft(title=name, standfirst=bio).checksum(
        email, username, *extra
    )
    if author is not None and record.checksum == checksum:
        return author, SKIPPED
    if author is None:
        index = author_index(home)
        user = _author_user(
            username=username, email=email, first_name=first_name, last_name=last_name
        )
        author = AuthorPage(
            title=name,
            bio=bio,
            job_title=job_title[:120],
            user=user,
            slug=page_slug(index, slug or username, fallback=name, batch=batch),
        )
        _new_page(index, author, Status.LIVE, None)
        action = CREATED
    else:
        author.title = name
        author.bio = bio or author.bio
        author.job_title = job_title[:120] or author.job_title
        _update_page(author, Status.LIVE if author.live else Status.DRAFT, None)
        action = UPDATED
    batch.remember(
        record,
        kind=Kind.AUTHOR,
        external_id=external_id,
        obj=author,
        checksum=checksum,
    )
    return author, action


def tag_upsert(
    *,
    source: str,
    external_id,
    name: str,
    slug: str = "",
    batch: ImportBatch | None = None,
) -> tuple:
    """The taggit tag for ``name`` (found by slug or name, else created)."""
    batch = batch or ImportBatch(source)
    name = " ".join((name or slug).split())[:100]
    slug = (slug or "")[:100]
    record = batch.record(Kind.TAG, external_id)
    tag = record_object(record, Tag)
    if tag is not None:
        return tag, SKIPPED
    tag = (Tag.objects.filter(slug=slug).first() if slug else None) or (
        Tag.objects.filter(name__iexact=name).first()
    )
    action = SKIPPED
    if tag is None:
        if not slug or Tag.objects.filter(slug=slug).exists():
            slug = slugify(name, max_bytes=100) or None
        tag = Tag(name=name, slug=slug) if slug else Tag(name=name)
        tag.save()
        action = CREATED
    batch.remember(record, kind=Kind.TAG, external_id=external_id, obj=tag)
    return tag, action


def _apply_article(page: ArticlePage, draft: ArticleDraft) -> None:
    page.title = draft.title[:TITLE_MAX]
    page.standfirst = draft.standfirst
    page.body = draft.body
    page.featured_image_id = draft.featured_image_id
    page.featured_image_caption = draft.featured_image_caption[:255]
    page.is_lead = draft.is_lead
    page.comments_open = draft.comments_open
    page.search_description = draft.search_description
    if draft.featured_image_credit:
        page.featured_image_credit = draft.featured_image_credit[:255]
    if draft.is_breaking:
        page.is_breaking, page.breaking_until = True, draft.breaking_until
    if draft.search_content is not None:
        prepared_search_content(page, body=draft.search_content)
    page.bylines = [
        ArticleAuthor(author_id=author_id, sort_order=order)
        for order, author_id in enumerate(dict.fromkeys(draft.author_ids))
    ]
    page.tagged_items = [
        ArticleTag(tag_id=tag_id) for tag_id in dict.fromkeys(draft.tag_ids)
    ]


def _apply_password(page: Page, password: str) -> None:
    """WordPress's per-post password, as Wagtail's password view restriction."""
    restriction = PageViewRestriction.objects.filter(
        page=page, restriction_type=PageViewRestriction.PASSWORD
    ).first()
    if password and restriction is None:
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password=password
        )
    elif password and restriction.password != password:
        restriction.password = password
        restriction.save(update_fields=["password"])
    elif not password and restriction is not None:
        restriction.delete()


def article_upsert(
    *,
    source: str,
    external_id,
    section: SectionPage,
    draft: ArticleDraft,
    batch: ImportBatch | None = None,
    then: Callable[[ArticlePage, str], None] | None = None,
    data: dict | None = None,
    user=None,
) -> tuple[ArticlePage, str]:
    """Create or update the article imported as ``external_id``, in ``section``.

    ``user``: the person writing (the API's token holder), who owns a new
    article and authors its revisions, as in the editor.

    With a batch that has a ``writer`` (a bulk import), a new article is only
    queued: the page returned has no id yet. ``then(page, action)`` runs once
    the article is stored, whatever the action (at once for an update or a
    skip, when the writer flushes for a new article in bulk). ``data`` is kept
    in the import record (e.g. a feed item's link).
    """
    batch = batch or ImportBatch(source)
    record = batch.record(Kind.ARTICLE, external_id)
    page = record_object(record, ArticlePage)
    checksum = draft.checksum(section.pk)

    def stored(page: ArticlePage, action: str) -> None:
        if draft.password or action == UPDATED:
            _apply_password(page, draft.password)
        batch.remember(
            record,
            kind=Kind.ARTICLE,
            external_id=external_id,
            obj=page,
            checksum=checksum,
            data=data,
        )
        if then is not None:
            then(page, action)

    if page is not None and record.checksum == checksum:
        if then is not None:
            then(page, SKIPPED)
        return page, SKIPPED
    if page is None:
        page = ArticlePage(
            slug=page_slug(
                section, draft.slug, fallback=draft.title or "article", batch=batch
            )
        )
        _apply_article(page, draft)
        if batch.writer is not None:
            batch.writer.add_page(
                section,
                page,
                status=draft.status,
                published_at=draft.published_at,
                then=lambda page: stored(page, CREATED),
            )
            return page, CREATED
        _new_page(section, page, draft.status, draft.published_at, user=user)
        action = CREATED
    else:
        if page.get_parent().pk != section.pk:
            if batch.writer is not None:
                # The move picks a free slug and a path from the database.
                batch.writer.flush()
            page = _move(page, section)
        _apply_article(page, draft)
        _update_page(page, draft.status, draft.published_at, user=user)
        action = UPDATED
    stored(page, action)
    return page, action


def standard_page_upsert(
    *,
    source: str,
    external_id,
    parent: Page,
    draft: PageDraft,
    batch: ImportBatch | None = None,
    report: ImportReport | None = None,
) -> tuple[StandardPage, str]:
    """Create or update the plain page imported as ``external_id``; a slug that
    is one of the site's routes is renamed, with a note in ``report``."""
    batch = batch or ImportBatch(source)
    record = batch.record(Kind.PAGE, external_id)
    page = record_object(record, StandardPage)
    checksum = draft.checksum()
    if page is not None and record.checksum == checksum:
        return page, SKIPPED
    if page is None:
        page = StandardPage(
            title=draft.title[:TITLE_MAX],
            slug=page_slug(
                parent,
                draft.slug,
                fallback=draft.title or "page",
                batch=batch,
                report=report,
            ),
            body=draft.body,
            search_description=draft.search_description,
        )
        _new_page(parent, page, draft.status, draft.published_at)
        action = CREATED
    else:
        page.title = draft.title[:TITLE_MAX]
        page.body = draft.body
        page.search_description = draft.search_description
        _update_page(page, draft.status, draft.published_at)
        action = UPDATED
    batch.remember(
        record,
        kind=Kind.PAGE,
        external_id=external_id,
        obj=page,
        checksum=checksum,
    )
    return page, action


@contextlib.contextmanager
def _no_redirect_on_move():
    connected = post_page_move.disconnect(autocreate_redirects_on_page_move)
    try:
        yield
    finally:
        if connected:
            post_page_move.connect(autocreate_redirects_on_page_move)


def page_move(*, page: Page, parent: Page, keep_old_url: bool = True) -> Page:
    """Move an imported page under ``parent``.

    ``keep_old_url=False`` for a page created moments ago in the same import
    (its parent came later in the file): its first URL was never public, so
    Wagtail's automatic redirect from it would only be noise.
    """
    if page.get_parent().pk == parent.pk:
        return page
    if keep_old_url:
        return _move(page, parent)
    with _no_redirect_on_move():
        return _move(page, parent)


# Media -------------------------------------------------------------------------


def _image_problem(path: Path) -> str:
    """Why ``path`` cannot become a Wagtail image, or "" when it can: the
    newsroom's upload rules (``newsroom.media.validate_image_file``)."""
    try:
        validate_image_file(path)
    except ValidationError as error:
        return "؛ ".join(error.messages)
    return ""


def image_upsert(
    *,
    source: str,
    external_id,
    path: Path | None,
    title: str,
    alt: str = "",
    url: str = "",
    report: ImportReport | None = None,
    written: list | None = None,
    batch: ImportBatch | None = None,
) -> tuple[object | None, str]:
    """The Wagtail image imported as ``external_id``, created from ``path``.

    Without a usable file the image is kept as a reference (its URL, title and
    alt text in the import record) and None is returned; a later run with the
    file available creates it. ``written`` collects the stored file names, so a
    rolled-back import can remove them.
    """
    Image = get_image_model()
    batch = batch or ImportBatch(source)
    record = batch.record(Kind.MEDIA, external_id)
    image = record_object(record, Image)
    if image is not None:
        return image, SKIPPED
    reference = {"url": url, "title": title, "alt": alt}
    problem = _image_problem(path) if path is not None else ""
    if path is None or problem:
        if problem and report is not None:
            report.error(
                "الصورة %(name)s لم تُستورد: %(problem)s"
                % {"name": path.name, "problem": problem}
            )
        batch.remember(record, kind=Kind.MEDIA, external_id=external_id, data=reference)
        return None, SKIPPED
    with open(path, "rb") as handle:
        file_hash = hash_filelike(handle)
        image = Image.objects.filter(file_hash=file_hash).first()
        action = SKIPPED
        if image is None:
            handle.seek(0)
            image = Image(title=(title or path.stem)[:255], description=alt[:255])
            image.file = File(handle, name=path.name)
            image._set_image_file_metadata()
            image.save()
            if written is not None:
                written.append(image.file.name)
            action = CREATED
    batch.remember(
        record, kind=Kind.MEDIA, external_id=external_id, obj=image, data=reference
    )
    return image, action


# Comments ----------------------------------------------------------------------


def comment_upsert(
    *,
    source: str,
    external_id,
    article: ArticlePage,
    author_name: str,
    author_email: str,
    body: str,
    status: str,
    parent=None,
    website: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
    created_at=None,
    batch: ImportBatch | None = None,
) -> tuple[object | None, str]:
    """Store an imported comment through the comments service (once).

    A comment already imported is left as it is, except its moderation status,
    which follows the source through the comment moderation services. With a
    batch that has a ``writer``, a new comment is queued, not saved yet (its
    ``parent`` may be queued too).
    """
    batch = batch or ImportBatch(source)
    record = batch.record(Kind.COMMENT, external_id)
    comment = record_object(record, Comment)
    if comment is not None:
        change = {
            Comment.Status.APPROVED: comment_services.comment_approve,
            Comment.Status.SPAM: comment_services.comment_spam,
            Comment.Status.TRASH: comment_services.comment_trash,
        }.get(status)
        if comment.status != status and change is not None:
            change(comment=comment, by=None)
            return comment, UPDATED
        return comment, SKIPPED
    fields = {
        "article": article,
        "author_name": author_name,
        "author_email": author_email,
        "body": body,
        "parent": parent,
        "website": website,
        "ip_address": ip_address,
        "user_agent": user_agent,
        "status": status,
        "created_at": created_at,
    }
    if batch.writer is not None:
        comment = comment_services.comment_build(**fields)
        batch.writer.add_comment(
            comment,
            then=lambda comment: batch.remember(
                None, kind=Kind.COMMENT, external_id=external_id, obj=comment
            ),
        )
        return comment, CREATED
    comment = comment_services.comment_create(**fields, check_spam=False)
    batch.remember(record, kind=Kind.COMMENT, external_id=external_id, obj=comment)
    return comment, CREATED


# Redirects ---------------------------------------------------------------------


def _site_paths(site, page_ids: set[int]) -> dict[int, str]:
    """Each page's path on ``site``, normalised as Redirect stores old paths."""
    if site is None:
        return {}
    root = site.root_page.url_path
    ids = sorted(page_ids)
    paths = {}
    for start in range(0, len(ids), 500):
        rows = Page.objects.filter(
            pk__in=ids[start : start + 500], url_path__startswith=root
        ).values_list("pk", "url_path")
        for pk, url_path in rows:
            paths[pk] = Redirect.normalise_path("/" + url_path[len(root) :])
    return paths


def redirects_create(
    *,
    site,
    targets: dict[str, tuple[int, str]],
    report: ImportReport,
    normalised: bool = False,
) -> None:
    """Add permanent redirects from old paths to pages, in bulk.

    ``targets`` maps an old path (any form: encoded or not, with a query string)
    to ``(page_id, route_path)``. A path that already redirects somewhere is
    left alone, as is one longer than the Redirect model stores, and one that
    is the page's own new path (a page not live yet would redirect to itself).
    ``normalised``: the paths are already as ``Redirect.normalise_path`` makes
    them.
    """
    own = _site_paths(site, {page_id for page_id, route in targets.values()})
    wanted: dict[str, tuple[int, str]] = {}
    for old_path, target in targets.items():
        path = old_path if normalised else Redirect.normalise_path(old_path)
        if (
            len(path) > REDIRECT_PATH_MAX
            or path == "/"
            or (not target[1] and own.get(target[0]) == path)
        ):
            report.add("redirects", SKIPPED)
            continue
        wanted.setdefault(path, target)
    paths = list(wanted)
    existing = set()
    for start in range(0, len(paths), 500):
        chunk = paths[start : start + 500]
        existing.update(
            Redirect.objects.filter(site=site, old_path__in=chunk).values_list(
                "old_path", flat=True
            )
        )
    new = [
        {
            "old_path": path,
            "site_id": site.pk if site is not None else None,
            "is_permanent": True,
            "redirect_page_id": page_id,
            "redirect_page_route_path": route,
        }
        for path, (page_id, route) in wanted.items()
        if path not in existing
    ]
    insert_values(Redirect, new)
    report.add("redirects", CREATED, len(new))
    report.add("redirects", SKIPPED, len(wanted) - len(new))


# The site ----------------------------------------------------------------------


def home_page() -> HomePage:
    """The home page of the default site (where imported content goes)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    home = HomePage.objects.order_by("path").first()
    if home is None:
        raise ImportRefused(
            _("لا توجد صفحة رئيسية: شغّل ‎akhbar migrate‎ أولاً."),
            kind=Refusal.INCOMPLETE,
        )
    return home


def site_of(home: Page) -> Site | None:
    """The site whose root is ``home``, if any."""
    return Site.objects.filter(root_page=home).first()


FALLBACK_SECTION_TITLE = "غير مصنف"


def fallback_section(home: Page) -> SectionPage:
    """The section for content that names none ("غير مصنف")."""
    return fallback_section_ensure(home)[0]


def fallback_section_ensure(home: Page) -> tuple[SectionPage, bool]:
    """The fallback section, and whether it was created now."""
    section = SectionPage.objects.child_of(home).filter(slug="uncategorized").first()
    if section is not None:
        return section, False
    # Out of the navigation: it holds what nobody filed, not a beat.
    section = SectionPage(
        title=FALLBACK_SECTION_TITLE, slug="uncategorized", show_in_menus=False
    )
    section.slug = page_slug(home, "uncategorized", fallback="uncategorized")
    _new_page(home, section, Status.LIVE, None)
    return section, True
