"""The default cache without Redis (files in the data dir, as an operator starts
the site) keeps the cache versions and page-key stamps of a busy site: the
stamps of as many pages as the page cache holds, readers' counted views and
rate limits, and response bodies' first-served times do not push them out."""

import json
import os
import subprocess
import sys

import pytest

# Run with the development settings (no REDIS_URL: the file cache), in a
# process of its own: the tests' settings use local memory. Every file cache's
# MAX_ENTRIES is divided by SCALE, and so is the traffic: the same proportions,
# a tenth of the writes (each lists the cache's folder: minutes at full size on a
# loaded machine). BASELINE puts the transient entries in the default cache, as
# before they had one of their own.
SCRIPT = """
import json, os
import django
from django.conf import settings
SCALE = 10
for alias in ("default", "pages", "transient"):
    settings.CACHES[alias]["OPTIONS"]["MAX_ENTRIES"] //= SCALE
if os.environ.get("BASELINE"):
    settings.CACHES["transient"] = settings.CACHES["default"]
django.setup()
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from akhbar.core import caching, responsecache, versions
from akhbar.readership.views import may_count

news = versions.Version("news")
first = news.get()
pages = settings.CACHES["pages"]["OPTIONS"]["MAX_ENTRIES"]
keys = ["article-%d" % n for n in range(pages)]
for start in range(0, pages, 100):
    responsecache.keys_changed(keys[start : start + 100])
# Readers (at full size 3,000 addresses reading two articles each: a view
# counted once per address and article, a count per address), then as many
# response bodies, each with its first-served time.
readers = 3000 // SCALE
for n in range(readers):
    address = "10.0.%d.%d" % (n >> 8, n & 255)
    may_count(address, 1)
    may_count(address, 2)
request = RequestFactory().get("/")
for n in range(readers):
    caching.conditional(request, HttpResponse("body %d" % n))
# The stamps live under these keys (``responsecache``).
stamps = [versions.key("core", "page-key", key) for key in keys]
print(json.dumps({
    "version_kept": news.get() == first,
    "stamps": pages,
    "stamps_kept": len(cache.get_many(stamps)),
}))
"""


@pytest.mark.parametrize("baseline", [False, True])
def test_versions_and_page_stamps_survive_pages_readers_and_bodies(tmp_path, baseline):
    """With the transient entries in the default cache (the baseline) a cull
    deletes stamps; in a cache of their own, none is lost."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
        "AKHBAR_DATA_DIR": str(tmp_path),
        "BASELINE": "1" if baseline else "",
    }
    env.pop("REDIS_URL", None)
    answer = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    found = json.loads(answer.stdout.strip().splitlines()[-1])
    if baseline:
        assert found["stamps_kept"] < found["stamps"]
    else:
        assert found["version_kept"]
        assert found["stamps_kept"] == found["stamps"]
