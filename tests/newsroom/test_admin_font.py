"""Bold Arabic in the admin, in Chromium: a final ي keeps its two dots.

Wagtail's bold (the title field at weight 800, labels and headings at 600-700)
takes the admin's font stack. When the bold face behind it is not there yet or
cannot load, Chromium on Linux drew that Arabic from DejaVu Sans, whose final ي
has no dots. The checks draw ي and ى (the same letter without dots) in the title
field's own computed font, and in the title field itself (which clips what
leaves its line box: the dots of final ي hang low in Naskh); if the dots are
lost, the two render alike. They also ask Chromium which face drew the title.
Screenshots go to var/screenshots/admin-font-*.png.
"""

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.news.factories import make_article, make_section
from tests.newsroom.factories import ensure_newsroom, make_user
from tests.newsroom.test_browser import in_browser, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "وزير الخارجية في زيارة إلى دبي والرياض"
WEIGHTS = ("400", "600", "700", "800")
FULL_ARABIC_FACES = ("NotoNaskhArabic", "NotoSansArabic")

# Two words that differ only by the dots of the final yeh, drawn in the computed
# font family of ``selector`` at ``weight``.
PROBE_JS = """([selector, weight]) => {
  document.querySelectorAll("[id^=probe]").forEach((element) => element.remove());
  const style = getComputedStyle(document.querySelector(selector));
  for (const [id, word] of [["probe-dots", "في علي"], ["probe-bare", "فى على"]]) {
    const span = document.createElement("span");
    span.id = id;
    span.textContent = word;
    Object.assign(span.style, {
      fontFamily: style.fontFamily, fontSize: "64px", fontWeight: weight,
      lineHeight: "1.6", display: "inline-block", padding: "8px",
      background: "#fff", color: "#000",
    });
    document.body.prepend(span);
  }
  return style.fontWeight;
}"""


def _faces_of(page, selector):
    """The PostScript names of the faces Chromium used to draw ``selector``."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    return [font["postScriptName"] for font in fonts["fonts"]]


def _look(base, article, name, *, block_web_fonts):
    def steps(page):
        sign_in(page, base, "rania")
        if block_web_fonts:
            page.route("**/*.woff2", lambda route: route.abort())
        page.goto(base + "/admin/pages/%d/edit/" % article.pk)
        page.wait_for_selector("#id_title")
        page.evaluate("document.fonts.ready")
        page.locator("#id_title").screenshot(
            path=str(SCREENSHOTS / ("admin-font-title-%s.png" % name))
        )
        faces = _faces_of(page, "#id_title")
        title = page.locator("#id_title")
        title.fill("في دبي")
        dotted_title = title.screenshot(
            path=str(SCREENSHOTS / ("admin-font-title-yeh-%s.png" % name))
        )
        title.fill("فى دبى")
        bare_title = title.screenshot()
        dotted = {}
        for weight in WEIGHTS:
            title_weight = page.evaluate(PROBE_JS, ["#id_title", weight])
            page.evaluate("document.fonts.ready")
            dots = page.locator("#probe-dots").screenshot(
                path=str(SCREENSHOTS / ("admin-font-yeh-%s-%s.png" % (name, weight)))
            )
            dotted[weight] = dots != page.locator("#probe-bare").screenshot()
        dotted["title"] = dotted_title != bare_title
        return faces, title_weight, dotted

    return in_browser(steps)


@pytest.fixture
def article(transactional_db):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    section = make_section(ensure_newsroom(), "أخبار")
    make_user("editor", "rania")
    return make_article(section, TITLE)


def test_bold_arabic_in_the_editor_keeps_the_dots_of_final_yeh(live_server, article):
    faces, title_weight, dotted = _look(
        live_server.url, article, "loaded", block_web_fonts=False
    )
    assert int(title_weight) >= 600, "Wagtail's title field is bold"
    assert "NotoNaskhArabic-Bold" in faces, faces
    assert dotted == dict.fromkeys((*WEIGHTS, "title"), True), dotted


def test_without_the_web_font_bold_arabic_still_comes_from_a_full_face(
    live_server, article
):
    """While the web font loads, or if it cannot, Arabic is drawn from a full
    Arabic face of the system, never DejaVu Sans without the dots."""
    faces, _, dotted = _look(live_server.url, article, "blocked", block_web_fonts=True)
    assert not any(face.startswith("DejaVu") for face in faces), faces
    assert any(face.startswith(FULL_ARABIC_FACES) for face in faces), faces
    assert dotted == dict.fromkeys((*WEIGHTS, "title"), True), dotted
