"""Production: secrets and hosts must come from the environment."""

from .base import *  # noqa: F403
from .base import LOG_LEVEL, WAGTAIL_LOG_LEVEL, env, logging_config

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")  # Required: fails loudly when missing.
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
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
