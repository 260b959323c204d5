"""Every public page type (home, section, article, tag, author, archive, search,
404, entity, live story) fits a phone: no horizontal overflow from 320 to 1366 px,
tap targets of at least 44 px at phone widths and at 1366 px, in right-to-left
and left-to-right; and axe-core finds no accessibility violation of any impact at
320 and 1366 px.

Screenshots of each page at 320 and 1366 px go to var/screenshots/phones-*.png.
"""

from urllib.parse import quote

import pytest
from django.utils import timezone

from tests.browser.conftest import SCREENSHOTS, axe_violations
from tests.comments.factories import make_comment
from tests.live.factories import make_entry, make_story
from tests.news.factories import make_article, make_author, make_image, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 360, 375, 390, 414, 768, 1024, 1366)
PHONE_WIDTHS = (320, 360, 375, 390, 414)
SHOT_WIDTHS = (320, 1366)

# Elements wider than the viewport, or reaching past either edge, that are not
# inside a scrolling or clipping box (a nav that scrolls sideways is fine).
# Text hidden for sighted readers (visually-hidden, the skip link until
# focused, 1 px honeypot fields) is left out: it takes no room.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (element) => {
    let box = element.parentElement;
    for (; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (element) => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + (element.className && typeof element.className === "string"
       ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  const offenders = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (element.closest(".visually-hidden, .skip-link")) continue;
    const box = element.getBoundingClientRect();
    // Empty boxes and 1 px honeypot fields placed off screen take no room.
    if (box.width < 2 || box.height < 2) continue;
    if ((box.right > width + 1 || box.left < -1) && !clipped(element)) {
      offenders.push(name(element) + " [" + Math.round(box.left) + ", "
        + Math.round(box.right) + "]");
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    offenders: offenders.slice(0, 15),
  };
}"""

# Controls a thumb must hit: header, navigation, footer, pagination, tags,
# share links, search form, back to top. Links inside running text are exempt
# (WCAG 2.5.8), as are controls that are not shown at this width.
TAP_TARGETS = (
    ".site-header a, .site-header button, .site-header input, .main-nav a,"
    " .site-footer a, .pagination a, .tags a, .share a, .back-to-top,"
    " .search-main button, .search-main input, .live-key-events a, .live-entry-time,"
    " .live-pagination a"
)
TAP_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((element) => element.getClientRects().length
          && getComputedStyle(element).visibility !== "hidden"
          && !element.closest(".visually-hidden, .skip-link"))
  .map((element) => [element, element.getBoundingClientRect()])
  .filter(([element, box]) => box.height < 44 || box.width < 44)
  .map(([element, box]) => element.outerHTML.slice(0, 80)
       + " " + Math.round(box.width) + "x" + Math.round(box.height))"""


@pytest.fixture
def site(home):
    """A small site with one page of each public type."""
    section = make_section(home, "أخبار سياسية واقتصادية من العالم العربي")
    author = make_author(home, "سلمى عبد الرحمن الحداد")
    for number in range(14):
        make_article(
            section,
            "خبر تمهيدي رقم %d عن اجتماعات الحكومة والبرلمان" % (number + 1),
            featured_image=make_image() if number < 3 else None,
            tags=["اقتصاد"],
        )
    url = "https://example.com/" + "a" * 120
    article = make_article(
        section,
        "الحكومة تعلن خطة وطنية للمياه والطاقة المتجددة في المناطق الريفية والنائية",
        authors=[author],
        tags=["اقتصاد", "مياه", "طاقة متجددة"],
        featured_image=make_image(),
        featured_image_caption="صورة توضيحية",
        body=[
            {"type": "subheading", "value": "تفاصيل الخطة"},
            {
                "type": "paragraph",
                "value": '<p>%s <a href="%s">%s</a></p>'
                % ("فقرة من الخبر. " * 30, url, url),
            },
            # A name the entity catalogue knows: the article lists on its page.
            {
                "type": "paragraph",
                "value": "<p>وقال فلاديمير بوتين إن المحادثات مثمرة.</p>",
            },
        ],
        is_lead=True,
        # Every page then carries the breaking-news bar.
        is_breaking=True,
    )
    make_comment(article)
    story = make_story(section, "الانتخابات البرلمانية لحظة بلحظة في كل المحافظات")
    for number in range(25):
        make_entry(
            story,
            "تحديث رقم %d من مراكز الاقتراع في المحافظات الشمالية. " % number * 5,
            title="إغلاق صناديق الاقتراع في الدائرة %d" % number,
            is_key_event=number % 5 == 0,
            is_pinned=number == 3,
        )
    tag = article.tags.get(name="طاقة متجددة")
    return {
        "home": "/",
        "section": section.url,
        "article": article.url,
        "tag": "/tags/%s/" % quote(tag.slug),
        "author": author.url,
        "archive": "/archive/%d/" % timezone.now().year,
        "search": "/search/?q=%s" % quote("الحكومة"),
        "404": "/%s/" % quote("صفحة-غير-موجودة"),
        "entity": quote("/شخصيات/فلاديمير-بوتين/"),
        "live story": story.url,
    }


# The breaking bar's label: its height and font size (None without the bar).
# At 320 px it once wrapped a letter a line, squeezed by the headlines.
BREAKING_LABEL_JS = """() => {
  const label = document.querySelector(".breaking-label");
  if (!label) return null;
  return {height: label.getBoundingClientRect().height,
          fontSize: parseFloat(getComputedStyle(label).fontSize)};
}"""


def _check(page, base, kind, path, width, problems, direction=None):
    page.set_viewport_size({"width": width, "height": 800})
    status = page.goto(base + path).status
    assert status == (404 if kind == "404" else 200), (kind, path, status)
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    if direction:
        page.evaluate("(dir) => { document.documentElement.dir = dir; }", direction)
    found = page.evaluate(OVERFLOW_JS)
    if found["scrollWidth"] > found["innerWidth"] or found["offenders"]:
        problems.append(
            "%s page at %d px%s: page %d px wide; %s"
            % (
                kind,
                width,
                " (%s)" % direction if direction else "",
                found["scrollWidth"],
                "; ".join(found["offenders"]) or "no single element",
            )
        )
    label = page.evaluate(BREAKING_LABEL_JS)
    if label and label["height"] > 2.5 * label["fontSize"]:
        problems.append(
            "%s page at %d px: the breaking label wraps (%.0f px tall)"
            % (kind, width, label["height"])
        )
    if width in PHONE_WIDTHS + SHOT_WIDTHS:
        small = page.evaluate(TAP_JS, TAP_TARGETS)
        if small:
            problems.append(
                "%s page at %d px: tap targets under 44 px: %s"
                % (kind, width, small[:6])
            )


def test_every_page_type_fits_every_width(browser, live_server, site):
    # axe-core is added to each page as a script of its own, which the site's CSP
    # would refuse (tests/theme/test_csp_browser.py checks the CSP itself).
    page = browser.new_page(locale="ar", bypass_csp=True)
    problems = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for kind, path in site.items():
            for width in WIDTHS:
                _check(page, live_server.url, kind, path, width, problems)
                if width in SHOT_WIDTHS:
                    problems += [
                        "%s page at %d px: axe: %s" % (kind, width, violation)
                        for violation in axe_violations(page)
                    ]
                    page.screenshot(
                        path=str(SCREENSHOTS / ("phones-%s-%d.png" % (kind, width))),
                        full_page=True,
                    )
    finally:
        page.close()
    assert not problems, "\n".join(problems)


def test_a_left_to_right_page_fits_a_phone_too(browser, live_server, site):
    """The theme uses logical properties only: flipped to LTR, nothing overflows."""
    page = browser.new_page(locale="ar")
    problems = []
    try:
        for kind in ("home", "article", "search"):
            for width in (320, 414, 1366):
                _check(page, live_server.url, kind, site[kind], width, problems, "ltr")
    finally:
        page.close()
    assert not problems, "\n".join(problems)


def test_the_phone_header_leads_to_search_without_javascript(
    browser, live_server, site
):
    context = browser.new_context(
        locale="ar", java_script_enabled=False, viewport={"width": 320, "height": 700}
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + site["article"])
        assert not page.locator(".site-search").is_visible()
        page.locator(".search-link").click()
        page.wait_for_load_state()
        assert page.url.endswith("/search/")
        page.fill(".search-main input", "الحكومة")
        page.locator(".search-main button").click()
        page.wait_for_load_state()
        assert page.locator(".search-result").count() > 0
        page.set_viewport_size({"width": 1024, "height": 700})
        assert page.locator(".site-search").is_visible()
        assert not page.locator(".search-link").is_visible()
    finally:
        context.close()
