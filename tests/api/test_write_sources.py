"""``external_id`` is unique per source, the source the token's grant names:
two agencies' story "123" are two articles, one agency's "123" twice is one."""

import pytest

from akhbar.importers.models import ImportRecord
from akhbar.news.models import ArticlePage

from .writers import post, story, token_for

pytestmark = pytest.mark.django_db


def test_two_sources_same_id_are_two_articles_one_source_twice_is_one(client, desk):
    afp = token_for(desk["author"], "create_drafts", "read_drafts", source="afp")
    reuters = token_for(desk["author"], "create_drafts", source="reuters")
    # Another token of the same agency shares its namespace.
    afp_desk = token_for(desk["editor"], "create_drafts", source="afp")
    first = post(client, "/drafts", story(desk["section"], external_id="123"), afp)
    other = post(
        client,
        "/drafts",
        story(desk["section"], external_id="123", title="رويترز: خبر آخر"),
        reuters,
    )
    again = post(
        client,
        "/drafts",
        story(desk["section"], external_id="123", title="تحديث الخبر"),
        afp_desk,
    )
    assert (first.status_code, other.status_code, again.status_code) == (
        201,
        201,
        200,
    ), (first.content, other.content, again.content)
    assert first.json()["id"] == again.json()["id"] != other.json()["id"]
    assert first.json()["external_id"] == other.json()["external_id"] == "123"
    assert ArticlePage.objects.count() == 2
    assert again.json()["title"] == "تحديث الخبر"
    assert other.json()["title"] == "رويترز: خبر آخر"
    assert set(
        ImportRecord.objects.filter(kind="article").values_list("source", "external_id")
    ) == {("api:afp", "123"), ("api:reuters", "123")}


def test_a_token_without_a_source_keeps_the_namespace_of_earlier_pushes(client, desk):
    """Records written before sources existed (source ``api``) still name
    their articles for tokens whose grant names no source."""
    legacy = token_for(desk["author"], "create_drafts")
    first = post(client, "/drafts", story(desk["section"], external_id="9"), legacy)
    assert ImportRecord.objects.get(kind="article").source == "api"
    afp = token_for(desk["author"], "create_drafts", source="afp")
    again = post(client, "/drafts", story(desk["section"], external_id="9"), legacy)
    elsewhere = post(client, "/drafts", story(desk["section"], external_id="9"), afp)
    assert first.json()["id"] == again.json()["id"] != elsewhere.json()["id"]
    assert again.status_code == 200 and elsewhere.status_code == 201


def test_the_source_rule_is_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json()
    described = document["components"]["schemas"]["DraftIn"]["properties"]
    assert "source" in described["external_id"]["description"]
