"""The only code that creates or changes comments.

The reader form, the moderation queue and the importers all call these
functions, so cleaning, anti-spam checks and moderation rules apply the same
way to every comment whatever its source.
"""

import datetime
import ipaddress
from collections.abc import Collection

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from akhbar.core import versions
from akhbar.core.bulk import insert_rows
from akhbar.news import frontcache

from . import moderation, notifications, selectors, spam
from .errors import (
    CommentInvalid,
    CommentRateLimited,
    CommentsClosed,
    DuplicateComment,
)
from .models import Comment
from .rendering import safe_http_url
from .signals import comment_approved
from .text import clean_body, clean_email, clean_name

NAME_MAX = Comment._meta.get_field("author_name").max_length
WEBSITE_MAX = Comment._meta.get_field("website").max_length
USER_AGENT_MAX = Comment._meta.get_field("user_agent").max_length
PURGE_KEY = versions.key("comments", "client-data-purged")


def _comments_changed(article_id: int) -> None:
    """Retire the article's cached comment threads, now and again on commit, and
    its page in the front cache once committed."""
    selectors.article_comments_version(article_id).bump()
    frontcache.article_view_changed(article_id)


def _clean_ip(value) -> str | None:
    try:
        return str(ipaddress.ip_address(str(value).strip())) if value else None
    except ValueError:
        return None


def _reply_parent(parent: Comment | None) -> Comment | None:
    # Replies deeper than AKHBAR_COMMENTS_MAX_DEPTH join the deepest level
    # instead of nesting further, as in WordPress.
    while parent is not None and parent.depth >= settings.AKHBAR_COMMENTS_MAX_DEPTH:
        parent = parent.parent
    return parent


def _comment_new(
    *,
    article,
    author_name: str,
    author_email: str,
    body: str,
    parent: Comment | None,
    website: str,
    ip_address: str | None,
    user_agent: str,
    status: str | None,
    created_at: datetime.datetime | None,
    check_spam: bool,
) -> tuple[Comment, str]:
    """The unsaved comment ``comment_create`` stores, and why it was held."""
    name = clean_name(author_name)[:NAME_MAX].strip()
    email = clean_email(author_email)
    text = clean_body(body)
    url = safe_http_url(clean_name(website))
    url = url if len(url) <= WEBSITE_MAX else ""
    ip_address = _clean_ip(ip_address)
    user_agent = clean_name(user_agent)[:USER_AGENT_MAX]

    if check_spam:
        reason = selectors.comments_closed_reason(article)
        if reason:
            raise CommentsClosed()
    if not name:
        raise CommentInvalid(_("الاسم مطلوب."), code="name")
    if not text:
        raise CommentInvalid(_("نص التعليق مطلوب."), code="body")
    try:
        validate_email(email)
    except ValidationError:
        if check_spam:
            raise CommentInvalid(
                _("أدخل عنوان بريد إلكتروني صالحاً."), code="email"
            ) from None
        email = ""
    if check_spam and len(text) > settings.AKHBAR_COMMENTS_MAX_LENGTH:
        raise CommentInvalid(_("التعليق أطول من المسموح."), code="body")
    if parent is not None:
        if parent.article_id != article.pk:
            raise CommentInvalid(_("لا يمكن الرد على هذا التعليق."), code="parent")
        if check_spam and parent.status != Comment.Status.APPROVED:
            raise CommentInvalid(_("لا يمكن الرد على هذا التعليق."), code="parent")
        parent = _reply_parent(parent)
    if status is not None and status not in Comment.Status.values:
        raise CommentInvalid("Unknown comment status %r." % status, code="status")

    if check_spam:
        if not spam.within_rate_limits(ip_address=ip_address, author_email=email):
            raise CommentRateLimited()
        if selectors.is_duplicate(
            article=article, body=text, author_email=email, ip_address=ip_address
        ):
            raise DuplicateComment()

    if status is None:
        verdict = moderation.decide(
            author_name=name,
            author_email=email,
            body=text,
            website=url,
            ip_address=ip_address,
        )
        status, reason = verdict.status, verdict.reason
    else:
        reason = ""

    comment = Comment(
        article=article,
        parent=parent,
        depth=parent.depth + 1 if parent is not None else 1,
        author_name=name,
        author_email=email,
        website=url,
        body=text,
        status=status,
        held_reason=reason[:200],
        created_at=created_at or timezone.now(),
        ip_address=ip_address,
        user_agent=user_agent,
    )
    return comment, reason


def comment_create(
    *,
    article,
    author_name: str,
    author_email: str,
    body: str,
    parent: Comment | None = None,
    website: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
    status: str | None = None,
    created_at: datetime.datetime | None = None,
    check_spam: bool = True,
) -> Comment:
    """Store a new comment on ``article`` and return it.

    Text is cleaned and kept as plain text; ``website`` is kept only when it is
    an http(s) address. The status comes from the moderation rules
    (``moderation.decide``), and editors are e-mailed about held comments.

    For importers:

    - ``status``: store with this status (a ``Comment.Status`` value) and skip
      the moderation rules and the e-mail to editors.
    - ``created_at``: the original time of the comment (default: now).
    - ``check_spam=False``: skip what guards the live form: closed articles,
      rate limits, duplicate detection, the length limit and the requirement of
      a valid e-mail address (an invalid one is stored empty), and do not e-mail
      editors. The honeypot and fill-time checks live in the form and do not
      apply to service calls at all.

    Raises ``CommentInvalid`` (empty name or text, bad e-mail, bad parent),
    ``CommentsClosed``, ``CommentRateLimited`` or ``DuplicateComment``.
    """
    comment, reason = _comment_new(
        article=article,
        author_name=author_name,
        author_email=author_email,
        body=body,
        parent=parent,
        website=website,
        ip_address=ip_address,
        user_agent=user_agent,
        status=status,
        created_at=created_at,
        check_spam=check_spam,
    )
    comment.save()
    _comments_changed(comment.article_id)
    if status is None and comment.status == Comment.Status.APPROVED:
        comment_approved.send(sender=Comment, comment=comment, by=None)
    if reason and check_spam and comment.status == Comment.Status.PENDING:
        comment_id = comment.pk
        transaction.on_commit(
            lambda: notifications.notify_moderators(comment_id=comment_id),
            robust=True,
        )
    _forget_client_data_when_due()
    return comment


