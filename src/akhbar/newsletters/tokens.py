"""Signed links in the mails: a subscriber's id, never the address."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "akhbar.newsletters.confirm"
UNSUBSCRIBE_SALT = "akhbar.newsletters.unsubscribe"


def confirm_token(subscriber_id: int) -> str:
    return signing.dumps(subscriber_id, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber_id: int) -> str:
    return signing.dumps(subscriber_id, salt=UNSUBSCRIBE_SALT)


def _load(token: str, *, salt: str, max_age: int | None) -> int | None:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def confirmed_id(token: str) -> int | None:
    """The subscriber id of a genuine confirmation link not yet expired."""
    return _load(
        token,
        salt=CONFIRM_SALT,
        max_age=settings.AKHBAR_NEWSLETTERS_CONFIRM_MAX_AGE,
    )


def unsubscribed_id(token: str) -> int | None:
    """The subscriber id of a genuine unsubscribe link; these never expire, so
    that an old mail still lets its reader leave."""
    return _load(token, salt=UNSUBSCRIBE_SALT, max_age=None)
