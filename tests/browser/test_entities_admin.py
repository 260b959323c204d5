"""In real Chromium: the entities' admin (list, search, one entity, merge and
rename through its forms) and an entity page at 320 and 1366 px: nothing
overflows, our controls are thumb-sized on a phone, and axe-core finds nothing."""

import itertools
from urllib.parse import quote

import pytest
from django.urls import reverse

from akhbar.entities import selectors
from tests.browser.conftest import SCREENSHOTS, thumb_and_axe_problems
from tests.browser.test_phones import _check
from tests.news.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (320, 1366)
# The admin's own chrome (menu, header) is Wagtail's; these controls are ours.
OURS = ".akhbar-entities-admin"
OUR_CONTROLS = ", ".join(
    "%s %s" % (OURS, kind) for kind in ("button", "input", "select", "textarea")
)


def paragraphs(*texts):
    return [{"type": "paragraph", "value": "<p>%s</p>" % t} for t in texts]


@pytest.fixture
def site(home):
    section = make_section(home, "أخبار العالم والسياسة الدولية")
    for number in range(3):
        make_article(
            section,
            "فلاديمير بوتين يتحدث في مؤتمر صحفي طويل رقم %d عن الاقتصاد" % number,
            body=paragraphs(
                "قال بوتين إن الاقتصاد ينمو.", "وأضاف بوتين أن الحوار مستمر."
            ),
        )
    lavrov = make_article(
        section,
        "لافروف في جولة إقليمية طويلة",
        body=paragraphs("قال سيرغي لافروف إن الحوار مستمر.", "ووصل لافروف."),
    )
    putin = selectors.entity_by_alias("بوتين")
    return {"putin": putin, "lavrov": lavrov}


def admin_path(entity, action="detail"):
    return reverse("akhbar_entities_admin:%s" % action, args=[entity.type, entity.slug])


@pytest.fixture
def editor(editor_page):
    return editor_page


def check(page, base, kind, path, width, problems):
    _check(page, base, kind, path, width, problems)
    # The entity page is the reader's: it holds none of our admin controls.
    problems += thumb_and_axe_problems(page, kind, width, OUR_CONTROLS, narrow=True)
    page.screenshot(
        path=str(SCREENSHOTS / ("entities-admin-%s-%d.png" % (kind, width))),
        full_page=True,
    )


def test_the_entities_admin_and_an_entity_page_fit_and_pass_axe(
    editor, live_server, site
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    putin = site["putin"]
    pages = {
        "list": reverse("akhbar_entities_admin:index"),
        "search": reverse("akhbar_entities_admin:index") + "?q=Putin",
        "entity": admin_path(putin),
        "entity page": quote(putin.url),
    }
    problems = []
    for (kind, path), width in itertools.product(pages.items(), WIDTHS):
        check(editor, live_server.url, kind, path, width, problems)
    # On a phone each name in the list is a link a thumb can hit.
    editor.set_viewport_size({"width": 320, "height": 800})
    editor.goto(live_server.url + pages["list"])
    heights = editor.locator("%s table a" % OURS).evaluate_all(
        "links => links.map((link) => link.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44, heights
    editor.goto(live_server.url + pages["search"])
    assert editor.locator("%s table a" % OURS).first.inner_text() == putin.name
    assert not problems, "\n".join(problems)


def test_an_editor_merges_and_renames_through_the_forms(editor, live_server, site):
    putin = site["putin"]
    lavrov = selectors.entity_by_alias("لافروف")
    editor.set_viewport_size({"width": 320, "height": 800})
    editor.goto(live_server.url + admin_path(lavrov))
    editor.fill("#entity-into", "Putin")
    editor.locator("form[action$='/merge/'] button[type=submit]").click()
    editor.wait_for_load_state()
    assert editor.url.endswith(quote(admin_path(putin), safe="/%"))
    assert "دُمج العلم في" in editor.content()
    assert "لافروف" in editor.locator(".entity-aliases bdi").all_inner_texts()

    new_name = "فلاديمير فلاديميروفيتش بوتين"
    editor.fill("#entity-name", new_name)
    editor.locator("form[action$='/rename/'] button[type=submit]").click()
    editor.wait_for_load_state()
    assert "أُعيدت تسمية العلم" in editor.content()
    renamed = selectors.catalogue().by_name[new_name]
    editor.goto(live_server.url + quote(renamed.url))
    titles = editor.locator(".card-title a").all_inner_texts()
    assert site["lavrov"].title in titles
    assert len(titles) == 4
