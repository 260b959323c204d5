"""Uploaded documents never run on the site's origin: refused active types,
downloads in a sandbox from /documents/, nothing under /media/documents/."""

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from wagtail.documents import get_document_model

from tests.news.factories import ensure_home
from tests.newsroom.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

# What the probe uploaded: a page that reads the admin's Users list with the
# session of whoever opens it, and leaves a mark in the origin's storage.
STEALER = b"""<!doctype html><html><head><title>doc</title></head><body>
<script>
document.title = "RAN";
localStorage.setItem("pwned", "opened");
fetch("/admin/users/").then(r => r.text()).then(t => {
  localStorage.setItem("pwned", "users:" + t.length);
  document.title = "STOLEN";
});
</script></body></html>"""
SVG_STEALER = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>'
    b'localStorage.setItem("pwned", "svg");'
    b'fetch("/admin/users/").then(r => r.text()).then(t => '
    b'localStorage.setItem("pwned", "users:" + t.length));'
    b"</script></svg>"
)


def make_document(name, content):
    """A document as one uploaded before active types were refused."""
    Document = get_document_model()
    document = Document(title=name)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


@pytest.mark.parametrize("name", ["report.html", "chart.svg", "feed.xml", "x.js"])
def test_active_types_are_refused_at_upload_with_a_clear_message(client, name):
    client.force_login(make_user("admin"))
    upload = ContentFile(STEALER, name=name)
    response = client.post(
        "/admin/documents/add/", {"title": "تقرير", "file": upload, "tags": ""}
    )
    assert response.status_code == 200  # The form again, with its error.
    assert not get_document_model().objects.exists()
    errors = response.context["form"].errors["file"]
    assert any(name.rsplit(".", 1)[1] in error and "pdf" in error for error in errors)


def test_a_pdf_is_accepted(client):
    client.force_login(make_user("admin"))
    upload = ContentFile(b"%PDF-1.4\n%%EOF\n", name="report.pdf")
    client.post("/admin/documents/add/", {"title": "تقرير", "file": upload})
    assert get_document_model().objects.get().filename == "report.pdf"


def test_documents_are_sandboxed_downloads(client):
    document = make_document("report.html", STEALER)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and "default-src 'none'" in policy


def test_documents_are_not_served_from_the_media_folder(client):
    """Through the site's URLs, as ``akhbar serve`` answers (the live test server
    answers /media/ itself, before the site, so this is checked here)."""
    document = make_document("report.html", STEALER)
    assert client.get("/media/" + document.file.name).status_code == 404
    sneaky = "/media/images/../" + document.file.name
    assert client.get(sneaky).status_code == 404


@override_settings(WAGTAILDOCS_INLINE_CONTENT_TYPES=["text/html"])
def test_the_sandbox_holds_when_html_is_made_inline(client):
    document = make_document("report.html", STEALER)
    response = client.get(document.url)
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]


def test_other_media_files_are_not_sniffed_or_run(client, settings):
    other = settings.MEDIA_ROOT / "exports" / "page.html"
    other.parent.mkdir(parents=True, exist_ok=True)
    other.write_bytes(STEALER)
    response = client.get(settings.MEDIA_URL + "exports/page.html")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("inline", [False, True])
def test_an_admin_opening_a_document_runs_nothing_on_the_origin(
    browser, live_server, settings, inline
):
    """In Chromium, an admin opens an HTML and an SVG document (downloads, or
    inline pages in a sandbox when the operator allows inline HTML): no script
    reads the Users page or touches the origin's storage."""
    if inline:
        settings.WAGTAILDOCS_INLINE_CONTENT_TYPES = ["text/html", "image/svg+xml"]
    ensure_home()  # With the root collection a flushed database lacks.
    admin = make_user("admin", "chief")
    documents = [
        make_document("report.html", STEALER),
        make_document("chart.svg", SVG_STEALER),
    ]
    context = browser.new_context(locale="ar", accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", admin.username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert "/admin/login/" not in page.url
        for document in documents:
            url = live_server.url + document.url
            headers = page.request.get(url).headers
            assert headers["x-content-type-options"] == "nosniff"
            assert "sandbox" in headers["content-security-policy"]
            if inline:
                page.goto(url)
            else:
                with page.expect_download():
                    try:
                        page.goto(url)
                    except Exception as error:  # noqa: BLE001
                        # A download is not a navigation.
                        assert "Download is starting" in str(error), error
            page.wait_for_timeout(500)  # Time for a script's fetch, were it run.
            assert page.title() not in ("RAN", "STOLEN")
        page.goto(live_server.url + "/admin/")
        assert page.evaluate("localStorage.getItem('pwned')") is None
    finally:
        context.close()
