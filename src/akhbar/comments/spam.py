"""Spam signals that need no outside service.

- A signed timestamp in the form: a bot that posts the instant it fetches the
  page (or never fetches it) is refused; a form older than
  ``AKHBAR_COMMENTS_FORM_MAX_AGE`` seconds is renewed.
- Rate limits per IP address and per e-mail address (``core.ratelimit``).

The honeypot field lives in the form; duplicates are checked in the services.
"""

import time

from django.conf import settings
from django.core import signing

from akhbar.core import ratelimit

TOKEN_SALT = "akhbar.comments.form"  # noqa: S105


def form_token(article_id: int, *, now: float | None = None) -> str:
    """A signed record of which article's form was served, and when."""
    issued = int(now if now is not None else time.time())
    return signing.dumps({"a": article_id, "t": issued}, salt=TOKEN_SALT)


def form_token_age(token: str, article_id: int, *, now: float | None = None) -> float:
    """Seconds since ``token`` was issued for ``article_id``.

    Raises ``signing.BadSignature`` when the token was forged, altered, belongs
    to another article or is older than ``AKHBAR_COMMENTS_FORM_MAX_AGE``.
    """
    data = signing.loads(
        token, salt=TOKEN_SALT, max_age=settings.AKHBAR_COMMENTS_FORM_MAX_AGE
    )
    if not isinstance(data, dict) or data.get("a") != article_id:
        raise signing.BadSignature("Token of another article.")
    current = now if now is not None else time.time()
    age = current - float(data.get("t", 0))
    if age > settings.AKHBAR_COMMENTS_FORM_MAX_AGE:
        raise signing.SignatureExpired("Form served %d seconds ago." % age)
    return age


def client_ip(request) -> str | None:
    """The commenter's address (``core.ratelimit.client_ip``), or None."""
    return ratelimit.client_ip(request)


def _key(kind: str, value: str, window: int) -> str:
    return ratelimit.rate_key("comments", kind, value, window)


def hit(kind: str, value: str, *, limit: int, window: int) -> bool:
    """Count one comment attempt for ``value`` (see ``core.ratelimit.hit``)."""
    return ratelimit.hit("comments", kind, value, limit=limit, window=window)


def within_rate_limits(*, ip_address: str | None, author_email: str) -> bool:
    """Count a comment attempt against its IP address and e-mail address."""
    window = settings.AKHBAR_COMMENTS_RATE_WINDOW
    ip_ok = hit(
        "ip",
        ip_address or "",
        limit=settings.AKHBAR_COMMENTS_RATE_PER_IP,
        window=window,
    )
    email_ok = hit(
        "email",
        author_email,
        limit=settings.AKHBAR_COMMENTS_RATE_PER_EMAIL,
        window=window,
    )
    return ip_ok and email_ok
