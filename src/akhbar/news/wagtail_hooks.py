"""Reader pages name themselves for the front cache before Wagtail serves them."""

from wagtail import hooks

from . import frontcache


@hooks.register("before_serve_page")
def name_page_for_the_cache(page, request, serve_args, serve_kwargs):
    frontcache.mark_page_cacheable(page, request)
