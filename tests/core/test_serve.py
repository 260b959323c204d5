"""``akhbar serve`` over real HTTP: granian, DEBUG off, static files, Arabic errors."""

import urllib.error
import urllib.request
from urllib.parse import quote

import pytest


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            return response.status, headers, response.read().decode()
    except urllib.error.HTTPError as error:
        headers = {k.lower(): v for k, v in error.headers.items()}
        return error.code, headers, error.read().decode()


@pytest.fixture(scope="module")
def server(served_demo):
    """The demo served from an empty data dir (migrate, demo, serve), as an
    operator starts; shared with the tests of the public address."""
    return served_demo


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
