"""Error pages in the site's language and layout; robots.txt and favicon.ico."""

from pathlib import Path

from django.http import FileResponse, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control

from akhbar.core.urls import absolute_url
from akhbar.news.sitemaps import sitemap_locations


def page_not_found(request, exception=None):
    return render(request, "theme/404.html", status=404)


def server_error(request):
    # No context processors: the failure may come from one of them.
    template = loader.get_template("theme/500.html")
    return HttpResponseServerError(template.render({"LANGUAGE_CODE": "ar"}))


# Paths crawlers should leave alone: the editors' admin, and search result pages
# (endless query combinations of thin content, and a load on the database). A
# result page is the search page with a query string ("?" ends the prefix), so the
# search page itself, a form readers may find from a search engine, stays open.
ROBOTS_DISALLOW = (
    ("wagtailadmin_home", ""),
    ("search", "?"),
    ("akhbar_api:search", ""),
)
ICONS = Path(__file__).resolve().parent / "static" / "akhbar" / "icons"
ICON_SECONDS = 7 * 24 * 3600


@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """robots.txt: admin and search results disallowed; every sitemap by absolute
    URL, the index first."""
    lines = ["User-agent: *"]
    lines += [
        "Disallow: %s%s" % (reverse(name), tail) for name, tail in ROBOTS_DISALLOW
    ]
    lines.append("")
    lines.append("Sitemap: %s" % absolute_url(reverse("sitemap")))
    lines += ["Sitemap: %s" % location for location, _ in sitemap_locations(request)]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


@cache_control(max_age=ICON_SECONDS, public=True)
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page says."""
    return FileResponse(open(ICONS / "favicon.ico", "rb"), content_type="image/x-icon")
