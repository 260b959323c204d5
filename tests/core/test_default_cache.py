"""The default cache without Redis (files in the data dir, as an operator starts
the site) keeps the cache versions and page-key stamps of a busy site: the
stamps of as many pages as the page cache holds do not push them out."""

import json
import os
import subprocess
import sys

# Run with the development settings (no REDIS_URL: the file cache), in a
# process of its own: the tests' settings use local memory.
SCRIPT = """
import json
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from akhbar.core import responsecache, versions

news = versions.Version("news")
first = news.get()
pages = settings.CACHES["pages"]["OPTIONS"]["MAX_ENTRIES"]
keys = ["article-%d" % n for n in range(pages)]
for start in range(0, pages, 100):
    responsecache.keys_changed(keys[start : start + 100])
# The stamps live under these keys (``responsecache``).
stamps = [versions.key("core", "page-key", key) for key in keys]
print(json.dumps({
    "version_kept": news.get() == first,
    "stamps": pages,
    "stamps_kept": len(cache.get_many(stamps)),
}))
"""


def test_versions_and_page_stamps_survive_a_full_page_cache(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
        "AKHBAR_DATA_DIR": str(tmp_path),
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
    assert found["version_kept"]
    assert found["stamps_kept"] == found["stamps"]
