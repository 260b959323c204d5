"""The page editor's schedule dialog ("set publishing schedule") used from a
phone and a desktop in real Chromium, as an Editor: the date and time picker
stands wholly on the screen (at 320 px its calendar's Saturday and its whole
time column were past the left edge, so no hour could be picked), a day and
an hour are picked with it, the dialog's save button is thumb-sized, and the
schedule is saved.

Screenshots go to var/screenshots/schedule-*.png.
"""

import pytest
from django.urls import reverse

from tests.browser.conftest import SCREENSHOTS
from tests.news.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PICKER = ".xdsoft_datetimepicker:visible"
BOX_JS = """(selector) => {
  const box = [...document.querySelectorAll(selector)]
    .find((element) => element.getClientRects().length).getBoundingClientRect();
  return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
          width: innerWidth, height: innerHeight};
}"""
VISIBLE_HOUR_JS = """() => {
  const picker = [...document.querySelectorAll(".xdsoft_datetimepicker")]
    .find((element) => element.getClientRects().length);
  const box = picker.querySelector(".xdsoft_time_box").getBoundingClientRect();
  const hour = [...picker.querySelectorAll(".xdsoft_time[data-minute='0']")]
    .find((element) => {
      const rect = element.getBoundingClientRect();
      return rect.top >= box.top && rect.bottom <= box.bottom;
    });
  return hour ? Number(hour.dataset.hour) : null;
}"""


@pytest.mark.parametrize("width", [320, 1366])
def test_a_publishing_schedule_is_set_from_a_phone(
    editor_page, live_server, home, width
):
    page = editor_page
    page.set_viewport_size({"width": width, "height": 640})
    article = make_article(make_section(home, "اقتصاد"), "موازنة العام المقبل")
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[article.pk]))
    page.locator("[data-side-panel-toggle='status']").first.click()
    page.locator("[data-a11y-dialog-show='schedule-publishing-dialog']").first.click()
    dialog = page.locator("#schedule-publishing-dialog")
    field = dialog.locator("[name=go_live_at]")
    field.click()
    page.locator(PICKER).wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / ("schedule-picker-%d.png" % width)))
    box = page.evaluate(BOX_JS, ".xdsoft_datetimepicker")
    assert box["left"] >= 0 and box["right"] <= box["width"], box
    assert box["top"] >= 0 and box["bottom"] <= box["height"], box

    picker = page.locator(PICKER)
    picker.locator(".xdsoft_next").first.click()  # Next month: always ahead.
    picker.locator("td.xdsoft_date:not(.xdsoft_other_month)[data-date='15']").click()
    # The time column scrolls within its box to the hour now, so which hours
    # show depends on the clock: pick the first one wholly in sight, as a
    # reader of the screen would.
    hour = page.evaluate(VISIBLE_HOUR_JS)
    assert hour is not None, "no hour in sight in the time column"
    picker.locator(".xdsoft_time[data-hour='%d'][data-minute='0']" % hour).first.click()
    assert field.input_value().endswith("%02d:00" % hour), (hour, field.input_value())
    dialog.locator("h2").first.click()  # Outside the picker: it closes.
    page.locator(PICKER).wait_for(state="hidden")
    chosen = field.input_value()

    save = dialog.locator("[type=submit]").first
    if width < 1000:
        assert save.bounding_box()["height"] >= 44
    with page.expect_navigation():
        save.click()
    page.wait_for_load_state()
    page.screenshot(path=str(SCREENSHOTS / ("schedule-saved-%d.png" % width)))
    article.refresh_from_db()
    go_live = article.get_latest_revision().content.get("go_live_at")
    assert go_live and go_live[8:10] in {"14", "15"}, (chosen, go_live)
