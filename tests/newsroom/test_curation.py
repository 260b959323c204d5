"""Home-page curation: the Editors' lead story and featured stories per section."""

import copy
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from akhbar.news.models import ArticlePage, HomePage
from akhbar.testing.rows import rows_fixture
from tests.news.factories import make_article, make_section
from tests.newsroom.admin_forms import article_form, home_form
from tests.newsroom.factories import ensure_newsroom

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def build_desk():
    newsroom = ensure_newsroom()
    politics = make_section(newsroom, "سياسة")
    economy = make_section(newsroom, "اقتصاد")
    old = make_article(politics, "تحليل قديم عن الانتخابات", published=_days_ago(9))
    older = make_article(politics, "حوار أقدم مع الوزير", published=_days_ago(12))
    fresh = [
        make_article(politics, "خبر سياسي جديد %d" % n, published=_days_ago(n / 10))
        for n in range(1, 6)
    ]
    market = make_article(economy, "البورصة ترتفع", published=_days_ago(3))
    newest = make_article(economy, "أحدث خبر في الموقع", published=_days_ago(0.01))
    return {
        "home": newsroom,
        "politics": politics,
        "economy": economy,
        "old": old,
        "older": older,
        "fresh": fresh,
        "market": market,
        "newest": newest,
    }


desk_rows = rows_fixture(build_desk)


@pytest.fixture
def desk(desk_rows, db):
    return copy.deepcopy(desk_rows)


def _publish_home(client, home, **choices):
    url = reverse("wagtailadmin_pages:edit", args=(home.pk,))
    return client.post(url, {**home_form(home, **choices), "action-publish": "1"})


def _block(html, section):
    return html.split('id="section-%d"' % section.pk)[1].split("</section>")[0]


def test_editors_choose_the_lead_and_featured_stories(client, editor, desk):
    client.force_login(editor)
    response = _publish_home(
        client,
        desk["home"],
        lead_story=desk["market"],
        featured=[
            (desk["politics"], desk["older"]),
            (desk["politics"], desk["old"]),
        ],
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    lead = html.split('class="lead-story"')[1].split("</section>")[0]
    assert desk["market"].title in lead and desk["newest"].title not in lead
    block = _block(html, desk["politics"])
    positions = [block.index(a.title) for a in (desk["older"], desk["old"])]
    assert positions == sorted(positions)  # In the Editors' order, first.
    assert block.index(desk["old"].title) < block.index(desk["fresh"][0].title)
    assert block.count('class="card-title"') == 4  # Two featured, two newest.


def test_without_choices_the_newest_leads(client, desk):
    html = client.get("/").content.decode()
    lead = html.split('class="lead-story"')[1].split("</section>")[0]
    assert desk["newest"].title in lead
    assert desk["old"].title not in _block(html, desk["politics"])


def test_a_featured_story_taken_down_drops_out(client, editor, desk):
    client.force_login(editor)
    _publish_home(
        client,
        desk["home"],
        lead_story=desk["old"],
        featured=[(desk["politics"], desk["older"])],
    )
    desk["older"].unpublish()
    desk["old"].unpublish()
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert desk["older"].title not in html and desk["old"].title not in html
    lead = html.split('class="lead-story"')[1].split("</section>")[0]
    assert desk["newest"].title in lead


def test_a_featured_story_must_belong_to_its_section(client, editor, desk):
    client.force_login(editor)
    response = _publish_home(
        client, desk["home"], featured=[(desk["politics"], desk["market"])]
    )
    assert response.status_code == 200
    assert "اختر مقالاً منشوراً في هذا القسم" in response.content.decode()
    assert not HomePage.objects.get(pk=desk["home"].pk).featured_stories.exists()


def test_only_top_level_sections_take_featured_stories(client, editor, desk):
    local = make_section(desk["politics"], "شؤون محلية")
    story = make_article(local, "خبر محلي")
    client.force_login(editor)
    response = _publish_home(client, desk["home"], featured=[(local, story)])
    assert "اختر قسماً رئيسياً" in response.content.decode()


def test_curated_home_page_stays_within_ten_queries(
    client, editor, desk, django_assert_max_num_queries
):
    client.force_login(editor)
    _publish_home(
        client,
        desk["home"],
        lead_story=desk["market"],
        featured=[(desk["politics"], desk["older"]), (desk["economy"], desk["market"])],
    )
    client.logout()
    client.get("/")  # Warm the caches a real site has warm.
    with django_assert_max_num_queries(10):
        assert client.get("/").status_code == 200


def _add_article(client, section, **fields):
    url = reverse(
        "wagtailadmin_pages:add", args=("akhbar_news", "articlepage", section.pk)
    )
    title = "خبر يحاول أن يتصدر الصفحة"
    response = client.post(url, article_form(title, **fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    return ArticlePage.objects.get(title=title)


def test_only_editors_see_and_set_the_lead_and_breaking_flags(
    client, section, editor, author
):
    client.force_login(author)
    add_url = reverse(
        "wagtailadmin_pages:add", args=("akhbar_news", "articlepage", section.pk)
    )
    form = client.get(add_url).content.decode()
    assert 'name="comments_open"' in form
    assert 'name="is_lead"' not in form and 'name="is_breaking"' not in form
    # Posting the fields anyway changes nothing: they are not in the author's form.
    page = _add_article(client, section, is_lead="on", is_breaking="on")
    assert not page.is_lead and not page.is_breaking

    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert 'name="is_lead"' in client.get(edit_url).content.decode()
    client.post(
        edit_url,
        article_form(page.title, slug=page.slug, is_lead="on", is_breaking="on"),
    )
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().is_lead
    assert page.get_latest_revision_as_object().is_breaking


def _edit_breaking(client, page, **days):
    """Post ``page``'s edit form with "breaking" ticked and each datetime field
    in ``days`` that many days from now."""
    now = timezone.localtime()
    times = {
        name: (now + datetime.timedelta(days=number)).strftime("%Y-%m-%d %H:%M")
        for name, number in days.items()
    }
    return client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        article_form(page.title, slug=page.slug, is_breaking="on", **times),
    )


@pytest.mark.parametrize(
    "refused, kept, go_live, code",
    [
        (-1, 1, {}, "breaking_past"),
        (1, 4, {"go_live_at": 3}, "breaking_before_go_live"),
    ],
    ids=["end-passed", "end-before-go-live"],
)
def test_a_breaking_end_that_never_shows_is_refused_with_a_reason(
    client, section, editor, refused, kept, go_live, code
):
    """An editor who ticks "breaking" with an end that has passed, or that comes
    before the story's scheduled publication, is told so on the field, and
    nothing is saved (it was saved, and never shown on the ticker). A later end
    is kept."""
    page = make_article(section, "انقطاع الكهرباء عن أحياء المدينة")
    client.force_login(editor)
    revisions = page.revisions.count()

    response = _edit_breaking(client, page, breaking_until=refused, **go_live)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors["breaking_until"]] == [code]
    assert page.revisions.count() == revisions

    assert (
        _edit_breaking(client, page, breaking_until=kept, **go_live).status_code == 302
    )
    revision = page.revisions.order_by("-pk").first().as_object()
    assert revision.breaking_until > max(
        timezone.now(), revision.go_live_at or timezone.now()
    )
