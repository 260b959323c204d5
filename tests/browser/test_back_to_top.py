"""The floating back-to-top button never lies over a form control nor over the
words of an image's caption, and stays a 44 px target a reader can reach, in
real Chromium at 320 (375) and 1366 px.

At 320 px the button used to sit over the corner of the newsletter form once the
form reached the foot of the screen, and over the end of the lead image's
caption when the caption passed the corner.
"""

import pytest

from akhbar.newsletters.models import NewsletterList
from tests.browser.conftest import arabic_page
from tests.live.factories import make_entry, make_story
from tests.news.factories import make_article, make_image, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Two animation frames: the page's scroll handler has run and placed the button.
SETTLED = """() => new Promise((done) =>
  requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"""

# The button's box when shown, and every visible form control it overlaps.
OVERLAPS = """() => {
  const button = document.querySelector(".back-to-top");
  const box = button.getBoundingClientRect();
  const shown = getComputedStyle(button).visibility !== "hidden";
  const hit = [];
  for (const control of document.querySelectorAll(
      "input:not([type=hidden]), select, textarea, button")) {
    if (control.closest(".visually-hidden")) continue;
    const other = control.getBoundingClientRect();
    if (!other.width || !other.height) continue;
    if (other.left < box.right && other.right > box.left
        && other.top < box.bottom && other.bottom > box.top) {
      hit.push(control.outerHTML.slice(0, 60));
    }
  }
  return {shown, hit, width: box.width, height: box.height,
          position: getComputedStyle(button).position};
}"""

# Scroll so that the centre of ``selector``'s ``index``-th element is level with
# the centre of the back-to-top button.
UNDER_BUTTON = """([selector, index]) => {
  const control = document.querySelectorAll(selector)[index].getBoundingClientRect();
  const button = document.querySelector(".back-to-top").getBoundingClientRect();
  window.scrollBy({top: (control.top + control.bottom - button.top - button.bottom) / 2,
                   behavior: "instant"});
}"""

NEWSLETTER_CONTROLS = ".newsletter-form input[name=email], .newsletter-form button"


@pytest.fixture
def pages(home):
    NewsletterList.objects.create(
        name="الموجز اليومي",
        slug="daily",
        kind=NewsletterList.Kind.DAILY,
        description="أهم أخبار اليوم في رسالة واحدة كل صباح",
    )
    section = make_section(home, "سياسة")
    paragraph = {"type": "paragraph", "value": "<p>%s</p>" % ("فقرة من الخبر. " * 60)}
    article = make_article(
        section, "خبر طويل مع نموذج الاشتراك", body=[paragraph] * 6, is_lead=True
    )
    story = make_story(section, "الانتخابات لحظة بلحظة")
    for number in range(12):
        make_entry(story, "تحديث رقم %d من الميدان. " % number * 8)
    return {"home": "/", "article": article.url, "live story": story.url}


def settle(page):
    page.evaluate(SETTLED)
    page.evaluate(SETTLED)


@pytest.mark.parametrize("width", [320, 1366])
def test_back_to_top_never_covers_a_form_control(browser, live_server, pages, width):
    problems = []
    with arabic_page(browser, width, height=640) as page:
        for kind, path in pages.items():
            page.goto(live_server.url + path)
            page.wait_for_load_state("load")
            settle(page)
            state = page.evaluate(OVERLAPS)
            assert state["position"] == "fixed", (kind, state)
            assert state["width"] >= 44 and state["height"] >= 44, (kind, state)
            # Each newsletter control brought level with the button: the case
            # that failed at 320 px.
            for index in range(page.locator(NEWSLETTER_CONTROLS).count()):
                page.evaluate(UNDER_BUTTON, [NEWSLETTER_CONTROLS, index])
                settle(page)
                state = page.evaluate(OVERLAPS)
                if state["shown"] and state["hit"]:
                    problems.append("%s at %d px: %s" % (kind, width, state["hit"]))
            # Then the whole page, a quarter of a screen at a time.
            height = page.evaluate("() => document.documentElement.scrollHeight")
            shown = 0
            for top in range(0, height, 160):
                page.evaluate("(top) => window.scrollTo(0, top)", top)
                settle(page)
                state = page.evaluate(OVERLAPS)
                shown += state["shown"]
                if state["shown"] and state["hit"]:
                    problems.append(
                        "%s at %d px, scrolled %d: %s"
                        % (kind, width, top, state["hit"])
                    )
            # Reachable: shown at most places, and it takes the reader to the top.
            assert shown > height / 160 / 2, (kind, shown, height)
            page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
            settle(page)
            page.locator(".back-to-top").click()
            page.wait_for_function("() => window.scrollY === 0", timeout=5000)
    assert not problems, "\n".join(problems)


