"""E-mail to the people who moderate comments when one is held for review."""

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.message import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from akhbar.core.urls import absolute_url

from . import selectors
from .models import Comment

logger = logging.getLogger(__name__)


def notify_moderators(*, comment_id: int) -> int:
    """E-mail every moderator about a held comment; returns messages sent.

    Plain-text mail only, so nothing a commenter typed can become markup in an
    editor's mail client. Switched off by ``AKHBAR_COMMENTS_NOTIFY_MODERATORS``.
    """
    if not settings.AKHBAR_COMMENTS_NOTIFY_MODERATORS:
        return 0
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PENDING:
        return 0
    recipients = list(selectors.moderators().values_list("email", flat=True))
    if not recipients:
        logger.warning("Comment %s is held but nobody can moderate it.", comment_id)
        return 0
    queue_url = absolute_url(reverse("akhbar_comments_admin:index"))
    context = {"comment": comment, "article": comment.article, "queue_url": queue_url}
    # Article titles are one line, but a header must never carry a line break.
    subject = " ".join(
        render_to_string("akhbar_comments/emails/held_subject.txt", context).split()
    )
    body = render_to_string("akhbar_comments/emails/held_body.txt", context)
    connection = get_connection()
    messages = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        for address in recipients
    ]
    return connection.send_messages(messages) or 0
