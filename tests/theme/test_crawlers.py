"""robots.txt, favicon.ico and the icons every page links to."""

import io
import re

import lxml.etree
import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


def test_robots_txt_lists_the_sitemap_and_disallows_admin_and_search(
    client, home, settings
):
    """The sitemap is named on the site's address, not the Host a client sent."""
    settings.AKHBAR_BASE_URL = "https://news.example.org"
    response = client.get("/robots.txt", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    # Result pages (a query string) are closed; the search page itself is not.
    assert "Disallow: /search/?" in lines
    assert "Disallow: /search/" not in lines
    assert "Disallow: /api/v1/search" in lines
    sitemaps = [line for line in lines if line.startswith("Sitemap: ")]
    assert sitemaps == [
        "Sitemap: https://news.example.org/sitemap.xml",
        "Sitemap: https://news.example.org/sitemap-pages.xml",
        "Sitemap: https://news.example.org/sitemap-articles.xml",
        "Sitemap: https://news.example.org/sitemap-news.xml",
    ]
    assert not any(
        line.startswith("Disallow: /\n") or line == "Disallow: /" for line in lines
    )


def test_the_sitemaps_robots_txt_names_are_served(client, home):
    robots = client.get("/robots.txt").content.decode()
    urls = re.findall(r"^Sitemap: http://localhost(\S+)$", robots, re.M)
    roots = [lxml.etree.fromstring(client.get(url).content).tag for url in urls]
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert roots == [namespace + "sitemapindex"] + [namespace + "urlset"] * 3


def test_favicon_ico_is_an_icon_in_three_sizes(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age=604800" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO"
    assert icon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}


def test_every_page_links_its_icons_and_they_exist(client, home):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48">' in html
    svg = re.search(
        r'<link rel="icon" href="/static/([^"]+)" type="image/svg\+xml">', html
    )
    touch = re.search(r'<link rel="apple-touch-icon" href="/static/([^"]+)">', html)
    assert svg and touch
    svg_path = finders.find(svg.group(1))
    assert open(svg_path, encoding="utf-8").read().startswith("<svg")
    with Image.open(finders.find(touch.group(1))) as picture:
        assert picture.size == (180, 180)
        assert picture.mode == "RGB"  # iOS shows transparency as black.
