"""Wagtail's own screens an editor reaches from a phone, at 320 and 1366 px in
real Chromium, with Akhbar's admin stylesheet: the pages list with its
bulk-actions footer open, the newsletter issues list, the compare screen, the
related pins form and an API token's revoke page. Nothing is cut at the
screen's edge (Wagtail clips what overflows, so the page-width check alone
passes over it), a field's name is not broken inside a word, and the page
choosers' buttons are thumb-sized.

Screenshots go to var/screenshots/wagtail-phone-*.png.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import APIToken

from akhbar.newsletters.models import Issue, NewsletterList
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_admin_phones import sign_in
from tests.news.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Visible elements under ``selector`` that stand partly off the screen's sides
# (whether or not a parent clips them: what is clipped is not seen either).
CUT_JS = """(selector) => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll(selector)]
    .filter((element) => element.getClientRects().length
            && getComputedStyle(element).visibility !== "hidden")
    .map((element) => [element, element.getBoundingClientRect()])
    .filter(([element, box]) => box.width >= 2 && box.height >= 2
            && (box.left < -1 || box.right > width + 1))
    .map(([element, box]) => element.tagName.toLowerCase() + "."
         + String(element.className).trim().split(/\\s+/).join(".") + " «"
         + element.textContent.trim().slice(0, 20) + "» ["
         + Math.round(box.left) + ", " + Math.round(box.right) + "]");
}"""

# How many lines the text ``word`` takes inside the first ``selector`` holding it.
LINES_JS = """([selector, word]) => {
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode()); ) {
      const at = node.data.indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    }
  }
  return 0;
}"""

# Visible controls under ``selector`` less than 44 px tall.
SHORT_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((element) => element.getClientRects().length)
  .map((element) => [element, element.getBoundingClientRect()])
  .filter(([element, box]) => box.height < 44)
  .map(([element, box]) => element.textContent.trim().slice(0, 20) + " "
       + Math.round(box.height) + " px")"""


def screenshot(page, name, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(SCREENSHOTS / ("wagtail-phone-%s-%d.png" % (name, width))),
        full_page=True,
    )


def cut(page, name, width, selector) -> list[str]:
    screenshot(page, name, width)
    found = page.evaluate(CUT_JS, selector)
    return ["%s at %d px: cut at the edge: %s" % (name, width, found)] if found else []


@pytest.mark.parametrize("width", [320, 1366])
def test_wagtail_screens_fit_a_phone(browser, live_server, home, width):
    section = make_section(home, "اقتصاد")
    article = make_article(section, "البرلمان يبدأ مناقشة موازنة العام المقبل")
    make_article(section, "الحكومة تعرض خطتها")
    first = article.save_revision()
    article.standfirst = "مقدمة جديدة أطول قليلاً من الأولى للخبر."
    second = article.save_revision()
    newsletter = NewsletterList.objects.create(
        name="الموجز اليومي", slug="daily", kind=NewsletterList.Kind.DAILY
    )
    Issue.objects.create(
        newsletter=newsletter,
        subject="عدد الأحد الخاص عن الموازنة",
        scheduled_at=timezone.now(),
        finished_at=timezone.now(),
    )
    context = browser.new_context(locale="ar", viewport={"width": width, "height": 800})
    page = context.new_page()
    problems = []
    try:
        sign_in(page, live_server)
        page.goto(live_server.url + reverse("wagtailadmin_explore", args=[section.pk]))
        page.locator("input[data-bulk-action-checkbox]").first.check()
        footer = page.locator("[data-bulk-action-footer]")
        footer.wait_for(state="visible")
        page.wait_for_timeout(500)  # Its slide in ends.
        problems += cut(page, "bulk-actions", width, "[data-bulk-action-footer] *")

        page.goto(
            live_server.url + reverse("wagtailsnippets_akhbar_newsletters_issue:list")
        )
        problems += cut(page, "issues", width, "main table *")

        page.goto(
            live_server.url
            + reverse(
                "wagtailadmin_pages:revisions_compare",
                args=[article.pk, first.pk, second.pk],
            )
        )
        screenshot(page, "compare", width)
        lines = page.evaluate(LINES_JS, ["main td.title", "المقدمة"])
        if lines != 1:
            problems.append("compare at %d px: «المقدمة» on %d lines" % (width, lines))

        page.goto(live_server.url + reverse("related_choices:add"))
        screenshot(page, "pins", width)
        if width < 1000:
            short = page.evaluate(SHORT_JS, "main .chooser button, main .chooser a")
            if short:
                problems.append("pins at %d px: chooser controls %s" % (width, short))

        token, _secret = APIToken.create_token(
            user=get_user_model().objects.get(), name="تطبيق الهاتف لغرفة الأخبار"
        )
        page.goto(
            live_server.url + reverse("wagtailusers_api_tokens:delete", args=[token.pk])
        )
        problems += cut(page, "revoke", width, "main header h1, main header h1 *")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
