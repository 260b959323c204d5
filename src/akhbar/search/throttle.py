"""Searches per client address: each one a reader sends may cost the database a
full-text query, so a flood from one address is refused (``429``) for the rest
of the window, on the page and in the API alike."""

from django.conf import settings

from akhbar.core import ratelimit


def search_allowed(request) -> bool:
    """Count one search for the request's client; False past the limit."""
    return ratelimit.hit(
        "search",
        "ip",
        ratelimit.client_ip(request) or "",
        limit=settings.AKHBAR_SEARCH_RATE_PER_IP,
        window=settings.AKHBAR_SEARCH_RATE_WINDOW,
    )


def search_refused(response):
    """``response`` as the refusal of a search past the limit."""
    return ratelimit.refuse(response, window=settings.AKHBAR_SEARCH_RATE_WINDOW)
