"""Why a comment was refused, in words a reader can act on.

Each error is a ``ValidationError`` so a form can show it as it is, and carries
the HTTP status the comment view answers with.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class CommentRejected(ValidationError):
    """Base class: the comment was not stored."""

    status_code = 400
    default_message = _("تعذّر قبول التعليق.")
    default_code = "rejected"

    def __init__(self, message=None, code=None):
        super().__init__(
            message or self.default_message, code=code or self.default_code
        )


class CommentInvalid(CommentRejected):
    default_message = _("بيانات التعليق غير صالحة.")
    default_code = "invalid"


class CommentsClosed(CommentRejected):
    status_code = 403
    default_message = _("التعليقات مغلقة على هذا المقال.")
    default_code = "closed"


class CommentRateLimited(CommentRejected):
    status_code = 429
    default_message = _("أرسلت تعليقات كثيرة في وقت قصير. حاول مرة أخرى بعد قليل.")
    default_code = "rate_limited"


class DuplicateComment(CommentRejected):
    status_code = 409
    default_message = _("يبدو أنك أرسلت هذا التعليق من قبل.")
    default_code = "duplicate"
