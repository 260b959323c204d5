"""``akhbar serve`` over real HTTP: granian, DEBUG off, static files, Arabic errors."""

import os
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest

from akhbar.testing.servers import akhbar_served

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="serves its own SQLite data dir; run once, in the SQLite pass",
)


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            return response.status, headers, response.read().decode()
    except urllib.error.HTTPError as error:
        headers = {k.lower(): v for k, v in error.headers.items()}
        return error.code, headers, error.read().decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("serve")
    env = {
        **os.environ,
        "AKHBAR_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    akhbar = [sys.executable, "-m", "akhbar.cli"]
    # From an empty data dir, as an operator starts (other tests that start
    # processes begin from a migrated copy: sqlite_data_dir).
    subprocess.run([*akhbar, "migrate", "--noinput", "-v0"], env=env, check=True)
    with akhbar_served(env, "--workers", "1") as base:
        yield base


def test_home_page_is_served_in_arabic_with_debug_off(server):
    status, headers, body = _get(server + "/")
    assert status == 200
    assert '<html lang="ar" dir="rtl">' in body
    assert headers["content-type"].startswith("text/html")


def test_static_files_are_served_with_hashed_names_and_long_caching(server):
    _, _, body = _get(server + "/")
    css = body.split('<link rel="stylesheet" href="')[1].split('"')[0]
    assert css.startswith("/static/akhbar/css/site.") and css.count(".") >= 2
    status, headers, text = _get(server + css)
    assert status == 200
    assert "max-age=315360000" in headers.get("cache-control", "")
    assert "font-face" in text


def test_unknown_page_gets_the_arabic_404_not_a_debug_page(server):
    status, _, body = _get(server + "/" + quote("لا-توجد") + "/")
    assert status == 404
    assert "الصفحة غير موجودة" in body
    assert "Traceback" not in body and "DEBUG" not in body
