"""The OpenAPI document, its docs page and the live API held to the document:
validated by openapi-spec-validator, fuzzed by schemathesis over real HTTP."""

import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from tests.newsroom.factories import ensure_newsroom, make_user

from .content import build_site
from .writers import token_for

# Generated cases per operation and phase: enough to find a crash, short in CI.
EXAMPLES = 10


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


@pytest.fixture
def live_site(live_server, transactional_db):
    """The test site, committed, behind a live server."""
    build_site()
    return live_server.url


@pytest.fixture
def admin_token(live_site, settings):
    """A token with every scope, of an administrator, for the write
    operations; no write limits while the API is fuzzed."""
    settings.AKHBAR_API_WRITES_PER_TOKEN = settings.AKHBAR_API_WRITES_PER_IP = 0
    ensure_newsroom()
    return token_for(make_user("admin"))


@pytest.fixture
def known_ids(live_site):
    """A draft and a comment for the operations that name one, so that the
    fuzzing reaches past a 404 into the writes themselves."""
    from akhbar.comments.models import Comment
    from akhbar.news.models import ArticlePage

    return {
        "draft_id": ArticlePage.objects.filter(live=False).order_by("pk").first().pk,
        "comment_id": Comment.objects.order_by("pk").first().pk,
    }


def test_document_is_valid_openapi_3_1_with_arabic_examples(live_site):
    status, headers, body = fetch(live_site + "/api/v1/openapi.json")
    assert status == 200
    document = json.loads(body)
    assert document["openapi"].startswith("3.1")
    validate(document)
    paths = set(document["paths"])
    assert {
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/sections",
        "/api/v1/tags",
        "/api/v1/authors",
        "/api/v1/search",
        "/api/v1/entities",
        "/api/v1/entities/{type}/{slug}",
        "/api/v1/most-read",
        "/api/v1/drafts",
        "/api/v1/drafts/{draft_id}",
        "/api/v1/drafts/{draft_id}/submit",
        "/api/v1/drafts/{draft_id}/publish",
        "/api/v1/images",
        "/api/v1/comments/{comment_id}/moderation",
    } <= paths
    examples = json.dumps(document["components"], ensure_ascii=False)
    assert re.search(r'"examples": \["[\u0600-\u06ff]', examples)


def test_docs_page_loads_nothing_from_the_internet(live_site):
    status, headers, body = fetch(live_site + "/api/v1/docs")
    page = body.decode()
    assert status == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(url.startswith("/static/") for url in assets), assets
    for url in assets:
        assert fetch(live_site + url)[0] == 200
    settings_json = re.search(
        r'id="swagger-settings">(.*?)</script>', page, re.S
    ).group(1)
    swagger = json.loads(settings_json)
    assert swagger["url"] == "/api/v1/openapi.json"
    assert swagger["validatorUrl"] is None


# A cursor is opaque: any string the pattern allows is valid by the document,
# but only those the API handed out name a position, so an unknown one is a
# 400. For the listings that take one, schemathesis counts a 400 for a
# schema-valid request as accepted; every other check stays as it is.
#
# A write valid by the document may still be refused by the data: a section,
# draft, image or comment id that does not exist (400, 404), a draft already
# in review (409), a file that is not an image (400), a body within every
# length of the document but over the byte limit (413).
CONFIG = """
[[operations]]
include-path-regex = "^/api/v1/(articles|sections|tags|authors|entities)$"
checks.positive_data_acceptance.expected-statuses = ["2xx", "304", "400", "404"]

[[operations]]
include-path-regex = "^/api/v1/(drafts|images|comments)"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "404", "409", "413"]
"""


def test_api_keeps_to_its_document(live_site, admin_token, known_ids, tmp_path):
    """schemathesis over every operation, with generated valid and invalid
    input: no server error, only documented statuses, answers in the documented
    shapes and content types, invalid input refused (bounded examples for CI)."""
    ids = "".join("%s = %d\n" % item for item in known_ids.items())
    (tmp_path / "schemathesis.toml").write_text("[parameters]\n" + ids + CONFIG)
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file=%s" % (tmp_path / "schemathesis.toml"),
        "run",
        live_site + "/api/v1/openapi.json",
        "--checks=all",
        "--header=Authorization: Bearer %s" % admin_token,
        "--max-examples=%d" % EXAMPLES,
        "--workers=1",
        "--seed=1",
        "--request-timeout=30",
        "--suppress-health-check=all",
        "--report=junit",
        "--report-dir=%s" % tmp_path,
    ]
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=900
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    paths = json.loads(fetch(live_site + "/api/v1/openapi.json")[2])["paths"]
    operations = sum(len(methods) for methods in paths.values())
    assert "Tested: %d" % operations in output, output
    junit = next(tmp_path.glob("junit-*.xml")).read_text()
    assert 'failures="0"' in junit and 'errors="0"' in junit, junit
    print(output[output.index("SUMMARY") :])


@pytest.mark.browser
def test_docs_page_renders_in_chromium_without_the_internet(browser, live_site):
    """Swagger UI draws every operation, and the browser asks nothing of any
    host but the site."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    try:
        page.goto(live_site + "/api/v1/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=30000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
    finally:
        page.close()
    assert "/api/v1/articles/{article_id}" in [p.strip() for p in paths]
    document = json.loads(fetch(live_site + "/api/v1/openapi.json")[2])
    assert len(paths) == sum(len(methods) for methods in document["paths"].values())
    assert hosts == {live_site.split("/")[2]}
