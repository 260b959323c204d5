"""In real Chromium: an Editor posts, edits and deletes entries through the
admin's form over HTTP while a reader's page is open; each change reaches the
reader within 5 s, new entries behind the bar, and the reader's place on the
page does not move."""

from urllib.parse import urlsplit

import pytest

from akhbar.live.models import LiveEntry
from tests.browser.conftest import SCREENSHOTS
from tests.core.test_varnish import VARNISHD, started_front
from tests.live.factories import bulk_entries, make_story
from tests.news.factories import make_section
from tests.newsroom.factories import PASSWORD, ensure_newsroom, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The issue's promise: a change is on readers' pages within this many seconds.
SEEN_WITHIN_MS = 5000
WIDTHS = (320, 1366)

ANCHOR_TOP = """(id) => document.querySelector(
    '#live-entries [data-entry-id="' + id + '"]').getBoundingClientRect().top"""
NO_SIDEWAYS_SCROLL = "document.scrollingElement.scrollWidth <= window.innerWidth + 1"


@pytest.fixture
def story(home):
    newsroom = ensure_newsroom()
    story = make_story(make_section(newsroom, "انتخابات"), "الانتخابات لحظة بلحظة")
    bulk_entries(story, 30)
    return story


def sign_in(browser, live_server, user):
    context = browser.new_context(locale="ar")
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    return page


def post_entry(admin, live_server, story, text):
    admin.goto("%s/admin/live/%s/" % (live_server.url, story.pk))
    admin.fill("#id_text", text)
    admin.click("#live-entry-form button[type=submit]")
    admin.wait_for_load_state()
    assert "نُشر التحديث" in admin.content()


SCROLL_SETTLED = """() => new Promise((done) => {
    const before = window.scrollY;
    setTimeout(() => done(window.scrollY === before), 300);
})"""


def hold_place(reader, index):
    """Scroll the reader to the ``index``-th entry; once the page is still,
    return the entry's id and top."""
    reader.wait_for_function(SCROLL_SETTLED)
    entry_id = reader.evaluate(
        """(index) => {
            const entry = document.querySelectorAll('#live-entries article')[index];
            entry.scrollIntoView({ behavior: 'instant' });
            window.scrollBy({ top: -40, behavior: 'instant' });
            return entry.getAttribute('data-entry-id');
        }""",
        index,
    )
    reader.wait_for_function(SCROLL_SETTLED)
    return entry_id, reader.evaluate(ANCHOR_TOP, entry_id)


def assert_place_kept(reader, entry_id, top):
    assert abs(reader.evaluate(ANCHOR_TOP, entry_id) - top) <= 2


@pytest.fixture(params=["origin", "varnish"])
def reader_base(request, live_server, settings):
    """Where the reader's browser loads the story: the origin itself, or a real
    Varnish with the repository's VCL in front of it (the cache front)."""
    if request.param == "origin":
        yield live_server.url
        return
    if VARNISHD is None:
        pytest.skip("varnishd is not installed ('scripts/setup --test' installs it)")
    origin = urlsplit(live_server.url)
    with started_front(settings, "127.0.0.1", origin.port) as front:
        yield front.url


def test_editor_posts_edits_deletes_and_the_reader_sees_it_in_place(
    browser, live_server, story, reader_base
):
    editor = make_user("editor", "live-editor")
    reader_context = browser.new_context(
        locale="ar", viewport={"width": 1366, "height": 800}
    )
    reader = reader_context.new_page()
    polls = []
    reader.on(
        "response",
        lambda response: (
            polls.append(response) if "/updates.json" in response.url else None
        ),
    )
    reader.goto(reader_base + story.url)
    admin = sign_in(browser, live_server, editor)

    anchor, top = hold_place(reader, 10)
    labels = ["تحديث جديد واحد", "تحديثان جديدان", "٣ تحديثات جديدة"]
    for number, label in enumerate(labels, start=1):
        post_entry(admin, live_server, story, "تحديث رقم %d من غرفة الأخبار" % number)
        reader.wait_for_function(
            "(label) => document.getElementById('live-bar').textContent === label",
            arg=label,
            timeout=SEEN_WITHIN_MS,
        )
        assert_place_kept(reader, anchor, top)
    reader.click("#live-bar")
    newest = reader.locator("#live-entries article").first
    assert "تحديث رقم 3 من غرفة الأخبار" in newest.inner_text()
    assert reader.locator("#live-bar").is_hidden()

    # An edit above the reader's place makes that entry much longer.
    edited = LiveEntry.objects.filter(page=story).order_by("-posted_at")[1]
    anchor, top = hold_place(reader, 12)
    admin.goto("%s/admin/live/%s/entries/%s/" % (live_server.url, story.pk, edited.pk))
    admin.fill("#id_text", "\n\n".join(["نص مصحح طويل يضيف فقرات كثيرة."] * 8))
    admin.fill("#id_correction", "صُحّح اسم الدائرة.")
    admin.click("#live-entry-form button[type=submit]")
    admin.wait_for_load_state()
    reader.wait_for_function(
        """(id) => (document.getElementById('entry-' + id) || {}).textContent
            ?.includes('صُحّح اسم الدائرة')""",
        arg=edited.pk,
        timeout=SEEN_WITHIN_MS,
    )
    assert_place_kept(reader, anchor, top)

    # A deletion above the reader's place.
    deleted = LiveEntry.objects.filter(page=story).order_by("-posted_at")[2]
    admin.goto("%s/admin/live/%s/" % (live_server.url, story.pk))
    admin.locator('tr[data-entry-id="%s"] a.no' % deleted.pk).click()
    admin.wait_for_load_state()
    admin.locator(".akhbar-live-admin form button.no").click()  # Asked first.
    admin.wait_for_load_state()
    reader.wait_for_function(
        "(id) => !document.getElementById('entry-' + id)",
        arg=deleted.pk,
        timeout=SEEN_WITHIN_MS,
    )
    assert_place_kept(reader, anchor, top)

    # Every poll went where the page came from (through the cache front, if any).
    assert polls and all(p.url.startswith(reader_base) for p in polls)
    if reader_base != live_server.url:
        assert all("x-varnish" in p.headers for p in polls)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        reader.set_viewport_size({"width": width, "height": 800})
        reader.evaluate("window.scrollTo({ top: 0, behavior: 'instant' })")
        assert reader.evaluate(NO_SIDEWAYS_SCROLL)
        name = "live-story-%d%s.png" % (
            width,
            "" if reader_base == live_server.url else "-front",
        )
        reader.screenshot(path=str(SCREENSHOTS / name))
    reader_context.close()
    admin.context.close()
