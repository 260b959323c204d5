"""URL configuration: the admin, feeds and sitemaps, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from akhbar.news import feeds

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("feed/", feeds.LatestArticlesFeed(), name="feed_latest"),
    path("feed/section/<int:section_id>/", feeds.SectionFeed(), name="feed_section"),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "akhbar.theme.views.page_not_found"
handler500 = "akhbar.theme.views.server_error"
