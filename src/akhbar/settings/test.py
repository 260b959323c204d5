"""Tests: the same settings with fast hashing, local caches and throwaway files."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
# The demo, as in development (its tests run ``akhbar demo``'s code).
INSTALLED_APPS = [*INSTALLED_APPS, "akhbar.demo"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
    },
    "transient": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "transient",
    },
}
# Tests see each request rendered; those of akhbar.core.responsecache turn it on.
AKHBAR_RESPONSE_CACHE = False
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="akhbar-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
}
# When set, a rebuild of the search index creates this file once it has read every
# article, then waits to be killed: how a test interrupts one part-way.
AKHBAR_SEARCH_REBUILD_PAUSE_FILE = os.environ.get(
    "AKHBAR_SEARCH_REBUILD_PAUSE_FILE", ""
)
# Static files come from the app folders in tests; nothing is collected.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="akhbar-test-static-"))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True


_OWNER = os.getpid()


def _remove_throwaway_dirs(owner=_OWNER):
    # Only the process that made them removes them, not a forked child.
    if os.getpid() == owner:
        for path in (MEDIA_ROOT, STATIC_ROOT):
            shutil.rmtree(path, ignore_errors=True)


atexit.register(_remove_throwaway_dirs)