def test_it_shows_once_the_reader_has_scrolled_and_never_on_a_short_page(
    browser, live_server, pages
):
    shown = "() => getComputedStyle(document.querySelector('.back-to-top'))" \
        ".visibility !== 'hidden'"  # fmt: skip
    with arabic_page(browser, 320, height=640) as page:
        page.goto(live_server.url + pages["article"])
        page.wait_for_load_state("load")
        settle(page)
        assert not page.evaluate(shown)
        page.evaluate("() => window.scrollTo(0, 640)")
        settle(page)
        assert page.evaluate(shown)
        # A page too short to scroll (the 404 page at 1366 px) never shows it.
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(live_server.url + "/لا-توجد-صفحة-بهذا-الاسم/")
        page.wait_for_load_state("load")
        settle(page)
        scrollable = page.evaluate(
            "() => document.documentElement.scrollHeight > window.innerHeight"
        )
        assert not scrollable
        page.evaluate("() => window.scrollTo(0, 1000)")
        settle(page)
        assert not page.evaluate(shown)


def test_without_javascript_it_is_a_button_at_the_foot_of_the_page(
    browser, live_server, pages
):
    with arabic_page(browser, 320, height=640, java_script_enabled=False) as page:
        page.goto(live_server.url + pages["article"])
        button = page.locator(".site-footer .back-to-top")
        assert button.evaluate("(b) => getComputedStyle(b).position") == "static"
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
        form = page.locator(".newsletter-form").bounding_box()
        assert box["y"] >= form["y"] + form["height"]


# Every line box of the captions' words (a Range's rectangles) that the shown
# button overlaps.
CAPTION_WORDS_UNDER_BUTTON = """() => {
  const button = document.querySelector(".back-to-top");
  if (getComputedStyle(button).visibility === "hidden") return [];
  const box = button.getBoundingClientRect();
  const hit = [];
  for (const caption of document.querySelectorAll(".article figcaption")) {
    const range = document.createRange();
    range.selectNodeContents(caption);
    for (const line of range.getClientRects()) {
      if (line.width && line.left < box.right && line.right > box.left
          && line.top < box.bottom && line.bottom > box.top) {
        hit.push(caption.textContent.slice(0, 40));
      }
    }
  }
  return hit;
}"""


@pytest.mark.parametrize("width", [320, 375, 1366])
def test_back_to_top_never_covers_the_words_of_a_caption(
    browser, live_server, home, width
):
    caption = "رئيس الوزراء يصل إلى مقر القمة العربية في العاصمة صباح اليوم " * 2
    paragraph = {"type": "paragraph", "value": "<p>%s</p>" % ("فقرة من الخبر. " * 60)}
    article = make_article(
        make_section(home, "سياسة"),
        "خبر بصورة رئيسية وتعليق طويل",
        featured_image=make_image(),
        featured_image_caption=caption,
        featured_image_credit="تصوير: وكالة الأنباء",
        body=[paragraph] * 4,
    )
    problems = []
    with arabic_page(browser, width, height=640) as page:
        page.goto(live_server.url + article.url)
        page.wait_for_load_state("load")
        settle(page)
        problems += page.evaluate(CAPTION_WORDS_UNDER_BUTTON)
        # Each line of the caption brought past the button, 8 px at a time.
        page.evaluate(UNDER_BUTTON, [".article figcaption", 0])
        page.evaluate("() => window.scrollBy({top: -80, behavior: 'instant'})")
        for _ in range(20):
            settle(page)
            problems += page.evaluate(CAPTION_WORDS_UNDER_BUTTON)
            page.evaluate("() => window.scrollBy({top: 8, behavior: 'instant'})")
    assert not problems, problems
