"""What a new reader saw on the demo, in real Chromium at 320 and 1366 px: a
live story's key events ran each time into its title ("٢١:٢٨تعليق الدراسة")
and were numbered 1. 2. in Western digits on an Arabic-digit site; an author
without a photo read "كا" (the article's alif) in the avatar."""

import pytest

from tests.browser.conftest import arabic_page
from tests.live.factories import make_entry, make_story
from tests.news.factories import make_author, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The key events' first item: the gap between its time and its title, and the
# list's marker style.
KEY_EVENT = """() => {
  const link = document.querySelector(".live-key-events li a");
  const time = link.querySelector("time").getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(link);
  range.setStartAfter(link.querySelector("time"));
  const title = range.getBoundingClientRect();
  const list = document.querySelector(".live-key-events ol");
  return {gap: time.left - title.right,
          marker: getComputedStyle(list.querySelector("li")).listStyleType};
}"""


@pytest.mark.parametrize("width", [320, 1366])
def test_key_events_keep_a_space_and_count_in_arabic_digits(
    browser, live_server, home, width
):
    story = make_story(make_section(home, "محليات"), "أمطار غزيرة في الساحل")
    make_entry(story, "تعليق الدراسة في المدارس كلها", is_key_event=True)
    with arabic_page(browser, width) as page:
        page.goto(live_server.url + story.url)
        found = page.evaluate(KEY_EVENT)
    # RTL: the time stands right of the title, a visible gap between them.
    assert found["gap"] >= 4, found
    assert found["marker"] == "arabic-indic", found


@pytest.mark.parametrize("width", [320, 1366])
def test_an_author_avatar_skips_the_family_name_article(
    browser, live_server, home, width
):
    author = make_author(home, "كريم العطار")
    with arabic_page(browser, width) as page:
        page.goto(live_server.url + author.url)
        letters = page.locator(".avatar").inner_text()
    assert letters.replace("\u200c", "") == "كع"
