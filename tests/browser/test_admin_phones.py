"""Akhbar's own admin pages at 320 and 1366 px, in real Chromium: Settings → API
tokens (list, new token with its scopes and expiry, the secret shown once, edit)
have no horizontal overflow, with a long Arabic token name, and every icon is
whole on the screen (the new and created pages' heading key was placed past the
heading's start, in RTL past the screen's right edge at 320 px, cut in half by
the page's clipping, which the overflow check passes over).

Screenshots go to var/screenshots/admin-*.png.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import APIToken

from tests.browser.conftest import SCREENSHOTS, arabic_page
from tests.browser.test_phones import OVERFLOW_JS
from tests.news.factories import ensure_home, make_article, make_section
from tests.newsroom.factories import PASSWORD, ensure_newsroom, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server):
    ensure_newsroom()
    user = make_user("admin")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


# Visible icons of the page's main part not wholly inside the screen (the closed
# side panel waits off screen, by design).
CUT_ICONS_JS = """() => [...document.querySelectorAll("main svg.icon")]
  .filter((icon) => !icon.closest(".form-side"))
  .map((icon) => [icon, icon.getBoundingClientRect()])
  .filter(([icon, box]) => box.width > 0
          && (box.left < 0 || box.right > document.documentElement.clientWidth))
  .map(([icon, box]) => icon.getAttribute("class") + " ["
       + Math.round(box.left) + ", " + Math.round(box.right) + "]")"""


def layout_problems(page, name, width, *, icons=False) -> list[str]:
    page.screenshot(
        path=str(SCREENSHOTS / ("admin-%s-%d.png" % (name, width))), full_page=True
    )
    cut = page.evaluate(CUT_ICONS_JS) if icons else []
    if cut:
        return ["%s at %d px: icons cut at the edge: %s" % (name, width, cut)]
    found = page.evaluate(OVERFLOW_JS)
    if found["scrollWidth"] > found["innerWidth"] or found["offenders"]:
        return [
            "%s at %d px: page %d px wide; %s"
            % (name, width, found["scrollWidth"], "; ".join(found["offenders"]))
        ]
    return []


@pytest.mark.parametrize("width", [320, 1366])
def test_api_token_pages_fit(browser, live_server, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    with arabic_page(browser, width) as page:
        sign_in(page, live_server)
        page.goto(live_server.url + reverse("wagtailusers_api_tokens:index"))
        problems += layout_problems(page, "api-tokens", width, icons=True)
        page.goto(live_server.url + reverse("wagtailusers_api_tokens:add"))
        problems += layout_problems(page, "api-token-new", width, icons=True)
        page.fill("#id_name", "مفتاح تطبيق الهاتف لغرفة الأخبار " * 3)
        page.select_option("#id_user", index=1)
        page.locator("input[name=scopes]").first.check()
        page.locator("form [type=submit]").last.click()
        page.wait_for_load_state()
        token = APIToken.objects.get()
        problems += layout_problems(page, "api-token-created", width, icons=True)
        copy = page.locator("[data-action='w-clipboard#copy']").bounding_box()
        if width < 800 and copy["height"] < 44:
            problems.append("copy button %d px tall at %d px" % (copy["height"], width))
        page.goto(live_server.url + reverse("wagtailusers_api_tokens:index"))
        problems += layout_problems(page, "api-tokens-one", width, icons=True)
        page.goto(
            live_server.url + reverse("wagtailusers_api_tokens:edit", args=[token.pk])
        )
        problems += layout_problems(page, "api-token-edit", width, icons=True)
    assert not problems, "\n".join(problems)


CHOOSER_JS = """() => {
  const modal = document.querySelector(".modal .modal-content")
    || document.querySelector(".modal .modal-dialog");
  const title = document.querySelector(".modal table td.title, .modal table td");
  return {
    modal: modal.getBoundingClientRect().width,
    title: title.getBoundingClientRect().width,
    modalScroll: modal.scrollWidth,
    modalClient: modal.clientWidth,
  };
}"""


@pytest.mark.parametrize("width", [320, 1366])
def test_read_also_page_chooser_fits(browser, live_server, width):
    """The read-also block's page chooser gives the title column most of the
    modal on a phone (Wagtail's secondary columns squeezed it to a sliver), with
    no horizontal overflow, at 320 and 1366 px."""
    section = make_section(ensure_home(), "رياضة")
    for number in range(3):
        make_article(section, "الترجي والنجم الساحلي في قمة الدوري رقم %d" % number)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with arabic_page(browser, width) as page:
        sign_in(page, live_server)
        page.goto(
            live_server.url
            + "/admin/pages/add/akhbar_news/articlepage/%d/" % section.pk
        )
        page.fill("#id_title", "الترجي في قمة الدوري")
        page.click(".c-sf-add-button")
        page.click("[role=option]:has-text('اقرأ أيضا')")
        page.click(".page-chooser.blank [data-chooser-action-choose]")
        page.locator(".modal table td").first.wait_for()
        page.screenshot(
            path=str(SCREENSHOTS / ("admin-page-chooser-%d.png" % width)),
            full_page=True,
        )
        sizes = page.evaluate(CHOOSER_JS)
        problems = layout_problems(page, "page-chooser", width)
    assert not problems, "\n".join(problems)
    assert sizes["modalScroll"] <= sizes["modalClient"] + 1, sizes
    if width == 320:
        assert sizes["title"] >= 0.6 * sizes["modal"], sizes


# Where the token's prefix and the ellipsis after it stand in the first text
# of ``selector`` that holds the prefix.
ELLIPSIS_JS = """([selector, prefix]) => {
  const walker = document.createTreeWalker(
    document.querySelector(selector), NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    const at = node.data.indexOf(prefix);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + prefix.length);
    const text = range.getBoundingClientRect();
    const dots = node.data.indexOf("\u2026", at);
    range.setStart(node, dots);
    range.setEnd(node, dots + 1);
    const ellipsis = range.getBoundingClientRect();
    return {textLeft: text.left, textRight: text.right, textTop: text.top,
            dotsLeft: ellipsis.left, dotsTop: ellipsis.top};
  }
  return null;
}"""


@pytest.mark.parametrize("width", [320, 1366])
def test_api_token_titles_keep_the_ellipsis_after_the_prefix(
    browser, live_server, width
):
    """«تطبيق الهاتف (wagtail_Emdn…)»: in the right-to-left admin the ellipsis
    follows the Latin prefix, on its right, in the edit page's heading and the
    revoke page's."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with arabic_page(browser, width) as page:
        sign_in(page, live_server)
        token, _ = APIToken.create_token(
            user=get_user_model().objects.get(), name="تطبيق الهاتف"
        )
        pages = [
            ("edit", "#header-title"),
            ("delete", ".w-header__subtitle"),
        ]
        problems = []
        for view, selector in pages:
            page.goto(
                live_server.url
                + reverse("wagtailusers_api_tokens:" + view, args=[token.pk])
            )
            found = page.evaluate(ELLIPSIS_JS, [selector, token.prefix])
            assert found, (view, selector)
            assert abs(found["dotsTop"] - found["textTop"]) < 2, (view, found)
            assert found["dotsLeft"] >= found["textRight"] - 1, (view, found)
            problems += layout_problems(page, "api-token-title-" + view, width)
    assert not problems, "\n".join(problems)
