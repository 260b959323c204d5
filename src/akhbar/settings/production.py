"""Production: secrets and hosts must come from the environment.

Behind the documented front (deploy/: nginx terminates TLS and sets
``X-Forwarded-Proto``, Varnish passes it on), ``akhbar check --deploy`` is clean.
"""

from .base import *  # noqa: F403
from .base import LOG_LEVEL, WAGTAIL_LOG_LEVEL, env, logging_config

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")  # Required: fails loudly when missing.
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# nginx sets this header on every request it passes on; a request that reaches
# the app without it did not come through the front and is redirected to https.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# A year, the least the browsers' preload lists accept. Subdomains are included:
# a news site's subdomains (media, newsletters) are served over TLS too.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
# Preloading is a promise made to the browsers' lists, not a default to take
# lightly: off unless asked for, and Django's reminder about it is silenced.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
if not AKHBAR_EMAIL_BACKEND:  # noqa: F405 - from base
    EMAIL_BACKEND = env.str(
        "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
    )
# One JSON object per log line, with the request id, for a log collector.
AKHBAR_LOG_FORMAT = env.str("AKHBAR_LOG_FORMAT", default="json")
LOGGING = logging_config(
    log_format=AKHBAR_LOG_FORMAT, level=LOG_LEVEL, wagtail_level=WAGTAIL_LOG_LEVEL
)
