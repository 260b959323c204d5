"""In real Chromium, the newsroom's own screens a reporter or a moderator uses
from a phone: the comments' moderation queue and a live story's updates, at 320
and 1366 px. Nothing overflows; on a phone the comment keeps most of the screen's
width (the queue's six columns left it a few letters a line) and every control
of ours is thumb-sized (44 px; Wagtail's small buttons were 24 px, the delete of
a live update 4 px under its edit). Deleting an update asks first.

Screenshots go to var/screenshots/newsroom-phone-*.png.
"""

import pytest
from django.urls import reverse

from akhbar.comments.models import Comment
from tests.browser.conftest import SCREENSHOTS, thumb_and_axe_problems
from tests.browser.test_phones import OVERFLOW_JS
from tests.comments.factories import make_comment
from tests.live.factories import make_entry, make_story
from tests.news.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (320, 1366)
CONTROLS = "a.button, button, input, select, textarea"
COMMENT = (
    "هل ستُبث جلسات مناقشة الموازنة مباشرة؟ لم أجد موعداً لذلك في أي مكان "
    "على الموقع، وأرجو أن تنشروا الجدول كاملاً."
)


@pytest.fixture
def editor(editor_page):
    return editor_page


def problems_of(page, name, width, scope) -> list[str]:
    page.screenshot(
        path=str(SCREENSHOTS / ("newsroom-phone-%s-%d.png" % (name, width))),
        full_page=True,
    )
    problems = []
    found = page.evaluate(OVERFLOW_JS)
    if found["scrollWidth"] > found["innerWidth"] or found["offenders"]:
        problems.append(
            "%s at %d px: page %d px wide; %s"
            % (name, width, found["scrollWidth"], "; ".join(found["offenders"]))
        )
    selector = ", ".join("%s %s" % (scope, kind) for kind in CONTROLS.split(", "))
    return (
        problems
        + cut_placeholders(page, name, width, scope)
        + thumb_and_axe_problems(page, name, width, selector)
    )


# Fields whose placeholder is wider than the room for text inside them.
CUT_PLACEHOLDERS = """(scope) =>
  [...document.querySelectorAll(scope + " [placeholder]")]
  .filter((field) => field.getClientRects().length)
  .map((field) => {
    const style = getComputedStyle(field);
    const context = document.createElement("canvas").getContext("2d");
    context.font = style.font;
    const room = field.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight);
    return [field.id, context.measureText(field.placeholder).width, room];
  })
  .filter(([id, text, room]) => text > room)
  .map(([id, text, room]) => id + " " + Math.round(text) + " of " + Math.round(room))"""


def cut_placeholders(page, name, width, scope) -> list[str]:
    cut = page.evaluate(CUT_PLACEHOLDERS, scope)
    return ["%s at %d px: placeholder cut: %s" % (name, width, cut)] if cut else []


def test_the_moderation_queue_reads_on_a_phone(editor, live_server, home):
    article = make_article(
        make_section(home, "اقتصاد"),
        "البرلمان يبدأ مناقشة موازنة العام المقبل وسط خلاف حول الإنفاق الاجتماعي",
    )
    held = make_comment(
        article,
        status=Comment.Status.PENDING,
        body=COMMENT,
        author_email="new.reader.demo@example.org",
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for width in WIDTHS:
        editor.set_viewport_size({"width": width, "height": 800})
        editor.goto(live_server.url + reverse("akhbar_comments_admin:index"))
        problems += problems_of(editor, "comments", width, ".akhbar-comments-queue")
        if width == 320:
            text = editor.locator("#queue-comment-%d .comment-text" % held.pk)
            main = editor.locator("main").bounding_box()["width"]
            if text.bounding_box()["width"] < 0.6 * main:
                problems.append(
                    "the comment is %d px wide of %d"
                    % (text.bounding_box()["width"], main)
                )
    editor.set_viewport_size({"width": 320, "height": 800})
    editor.click("#queue-comment-%d button[value='approve:%d']" % (held.pk, held.pk))
    editor.wait_for_load_state()
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED
    assert not problems, "\n".join(problems)


def test_a_live_story_is_written_from_a_phone(editor, live_server, home):
    story = make_story(make_section(home, "محليات"), "مباشر: أمطار غزيرة وسيول")
    for number in range(3):
        make_entry(story, "أجلت فرق الدفاع المدني عشرات الأسر رقم %d" % number)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url + reverse("akhbar_live_admin:story", args=[story.pk])
    problems = []
    for width in WIDTHS:
        editor.set_viewport_size({"width": width, "height": 800})
        editor.goto(url)
        problems += problems_of(editor, "live", width, ".akhbar-live-admin")
    editor.set_viewport_size({"width": 320, "height": 800})
    editor.goto(url)
    editor.fill("#id_title", "انقطاع الكهرباء")
    editor.fill("#id_text", "انقطع التيار الكهربائي عن أجزاء من حي الميناء.")
    editor.check("#id_is_key_event")
    editor.click("#live-entry-form button[type=submit]")
    editor.wait_for_load_state()
    entry = story.entries.get(title="انقطاع الكهرباء")
    assert entry.is_published and entry.is_key_event
    editor.goto(
        live_server.url
        + reverse("akhbar_live_admin:entry_edit", args=[story.pk, entry.pk])
    )
    problems += problems_of(editor, "live-entry", 320, ".akhbar-live-admin")
    editor.goto(url)
    editor.click("tr[data-entry-id='%d'] a.no" % entry.pk)
    editor.wait_for_load_state()
    problems += problems_of(editor, "live-delete", 320, ".akhbar-live-admin")
    entry.refresh_from_db()
    assert entry.deleted_at is None  # Asked first.
    editor.click(".akhbar-live-admin form button.no")
    editor.wait_for_load_state()
    entry.refresh_from_db()
    assert entry.deleted_at is not None
    assert not problems, "\n".join(problems)
