"""The view beacon: article pages report a reader's visit here.

Pages stay cacheable because nothing is counted while serving them; a small
script (``static/akhbar/js/readership.js``) posts the article's id once the
page is shown. This endpoint is never cached, ignores crawlers by their user
agent and counts an address at most once per article per window and at most
``AKHBAR_READERSHIP_RATE_PER_IP`` times per window.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from akhbar.core import caching, ratelimit, versions
from akhbar.news import selectors as news

from . import services

# User agents of crawlers, link previewers and scripts: they read, they do not count.
BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|headless|"
    r"lighthouse|curl|wget|python|httpclient|java/|go-http|okhttp|feed|reader",
    re.IGNORECASE,
)
WINDOW_SECONDS = 3600


def is_bot(user_agent: str) -> bool:
    """Whether ``user_agent`` is missing or names a crawler or a script."""
    return not user_agent or bool(BOT_AGENTS.search(user_agent))


def client_address(request) -> str | None:
    """The reader's address (``core.ratelimit.client_ip``), or None."""
    return ratelimit.client_ip(request)


def address_key(kind: str, address: str, *parts) -> str:
    # Hashed: no reader's address is written into the cache in clear.
    digest = hashlib.sha256(
        ("%s|%s" % (settings.SECRET_KEY, address)).encode()
    ).hexdigest()[:24]
    return versions.key("readership", kind, digest, *parts)


def may_count(address: str, article_id: int) -> bool:
    """False when this address has been counted for this article in the window
    or has reached its limit of counted views."""
    seen = caches[caching.TRANSIENT]
    if not seen.add(address_key("seen", address, article_id), 1, WINDOW_SECONDS):
        return False
    return ratelimit.hit(
        "readership",
        "ip",
        address,
        limit=settings.AKHBAR_READERSHIP_RATE_PER_IP,
        window=WINDOW_SECONDS,
    )


@csrf_exempt  # A beacon from a cached page carries no token; it changes no data
@never_cache  # of the reader's and is limited per address.
@require_POST
def view_beacon(request):
    """Count one view of the article named by the POSTed ``article`` id.

    Answers 204 whether or not the view was counted (a crawler, a repeat, an
    unknown article), and 429 when the address has reached its limit.
    """
    try:
        article_id = int(request.POST.get("article", ""))
    except ValueError:
        return HttpResponse(status=400)
    address = client_address(request)
    if is_bot(request.headers.get("User-Agent", "")) or address is None:
        return HttpResponse(status=204)
    if not news.live_articles().filter(pk=article_id).exists():
        return HttpResponse(status=204)
    if not may_count(address, article_id):
        return HttpResponse(status=429)
    services.view_record(article_id=article_id)
    return HttpResponse(status=204)
