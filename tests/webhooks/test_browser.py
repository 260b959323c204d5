"""In real Chromium, at a phone's and a desktop's width: an Editor registers an
endpoint through the admin (right to left) and reads its secret and the log."""

import re

import pytest
from django.test import override_settings

from akhbar.webhooks.models import Delivery, Endpoint
from tests.browser.conftest import SCREENSHOTS
from tests.live.test_browser import sign_in
from tests.newsroom.factories import ensure_newsroom, make_user
from tests.webhooks.receiver import running_receiver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "document.scrollingElement.scrollWidth <= window.innerWidth + 1"


@pytest.mark.parametrize("width", [320, 1366])
def test_an_editor_registers_an_endpoint_in_the_admin(browser, live_server, width):
    ensure_newsroom()
    editor = make_user("editor")
    page = sign_in(browser, live_server, editor)
    page.set_viewport_size({"width": width, "height": 900})

    with (
        running_receiver() as receiver,
        override_settings(AKHBAR_WEBHOOKS_ALLOW_PRIVATE=True),
    ):
        page.goto(live_server.url + "/admin/webhook_endpoints/new/")
        assert page.get_attribute("html", "dir") == "rtl"
        page.fill("#id_name", "تطبيق الجوال")
        page.fill("#id_url", receiver.url)
        page.check("#id_on_comment_approved")
        page.click("footer button[type=submit]")
        page.wait_for_url(re.compile(r"/inspect/\d+/$"))
        endpoint = Endpoint.objects.get()
        assert endpoint.created_by == editor
        assert endpoint.on_comment_approved
        secret = page.locator("#webhook-secret")
        assert secret.input_value() == endpoint.secret
        # The 64 characters stay inside the page: the field scrolls, not the page.
        box = secret.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1
        assert page.get_by_role("button", name="نسخ المفتاح").is_visible()
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        page.screenshot(path=str(SCREENSHOTS / ("webhook-endpoint-%d.png" % width)))

        page.goto(live_server.url + "/admin/webhook_endpoints/ping/%d/" % endpoint.pk)
        page.get_by_role("button", name="إرسال تجربة").click()
        assert "200" in page.locator("#ping-result").inner_text()
        assert len(receiver.requests) == 1
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        page.screenshot(path=str(SCREENSHOTS / ("webhook-ping-%d.png" % width)))

    Delivery.objects.create(
        endpoint=endpoint,
        event="article.published",
        payload={"event": "article.published"},
        status=Delivery.Status.FAILED,
        attempts=8,
        last_status_code=500,
    )
    page.goto(live_server.url + "/admin/webhook_deliveries/")
    assert page.locator("table").get_by_text("فشل").is_visible()
    page.screenshot(path=str(SCREENSHOTS / ("webhook-log-%d.png" % width)))
    page.context.close()
