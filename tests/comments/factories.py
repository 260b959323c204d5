"""Comments for tests, written through the services as every comment is."""

import itertools

from akhbar.comments import services
from akhbar.comments.models import Comment

_counter = itertools.count(1)


def make_comment(article, *, status=Comment.Status.APPROVED, **fields) -> Comment:
    """A comment with a unique commenter, stored with ``status`` (import path)."""
    number = next(_counter)
    values = {
        "author_name": "قارئ رقم %d" % number,
        "author_email": "reader%d@example.org" % number,
        "body": "تعليق رقم %d على الخبر." % number,
    }
    values.update(fields)
    return services.comment_create(
        article=article, status=status, check_spam=False, **values
    )
