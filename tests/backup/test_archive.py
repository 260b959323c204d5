"""Archives that are damaged, cut short, altered or hostile are refused whole,
with a message saying why, and nothing is written."""

import io
import json
import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from wagtail.models import Page

from tests.news.factories import make_article, make_image, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(home, tmp_path):
    """A backup of a small site (a section, an article with an image and its
    rendition), after which the site is emptied again, as a new one is."""
    image = make_image("صورة")
    image.get_rendition("width-200")
    make_article(make_section(home, "اقتصاد"), "خبر", featured_image=image)
    get_user_model().objects.create_user("writer", "w@example.com", "x")
    path = tmp_path / "site.tar"
    call_command("backup", str(path), verbosity=0)
    Page.objects.filter(depth__gt=2).delete()
    get_user_model().objects.all().delete()
    return path


def state():
    """What a failed restore must leave as it was."""
    return (
        Page.objects.count(),
        ContentType.objects.count(),
        sorted(default_storage.listdir("original_images")[1]),
        sorted(default_storage.listdir("images")[1]),
    )


def members(path) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(path) as tar:
        return [(m, tar.extractfile(m).read()) for m in tar.getmembers()]


def rewrite(path, items) -> None:
    with tarfile.open(path, "w") as tar:
        for info, data in items:
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def refused(path) -> str:
    before = state()
    with pytest.raises(CommandError) as error:
        call_command("restore", str(path), verbosity=0)
    assert state() == before
    assert "Nothing was written" in str(error.value)
    return str(error.value)


def with_manifest(path, change) -> None:
    items = members(path)
    info, data = items[-1]
    assert info.name == "manifest.json"
    manifest = json.loads(data)
    change(manifest)
    rewrite(path, [*items[:-1], (info, json.dumps(manifest).encode())])


def test_cut_short(archive):
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    assert "cut short" in refused(archive)


def test_not_an_archive(archive):
    archive.write_bytes(b"PK\x03\x04 not a tar at all" * 50)
    assert "not a backup archive" in refused(archive)


def test_altered_member(archive):
    items = members(archive)
    index = next(i for i, (m, _) in enumerate(items) if m.name.endswith("page.jsonl"))
    info, data = items[index]
    items[index] = (info, data.replace("خبر".encode(), "كذب".encode()))
    rewrite(archive, items)
    message = refused(archive)
    assert "wagtailcore.page.jsonl" in message and "sha256" in message


def test_missing_member(archive):
    items = [(m, d) for m, d in members(archive) if not m.name.startswith("media/")]
    rewrite(archive, items)
    assert "lacks" in refused(archive)


def test_other_format_version(archive):
    with_manifest(archive, lambda manifest: manifest.update(version=99))
    assert "format version 99" in refused(archive)


def test_parent_path(archive):
    info = tarfile.TarInfo("media/../../escape.txt")
    rewrite(archive, [(info, b"x"), *members(archive)])
    assert "unsafe name" in refused(archive)


def test_media_name_escaping_in_manifest(archive):
    def change(manifest):
        manifest["media"][0]["name"] = "../../outside.jpg"

    with_manifest(archive, change)
    assert "unsafe name" in refused(archive)


def test_symlink(archive):
    link = tarfile.TarInfo("media/link")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    items = members(archive)
    with tarfile.open(archive, "w") as tar:
        tar.addfile(link)
        for info, data in items:
            tar.addfile(info, io.BytesIO(data))
    assert "not a regular file" in refused(archive)


def test_wrong_row_count_rolls_everything_back(archive):
    """A manifest that disagrees with a table's rows is found while loading,
    after other tables were written: the transaction leaves nothing."""

    def change(manifest):
        entry = next(e for e in manifest["tables"] if e["model"] == "wagtailcore.page")
        entry["rows"] += 1

    with_manifest(archive, change)
    assert "rows" in refused(archive)


def test_a_site_with_content_is_refused(archive, home):
    make_section(home, "رياضة")
    assert "not empty" in refused(archive)
