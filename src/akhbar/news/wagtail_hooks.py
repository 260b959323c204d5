"""Reader pages name themselves for the front cache and the metrics before
Wagtail serves them."""

from wagtail import hooks

from akhbar.core.metrics import label_route

from . import frontcache


@hooks.register("before_serve_page")
def name_page_for_the_cache(page, request, serve_args, serve_kwargs):
    frontcache.mark_page_cacheable(page, request)
    # Counted by page type: one series per kind of page, not one per page.
    label_route(request, "page:%s" % type(page).__name__)
