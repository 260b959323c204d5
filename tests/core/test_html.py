"""The one allow-list of body markup (``core.html``), used on import and on render."""

from akhbar.core.html import clean_html, is_safe_link


def test_scripts_handlers_and_foreign_elements_are_dropped():
    markup = (
        '<p onclick="x()">نص<script>alert(1)</script><style>p{}</style>'
        '<img src=x onerror="alert(2)"><iframe src="https://evil.example"></iframe>'
        "<b>عريض</b></p>"
    )
    assert clean_html(markup) == "<p>نص<b>عريض</b></p>"


def test_links_keep_allowed_schemes_only():
    assert clean_html('<a href="javascript:alert(1)">س</a>') == "<a>س</a>"
    assert clean_html('<a href="https://a.example/x">س</a>') == (
        '<a href="https://a.example/x">س</a>'
    )


def test_relative_links_are_the_sites_own_on_render_and_refused_on_import():
    markup = '<a href="/أخبار/خبر/">خبر</a>'
    assert clean_html(markup, relative_urls=True) == markup
    assert clean_html(markup) == "<a>خبر</a>"


def test_is_safe_link():
    assert is_safe_link("https://example.org/v")
    assert is_safe_link("mailto:news@example.org")
    assert not is_safe_link("javascript:alert(1)")
    assert not is_safe_link(" JaVaScRiPt:alert(1)")
    assert not is_safe_link("data:text/html,<script>")
    assert not is_safe_link("https:///no-host")
