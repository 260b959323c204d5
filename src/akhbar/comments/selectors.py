"""Reads of comments.

Public reads load only the public columns: the commenter's e-mail, IP address and
browser are never fetched for a reader page, so no template can leak them.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from akhbar.core import versions

from .models import Comment

PUBLIC_FIELDS = (
    "id",
    "article_id",
    "parent_id",
    "depth",
    "author_name",
    "website",
    "body",
    "status",
    "created_at",
)
MODERATE_PERMISSION = "akhbar_comments.moderate_comment"


def article_comments_version(article_id: int) -> versions.Version:
    """The version of an article's comments: bumped when one is added or
    moderated (``akhbar.comments.services``); its rendered threads are cached
    under it."""
    return versions.Version("comments", per=article_id)


def comments_version(article_id: int) -> int:
    """A number that changes whenever a comment of the article is added or moderated."""
    return article_comments_version(article_id).get()


def public_comments():
    """Comments with only the columns a reader may see."""
    return Comment.objects.only(*PUBLIC_FIELDS)


def approved_count_subquery(article_ref: str = "pk"):
    """An expression counting an article's published comments, for annotations."""
    counts = (
        Comment.objects.filter(
            article_id=OuterRef(article_ref), status=Comment.Status.APPROVED
        )
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def comments_closed_reason(article, *, now=None) -> str:
    """Why new comments on ``article`` are refused: "" while they are open."""
    if not article.comments_open:
        return "closed"
    days = settings.AKHBAR_COMMENTS_CLOSE_AFTER_DAYS
    published = article.first_published_at
    if days and published is not None:
        now = now or timezone.now()
        if now - published > datetime.timedelta(days=days):
            return "expired"
    return ""


def comments_are_open(article, *, now=None) -> bool:
    return not comments_closed_reason(article, now=now)


@dataclass
class ThreadPage:
    """One page of an article's comment threads, ready to render."""

    total: int
    threads: list = field(default_factory=list)
    number: int = 1
    num_pages: int = 1
    by_id: dict = field(default_factory=dict)

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def page_range(self):
        return range(1, self.num_pages + 1)


def _structure(article):
    """Published comment ids in order, each with the id it displays under.

    A reply whose parent is no longer published shows as a thread of its own,
    so every published comment is shown and counted the same everywhere.
    """
    rows = list(
        Comment.objects.filter(article=article, status=Comment.Status.APPROVED)
        .order_by("created_at", "pk")
        .values_list("id", "parent_id")
    )
    published = {pk for pk, _ in rows}
    return [(pk, parent if parent in published else None) for pk, parent in rows]


def thread_page_number(article, comment_id: int) -> int:
    """The page of threads on which a published comment is shown."""
    structure = _structure(article)
    parents = dict(structure)
    roots = [pk for pk, parent in structure if parent is None]
    pk = comment_id
    while parents.get(pk) is not None:
        pk = parents[pk]
    if pk not in roots:
        return 1
    return roots.index(pk) // settings.AKHBAR_COMMENTS_PER_PAGE + 1


def article_thread_page(article, *, page_number=1) -> ThreadPage:
    """Published comments of ``article`` as threads, one page of threads at a time.

    Two queries: the ids and parents of every published comment (to count and
    to paginate threads), then the public columns of the comments on this page.
    """
    structure = _structure(article)
    total = len(structure)
    if not total:
        return ThreadPage(total=0)
    children: dict[int | None, list[int]] = {}
    for pk, parent in structure:
        children.setdefault(parent, []).append(pk)
    roots = children.get(None, [])
    per_page = settings.AKHBAR_COMMENTS_PER_PAGE
    num_pages = max(1, math.ceil(len(roots) / per_page))
    number = min(max(1, page_number), num_pages)
    page_roots = roots[(number - 1) * per_page : number * per_page]
    wanted, stack = [], list(page_roots)
    while stack:
        pk = stack.pop()
        wanted.append(pk)
        stack.extend(children.get(pk, []))
    by_id = {c.pk: c for c in public_comments().filter(pk__in=wanted)}
    max_depth = settings.AKHBAR_COMMENTS_MAX_DEPTH

    def build(pk, level):
        comment = by_id[pk]
        comment.level = min(level, max_depth)
        comment.children = [build(child, level + 1) for child in children.get(pk, [])]
        return comment

    return ThreadPage(
        total=total,
        threads=[build(pk, 1) for pk in page_roots],
        number=number,
        num_pages=num_pages,
        by_id=by_id,
    )


def posted_comment(article, comment_id: int) -> Comment | None:
    """The public columns of one comment of ``article``, whatever its status."""
    return public_comments().filter(article=article, pk=comment_id).first()


def comment_of_article(article, comment_id: int) -> Comment | None:
    """A comment of ``article`` by id, for replying to it; None if elsewhere."""
    return Comment.objects.filter(article=article, pk=comment_id).first()


def commentable_article(article_id: int):
    """The live, public article with this id, or None."""
    from akhbar.news.selectors import live_articles

    return live_articles().filter(pk=article_id).first()


def commenter_has_approved_comment(*, author_name: str, author_email: str) -> bool:
    """Whether this name and e-mail together have a published comment already.

    Both must match, as in WordPress, so knowing a trusted commenter's address
    is not enough to skip moderation under another name.
    """
    if not author_email:
        return False
    return Comment.objects.filter(
        author_email=author_email,
        author_name=author_name,
        status=Comment.Status.APPROVED,
    ).exists()


def is_duplicate(*, article, body: str, author_email: str, ip_address) -> bool:
    """Whether the same text was already sent to this article by this commenter."""
    same_sender = Q(author_email=author_email)
    if ip_address:
        same_sender |= Q(ip_address=ip_address)
    return (
        Comment.objects.filter(article=article, body=body)
        .filter(same_sender)
        .exclude(status=Comment.Status.TRASH)
        .exists()
    )


def pending_count() -> int:
    return Comment.objects.filter(status=Comment.Status.PENDING).count()


def status_counts() -> dict[str, int]:
    counts = dict.fromkeys(Comment.Status.values, 0)
    rows = Comment.objects.order_by().values_list("status").annotate(n=Count("pk"))
    for status, n in rows:
        counts[status] = n
    return counts


def moderation_queue(*, status: str, query: str = "", article_id=None):
    """Comments for the admin queue, newest first, with their article."""
    comments = (
        Comment.objects.filter(status=status)
        .select_related("article", "parent", "moderated_by")
        .order_by("-created_at", "-pk")
    )
    if article_id:
        comments = comments.filter(article_id=article_id)
    if query:
        comments = comments.filter(
            Q(author_name__icontains=query)
            | Q(author_email__icontains=query)
            | Q(body__icontains=query)
            | Q(ip_address__startswith=query)
        )
    return comments


def moderators():
    """Active users who may moderate comments and have an e-mail address.

    Users given the permission directly or through a group; superusers only when
    nobody else has it, so a newsroom's editors are not copied to the owner.
    """
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    app_label, codename = MODERATE_PERMISSION.split(".")
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    granted = users.none()
    if permission is not None:
        granted = users.filter(
            Q(user_permissions=permission) | Q(groups__permissions=permission)
        ).distinct()
    if granted.exists():
        return granted
    return users.filter(is_superuser=True)
