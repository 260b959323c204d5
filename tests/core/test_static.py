"""``akhbar serve`` collects static files only when they changed."""

import os

from akhbar.core.static import STAMP, collect_static


def test_collected_once_then_again_only_when_a_source_changes(settings, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    style = sources / "extra.css"
    style.write_text("body { direction: rtl; }")
    settings.STATICFILES_DIRS = [sources]
    settings.STATIC_ROOT = tmp_path / "collected"

    assert collect_static() is True
    collected = settings.STATIC_ROOT / "extra.css"
    assert collected.read_text() == "body { direction: rtl; }"
    assert (settings.STATIC_ROOT / STAMP).exists()

    assert collect_static() is False  # Nothing changed: nothing done.

    style.write_text("body { direction: rtl; color: #222; }")
    stat = style.stat()
    os.utime(style, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert collect_static() is True
    assert collected.read_text() == "body { direction: rtl; color: #222; }"


def test_another_storage_collects_again(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STATICFILES_DIRS = []
    assert collect_static() is True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        },
    }
    assert collect_static() is True
    assert (settings.STATIC_ROOT / "staticfiles.json").exists()
    assert collect_static() is False


def test_the_storage_gives_fingerprinted_urls_and_remembers_them(settings, tmp_path):
    """Each URL is looked up in the manifest once; DEBUG links the plain name."""
    import json

    from django.contrib.staticfiles.storage import staticfiles_storage

    settings.STATIC_ROOT = tmp_path
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"site.css": "site.0123abcd.css"}})
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "akhbar.core.static.StaticFilesStorage"},
    }
    assert staticfiles_storage.url("site.css") == "/static/site.0123abcd.css"
    staticfiles_storage.hashed_files.clear()  # Not read again.
    assert staticfiles_storage.url("site.css") == "/static/site.0123abcd.css"
    settings.DEBUG = True
    assert staticfiles_storage.url("site.css") == "/static/site.css"
