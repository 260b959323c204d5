"""URL configuration: the admin, feeds and sitemaps, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from akhbar.core import media
from akhbar.news import feeds, sitemaps
from akhbar.theme import views as theme_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own route of the same shape: documents go out sandboxed.
    path(
        "documents/<int:document_id>/<str:document_filename>",
        media.document,
        name="wagtaildocs_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
    *feeds.urlpatterns(),
    *sitemaps.urlpatterns(),
    path("robots.txt", theme_views.robots_txt, name="robots_txt"),
    path("favicon.ico", theme_views.favicon, name="favicon"),
    path("comments/", include("akhbar.comments.urls")),
    path("readership/", include("akhbar.readership.urls")),
    path("live/", include("akhbar.live.urls")),
    path("newsletters/", include("akhbar.newsletters.urls")),
    path("", include("akhbar.search.urls")),
    path("", include("akhbar.api.urls")),
    path("", include("akhbar.entities.urls")),
]

if settings.AKHBAR_SERVE_MEDIA:
    # The embedded set-up serves uploads itself; with S3-compatible storage or a
    # front web server, AKHBAR_SERVE_MEDIA is off and this route does not exist
    # (the front must then keep MEDIA_URL/documents/ closed as well).
    urlpatterns += [
        re_path(r"^%s(?P<path>.*)$" % settings.MEDIA_URL.lstrip("/"), media.media)
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "akhbar.theme.views.page_not_found"
handler500 = "akhbar.theme.views.server_error"
