"""The backup archive: a plain tar whose last member is a manifest.

Members: ``db/<app_label>.<model>.jsonl`` (one JSON array of column values per
line, the columns named in the manifest), ``media/<stored name>`` (the bytes of
a stored file) and ``manifest.json``: the format version, the Akhbar version,
the migrations applied, and each member's size, sha256 and row count. A reader
checks every member against the manifest before anything is written, and
refuses links, devices, absolute names, ``..`` and names the manifest does
not list.
"""

import hashlib
import json
import tarfile
from pathlib import PurePosixPath

FORMAT = "akhbar-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1 << 20


class ArchiveError(Exception):
    """The archive is not one this version can restore; the message says why."""


class HashingReader:
    """A file read through, counting its bytes and their sha256."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def safe_name(name: str) -> str:
    """``name`` if it is a plain relative path inside the archive."""
    path = PurePosixPath(name)
    if (
        not name
        or path.is_absolute()
        or ".." in path.parts
        or "\\" in name
        or "\x00" in name
        or str(path) != name
    ):
        raise ArchiveError("the archive holds an unsafe name: %r" % name)
    return name


def regular_members(tar: tarfile.TarFile):
    """The archive's members in order, each checked: a regular file with a safe,
    new name."""
    seen = set()
    try:
        for member in tar:
            if not member.isreg():
                raise ArchiveError(
                    "the archive holds %r, which is not a regular file (a link "
                    "or a device): refused" % member.name
                )
            safe_name(member.name)
            if member.name in seen:
                raise ArchiveError("the archive holds %r twice" % member.name)
            seen.add(member.name)
            yield member
    except (tarfile.TarError, EOFError, OSError) as error:
        raise ArchiveError("the archive is damaged or cut short (%s)" % error) from None


def verify(path) -> dict:
    """Read the whole archive once; return its manifest if every member is
    there, whole and listed, else raise ``ArchiveError``."""
    digests, manifest = {}, None
    try:
        tar = tarfile.open(path, "r:")
    except (tarfile.TarError, OSError) as error:
        raise ArchiveError("not a backup archive: %s" % error) from None
    with tar:
        for member in regular_members(tar):
            handle = tar.extractfile(member)
            if member.name == MANIFEST:
                try:
                    manifest = json.loads(handle.read())
                except ValueError as error:
                    raise ArchiveError("the manifest is not JSON: %s" % error) from None
                continue
            reader = HashingReader(handle)
            try:
                while reader.read(CHUNK):
                    pass
            except (tarfile.TarError, EOFError, OSError) as error:
                raise ArchiveError(
                    "the archive is cut short in %r (%s)" % (member.name, error)
                ) from None
            digests[member.name] = (reader.size, reader.sha256.hexdigest())
    if manifest is None:
        raise ArchiveError(
            "the archive has no %s: it is cut short or not a backup" % MANIFEST
        )
    if manifest.get("format") != FORMAT:
        raise ArchiveError("not an Akhbar backup (format %r)" % manifest.get("format"))
    if manifest.get("version") != VERSION:
        raise ArchiveError(
            "the archive is of format version %r; this Akhbar restores version %d"
            % (manifest.get("version"), VERSION)
        )
    listed = {
        entry["member"]: entry for entry in manifest["tables"] + manifest["media"]
    }
    missing = sorted(set(listed) - set(digests))
    if missing:
        raise ArchiveError(
            "the archive lacks %d member(s) its manifest lists: %s"
            % (len(missing), ", ".join(missing[:5]))
        )
    unlisted = sorted(set(digests) - set(listed))
    if unlisted:
        raise ArchiveError(
            "the archive holds member(s) its manifest does not list: %s"
            % ", ".join(unlisted[:5])
        )
    for name, entry in listed.items():
        if digests[name] != (entry["bytes"], entry["sha256"]):
            raise ArchiveError(
                "%s does not match the manifest (size or sha256): the archive "
                "was altered or damaged" % name
            )
    for entry in manifest["media"]:
        safe_name(entry["name"])
    return manifest
