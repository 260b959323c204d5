"""Real headless Chromium (Debian's package) driven by Playwright: no download."""

import contextlib
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def chromium_path() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and os.path.exists(candidate):
            return candidate
    raise RuntimeError(
        "Chromium is missing: 'apt-get install chromium' (scripts/setup --test)."
    )


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


AXE_JS = Path(__file__).resolve().parent / "js/node_modules/axe-core/axe.min.js"


def axe_violations(page) -> list[str]:
    """axe-core's violations of any impact on the page as loaded, one line each
    (rule, impact, how many elements, the first of them)."""
    if not AXE_JS.exists():
        raise RuntimeError("axe-core is missing: run scripts/setup --test (npm ci).")
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async () => (await axe.run()).violations.map((v) =>
             v.id + " (" + v.impact + ") x" + v.nodes.length + " at "
             + v.nodes[0].target.join(" "))"""
    )


# Controls under a thumb's 44 px (height, and width too with ``narrow``); a
# checkbox is 24 px by design.
SMALL_CONTROLS = """([selector, narrow]) => [...document.querySelectorAll(selector)]
  .filter((element) => element.getClientRects().length
          && element.type !== "hidden" && element.type !== "checkbox")
  .map((element) => [element, element.getBoundingClientRect()])
  .filter(([element, box]) => box.height < 44 || (narrow && box.width < 44))
  .map(([element, box]) => element.outerHTML.slice(0, 80)
       + " " + Math.round(box.width) + "x" + Math.round(box.height))"""


def thumb_and_axe_problems(page, name, width, selector, *, narrow=False) -> list:
    """On a phone (under 1000 px) the controls ``selector`` finds that are under
    44 px, then axe-core's violations, one line each, named ``name``."""
    problems = []
    if width < 1000:
        small = page.evaluate(SMALL_CONTROLS, [selector, narrow])
        if small:
            problems.append(
                "%s at %d px: controls under 44 px: %s" % (name, width, small)
            )
    return problems + [
        "%s at %d px: axe: %s" % (name, width, violation)
        for violation in axe_violations(page)
    ]


@contextlib.contextmanager
def arabic_page(browser, width: int, *, height: int = 800, **options):
    """A page in a fresh Arabic-locale context ``width`` px wide, closed after;
    ``options`` go to ``browser.new_context`` (``java_script_enabled=False``)."""
    context = browser.new_context(
        locale="ar", viewport={"width": width, "height": height}, **options
    )
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def editor_page(browser, live_server):
    """A browser page signed in as an Editor (the session made by Django's
    test client, handed to Chromium as its cookie)."""
    from django.conf import settings
    from django.test import Client

    from tests.newsroom.factories import ensure_newsroom, make_user

    ensure_newsroom()
    client = Client()
    client.force_login(make_user("editor", "browser-editor"))
    context = browser.new_context(locale="ar", bypass_csp=True)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": urlsplit(live_server.url).hostname,
                "path": "/",
            }
        ]
    )
    page = context.new_page()
    yield page
    context.close()
