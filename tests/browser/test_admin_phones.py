"""Akhbar's own admin pages at 320 and 1366 px, in real Chromium: Settings → API
tokens (list, new token with its scopes and expiry, the secret shown once, edit)
have no horizontal overflow, with a long Arabic token name.

Screenshots go to var/screenshots/admin-*.png.
"""

import pytest
from django.urls import reverse
from wagtail.models import APIToken

from tests.browser.conftest import SCREENSHOTS, arabic_page
from tests.browser.test_phones import OVERFLOW_JS
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


def layout_problems(page, name, width) -> list[str]:
    page.screenshot(
        path=str(SCREENSHOTS / ("admin-%s-%d.png" % (name, width))), full_page=True
    )
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
        problems += layout_problems(page, "api-tokens", width)
        page.goto(live_server.url + reverse("wagtailusers_api_tokens:add"))
        problems += layout_problems(page, "api-token-new", width)
        page.fill("#id_name", "مفتاح تطبيق الهاتف لغرفة الأخبار " * 3)
        page.select_option("#id_user", index=1)
        page.locator("input[name=scopes]").first.check()
        page.locator("form [type=submit]").last.click()
        page.wait_for_load_state()
        token = APIToken.objects.get()
        problems += layout_problems(page, "api-token-created", width)
        page.goto(live_server.url + reverse("wagtailusers_api_tokens:index"))
        problems += layout_problems(page, "api-tokens-one", width)
        page.goto(
            live_server.url + reverse("wagtailusers_api_tokens:edit", args=[token.pk])
        )
        problems += layout_problems(page, "api-token-edit", width)
    assert not problems, "\n".join(problems)