def comment_build(
    *,
    article,
    author_name: str,
    author_email: str,
    body: str,
    status: str,
    parent: Comment | None = None,
    website: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
    created_at: datetime.datetime | None = None,
) -> Comment:
    """An imported comment, cleaned and checked but not saved yet.

    The same comment ``comment_create(..., status=status, check_spam=False)``
    would store; ``comments_bulk_create`` stores many at once. ``parent`` may be
    a comment built the same way and not saved yet. Raises ``CommentInvalid``.
    """
    comment, _reason = _comment_new(
        article=article,
        author_name=author_name,
        author_email=author_email,
        body=body,
        parent=parent,
        website=website,
        ip_address=ip_address,
        user_agent=user_agent,
        status=status,
        created_at=created_at,
        check_spam=False,
    )
    return comment


def comments_bulk_create(
    *, comments: list[Comment], unseen_articles: Collection[int] = ()
) -> list[Comment]:
    """Store comments made by ``comment_build`` in a few queries; return them.

    Shallower comments are inserted first, so that every reply finds its
    parent's id, whether the parent was saved before or is in ``comments``.
    ``unseen_articles`` are ids of articles created in this transaction: no
    reader can have cached their comment threads, which are not retired.
    """
    by_depth: dict[int, list[Comment]] = {}
    for comment in comments:
        by_depth.setdefault(comment.depth, []).append(comment)
    for depth in sorted(by_depth):
        # Each reply's parent_id is read from its (now saved) parent.
        insert_rows(Comment, by_depth[depth])
    for article_id in {comment.article_id for comment in comments}:
        if article_id not in unseen_articles:
            _comments_changed(article_id)
    if comments:
        _forget_client_data_when_due()
    return comments


def _set_status(comment: Comment, status: str, by) -> Comment:
    if comment.status == status:
        return comment
    hidden = (Comment.Status.SPAM, Comment.Status.TRASH)
    if status in hidden and comment.status not in hidden:
        comment.previous_status = comment.status
    elif status not in hidden:
        comment.previous_status = ""
    comment.status = status
    comment.moderated_at = timezone.now()
    comment.moderated_by = by if getattr(by, "is_authenticated", False) else None
    comment.save(
        update_fields=["status", "previous_status", "moderated_at", "moderated_by"]
    )
    _comments_changed(comment.article_id)
    if status == Comment.Status.APPROVED:
        comment_approved.send(sender=Comment, comment=comment, by=by)
    return comment


def comment_approve(*, comment: Comment, by) -> Comment:
    """Publish ``comment``; its author's next comments skip the queue."""
    return _set_status(comment, Comment.Status.APPROVED, by)


def comment_spam(*, comment: Comment, by) -> Comment:
    """Mark ``comment`` as spam: hidden, and kept apart from the queue."""
    return _set_status(comment, Comment.Status.SPAM, by)


def comment_trash(*, comment: Comment, by) -> Comment:
    """Move ``comment`` to the trash: hidden, and restorable."""
    return _set_status(comment, Comment.Status.TRASH, by)


def comment_restore(*, comment: Comment, by) -> Comment:
    """Undo spam or trash: back to the status it had, or to the queue."""
    hidden = (Comment.Status.SPAM, Comment.Status.TRASH)
    if comment.status not in hidden:
        return comment
    previous = comment.previous_status
    if previous not in (Comment.Status.APPROVED, Comment.Status.PENDING):
        previous = Comment.Status.PENDING
    return _set_status(comment, previous, by)


ACTIONS = {
    "approve": comment_approve,
    "spam": comment_spam,
    "trash": comment_trash,
    "restore": comment_restore,
}


def comment_moderate_many(*, comments, action: str, by) -> int:
    """Apply one moderation ``action`` (a key of ``ACTIONS``) to each comment."""
    change = ACTIONS[action]
    changed = 0
    with transaction.atomic():
        for comment in comments:
            before = comment.status
            if change(comment=comment, by=by).status != before:
                changed += 1
    return changed


def comment_forget_client_data(*, now: datetime.datetime | None = None) -> int:
    """Clear the IP address and browser of comments older than the retention.

    ``AKHBAR_COMMENTS_IP_RETENTION_DAYS`` (0 keeps them). Returns how many
    comments were cleared.
    """
    days = settings.AKHBAR_COMMENTS_IP_RETENTION_DAYS
    if not days:
        return 0
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return (
        Comment.objects.filter(created_at__lt=cutoff)
        .exclude(ip_address__isnull=True, user_agent="")
        .update(ip_address=None, user_agent="")
    )


def _forget_client_data_when_due() -> None:
    # At most once a day, so the retention holds without a scheduler; the
    # ``purge_comment_data`` command does the same for sites that run cron.
    if cache.add(PURGE_KEY, 1, timeout=24 * 3600):
        comment_forget_client_data()
