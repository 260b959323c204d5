"""``collectstatic`` only when the static files changed.

``akhbar serve`` collects static files before it starts. WhiteNoise's storage
hashes and compresses every file (gzip and Brotli) each time: about a minute of
CPU for the ~1,400 files of Wagtail's admin and the theme (measured: 57 s of CPU,
82 s wall, for a fresh folder on the 2-core machine). A restart with the same
code finds a stamp of the sources (every static file's path, size and
modification time, and the storage that wrote them) beside the collected files
and skips the work; a lock keeps two servers that share ``STATIC_ROOT`` from
collecting into it at once.
"""

import fcntl
import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from whitenoise.storage import CompressedManifestStaticFilesStorage

STAMP = ".akhbar-static-sources"
IGNORE = ["CVS", ".*", "*~"]


def sources_stamp() -> str:
    """A digest of every static source file and the storage that collects them."""
    digest = hashlib.sha256(
        repr((settings.STORAGES["staticfiles"], settings.STATIC_URL)).encode()
    )
    entries = []
    for finder in get_finders():
        for path, storage in finder.list(IGNORE):
            stat = os.stat(storage.path(path))
            entries.append("%s\0%d\0%d" % (path, stat.st_size, stat.st_mtime_ns))
    for entry in sorted(entries):
        digest.update(entry.encode() + b"\n")
    return digest.hexdigest()


def collect_static() -> bool:
    """Run ``collectstatic`` unless ``STATIC_ROOT`` holds these sources already;
    True when it ran."""
    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    stamp = root / STAMP
    with open(root / ".akhbar-static-lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        wanted = sources_stamp()
        if stamp.exists() and stamp.read_text() == wanted:
            return False
        stamp.unlink(missing_ok=True)
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp.write_text(wanted)
        return True


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, fingerprinted storage, remembering each URL.

    A reader page links eight static files (stylesheet, script, font, icons, the
    publisher logo in its JSON-LD); finding each one's fingerprinted name in the
    manifest took about 70 µs a time, 9 % of the article page's CPU (measured
    with cProfile: 0.55 ms of 6 ms). The manifest only changes with
    ``collectstatic``, which runs before a server starts.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.urls = {}

    def url(self, name, force=False):
        key = (name, force, settings.DEBUG)
        found = self.urls.get(key)
        if found is None:
            found = self.urls[key] = super().url(name, force)
        return found
