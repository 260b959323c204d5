"""Spam signals that need no outside service.

- A signed timestamp in the form: a bot that posts the instant it fetches the
  page (or never fetches it) is refused; a form older than
  ``AKHBAR_COMMENTS_FORM_MAX_AGE`` seconds is renewed.
- Rate limits per IP address and per e-mail address, counted in Django's cache
  so that every worker shares them (a file cache by default, Redis with
  ``REDIS_URL``).

The honeypot field lives in the form; duplicates are checked in the services.
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from akhbar.core import versions

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
    """The commenter's address from ``AKHBAR_COMMENTS_IP_HEADER``, if valid.

    Behind a reverse proxy the header is the one the proxy sets (for example
    ``HTTP_X_REAL_IP``); taking the left-most of several forwarded addresses
    would let a client choose its own.
    """
    value = request.META.get(settings.AKHBAR_COMMENTS_IP_HEADER, "")
    value = value.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _key(kind: str, value: str, window: int) -> str:
    # Hashed so that no address or e-mail is written into the cache in clear.
    digest = hashlib.sha256(
        ("%s:%s:%s" % (settings.SECRET_KEY, kind, value)).encode()
    ).hexdigest()[:32]
    return versions.key("comments", "rate", kind, digest, int(time.time()) // window)


def hit(kind: str, value: str, *, limit: int, window: int) -> bool:
    """Count one attempt for ``value``; False when it exceeds ``limit`` per window.

    A fixed window, counted with the cache's atomic ``incr`` (Redis INCRBY).
    A limit of 0 switches the check off.
    """
    if not value or limit <= 0:
        return True
    key = _key(kind, value, window)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # Expired between add and incr: start a new window.
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


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
