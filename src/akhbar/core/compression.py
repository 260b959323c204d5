"""Compression of dynamic responses: zstd, Brotli or gzip, as the client accepts.

``django-compression-middleware`` does the encoding; this subclass limits it to
text (HTML, CSS, JS, JSON, feeds, sitemaps) and to requests that carry no
secret: a GET without a session cookie. A response holding a secret (a CSRF
token, a signed-in page) next to text an attacker can choose is what BREACH
reads through compression, so those go out uncompressed. Static files are
compressed ahead of time by WhiteNoise's storage.
"""

from compression_middleware.middleware import (
    CompressionMiddleware as _LibraryCompressionMiddleware,
)
from django.conf import settings

COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "image/svg+xml",
)


def _may_compress(request, response) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies:
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type.startswith(COMPRESSIBLE_TYPES)


class CompressionMiddleware(_LibraryCompressionMiddleware):
    """Compress text responses to anonymous GET requests (see the module)."""

    def process_response(self, request, response):
        if not _may_compress(request, response):
            return response
        return super().process_response(request, response)
