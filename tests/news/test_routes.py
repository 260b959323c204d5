"""Slugs that are the site's own routes are refused under the home page."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.test.utils.form_data import nested_form_data, streamfield

from akhbar.news.models import SectionPage, StandardPage
from akhbar.news.routes import RESERVED_SLUGS, reserved_slugs, unreserved_slug
from tests.news.factories import make_section


def _first_segments(patterns):
    for pattern in patterns:
        text = str(pattern.pattern).lstrip("^")
        segment = text.split("/")[0].replace("\\", "")
        if segment:
            yield segment
        elif isinstance(pattern, URLResolver):
            yield from _first_segments(pattern.url_patterns)
        else:
            assert isinstance(pattern, URLPattern)


def test_every_route_of_the_site_is_reserved(db):
    """Each path Django answers before the page tree is in the list (a new
    route added to akhbar/urls.py without it fails here)."""
    segments = set(_first_segments(get_resolver().url_patterns))
    # Wagtail's page-serving catch-all and the media route's regex.
    routes = {s for s in segments if not s.startswith(("(", "?P"))}
    routes = {s.split("(")[0] or s for s in routes}
    assert routes <= reserved_slugs(), routes - reserved_slugs()
    assert {"media", "static", "api", "sitemap.xml", "robots.txt"} <= RESERVED_SLUGS


def test_unreserved_slug():
    assert unreserved_slug("media") == "media-2"
    assert unreserved_slug("politics") == "politics"


@pytest.mark.parametrize("model", [SectionPage, StandardPage])
def test_saving_a_route_slug_under_the_home_page_is_refused(home, model):
    with pytest.raises(ValidationError) as raised:
        home.add_child(instance=model(title="وسائط", slug="media"))
    assert "slug" in raised.value.message_dict
    assert "محجوز" in raised.value.message_dict["slug"][0]


def test_route_slug_below_a_section_is_allowed(home):
    section = make_section(home, "ثقافة", slug="culture")
    child = section.add_child(instance=SectionPage(title="وسائط", slug="media"))
    assert child.url_path.endswith("/culture/media/")


def _section_form(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "description": "",
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0},
            "go_live_at": "",
            "expire_at": "",
            "seo_title": "",
            "search_description": "",
        }
    )


def _standard_form(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "body": streamfield([]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0},
            "go_live_at": "",
            "expire_at": "",
            "seo_title": "",
            "search_description": "",
        }
    )


@pytest.mark.parametrize(
    "model, form", [("sectionpage", _section_form), ("standardpage", _standard_form)]
)
def test_editor_shows_the_error_on_the_slug_field(home, client, model, form):
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")
    client.force_login(admin)
    url = "/admin/pages/add/akhbar_news/%s/%d/" % (model, home.pk)
    response = client.post(url, form("إعلام", "media"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["slug"]
    assert "محجوز" in errors["slug"][0] and "media-2" in errors["slug"][0]
    response = client.post(url, form("إعلام", "media-2"))
    assert response.status_code == 302
    home.refresh_from_db()
    assert home.get_children().filter(slug="media-2").exists()


def test_editor_keeps_a_route_slug_below_a_section(home, client):
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")
    client.force_login(admin)
    section = make_section(home, "ثقافة", slug="culture")
    url = "/admin/pages/add/akhbar_news/sectionpage/%d/" % section.pk
    response = client.post(url, _section_form("إعلام", "media"))
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.get_children().filter(slug="media").exists()
