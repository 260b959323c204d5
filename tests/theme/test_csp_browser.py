"""The reader site under its Content-Security-Policy, in real Chromium: the
article page (share links, the copy button's script, the comment form) works
with no violation, and markup stored in a body does not run."""

import pytest

from tests.news.factories import make_article, make_author, make_image, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORED = (
    "<p>فقرة أولى.<script>window.__ran = 'script'</script>"
    '<img src="/missing.png" onerror="window.__ran = \'onerror\'">'
    "<a href=\"javascript:window.__ran='link'\" onclick=\"window.__ran='click'\">"
    "رابط</a></p>"
)
# Collects what the browser reports; an init script is the browser's own and is
# not subject to the page's policy.
WATCH = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation', function (e) {"
    "  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });"
)


@pytest.fixture
def article(transactional_db, home):
    section = make_section(home, "أخبار سياسية")
    return make_article(
        section,
        "خبر تحت سياسة أمان المحتوى",
        authors=[make_author(home, "سلمى الحداد")],
        tags=["أمن"],
        featured_image=make_image(),
        body=[
            {"type": "paragraph", "value": STORED},
            {
                "type": "embed",
                "value": {"url": "javascript:window.__ran='embed'", "title": "فيديو"},
            },
        ],
    )


def test_the_article_page_works_under_the_policy_and_stored_markup_is_inert(
    browser, live_server, article, settings
):
    settings.AKHBAR_COMMENTS_MIN_FILL_SECONDS = 0
    context = browser.new_context(locale="ar", viewport={"width": 360, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.add_init_script(WATCH)
    console = []
    page.on("console", lambda message: console.append(message.text))
    response = page.goto(live_server.url + article.url)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "content-security-policy-report-only" not in response.headers

    # Nothing stored ran, and the body kept its text.
    page.wait_for_load_state("load")
    assert page.evaluate("window.__ran") is None
    body = page.locator(".article-body")
    assert "فقرة أولى." in body.inner_text()
    assert body.locator("script, img[onerror], [onclick]").count() == 0
    assert body.locator("a[href^='javascript']").count() == 0

    # The theme's script runs: the copy button writes the article's address.
    page.click("[data-copy-link]")
    # Functions, not expressions: Playwright evaluates an expression with eval(),
    # which the policy refuses.
    page.wait_for_function(
        "() => document.querySelector('[data-copy-link]').textContent.startsWith('✓')"
    )
    # The comment form posts under form-action 'self'.
    page.fill("#comment", "تعليق تحت سياسة أمان المحتوى.")
    page.fill("#author", "نور الهدى")
    page.fill("#email", "nour@example.org")
    page.click("#commentform button[type=submit]")
    page.wait_for_load_state("load")
    assert "بانتظار المراجعة" in page.locator("#comment-status").inner_text()
    assert page.evaluate("window.__violations") == []
    assert not [text for text in console if "Content Security Policy" in text]

    # And the policy itself is what stops an inline script that got through.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = \"inline\"';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_function("() => window.__violations.length > 0")
    assert page.evaluate("window.__ran") is None
    assert page.evaluate("window.__violations")[0].startswith("script-src")
    context.close()


def test_report_only_sends_the_policy_without_enforcing_it(client, article, settings):
    from akhbar.settings.base import _CSP

    settings.CONTENT_SECURITY_POLICY = None
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
    response = client.get(article.url)
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]
    assert "Content-Security-Policy" not in client.get("/admin/login/")
