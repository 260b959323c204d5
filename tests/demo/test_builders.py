"""The demo site is written through the importers' upserts, once."""

import pytest

from akhbar.demo import content
from akhbar.demo.builders import build_demo
from akhbar.importers.models import ImportRecord
from akhbar.news.models import ArticlePage, AuthorPage, SectionPage


def _subset():
    """A few demo articles (a whole demo takes a minute): one whose read-also
    list names a later article, those it names, and a breaking one."""
    order = [spec["key"] for spec in content.ARTICLES]
    keys = set()
    for spec in content.ARTICLES:
        for kind, value in spec["body"]:
            if kind != "read_also" or keys:
                continue
            if any(order.index(k) > order.index(spec["key"]) for k in value):
                keys |= {spec["key"], *value}
    keys.add(next(s["key"] for s in content.ARTICLES if s.get("breaking")))
    return [spec for spec in content.ARTICLES if spec["key"] in keys]


@pytest.fixture
def articles(monkeypatch):
    subset = _subset()
    monkeypatch.setattr(content, "ARTICLES", subset)
    return subset


def test_demo_is_written_once_through_the_upserts(home, articles):
    sections = len(content.SECTIONS) + sum(
        len(spec.get("subsections", [])) for spec in content.SECTIONS
    )
    assert build_demo() == {
        "sections": sections,
        "authors": len(content.AUTHORS),
        "articles": len(articles),
    }
    by_key = {
        spec["key"]: ArticlePage.objects.live().get(title=spec["headline"])
        for spec in articles
    }
    records = ImportRecord.objects.filter(source="demo")
    assert set(
        records.filter(kind=ImportRecord.Kind.ARTICLE).values_list(
            "object_id", flat=True
        )
    ) == {page.pk for page in by_key.values()}
    # A read-also list names articles written after its own.
    for spec in articles:
        for kind, keys in spec["body"]:
            if kind == "read_also":
                body = by_key[spec["key"]].body
                lists = [
                    [page.pk for page in b.value["articles"]]
                    for b in body
                    if b.block_type == "read_also"
                ]
                ids = [by_key[key].pk for key in keys if key in by_key]
                assert lists == ([ids] if ids else [])
    breaking = next(spec for spec in articles if spec.get("breaking"))
    article = by_key[breaking["key"]]
    assert article.is_breaking and article.breaking_until is not None
    assert article.featured_image_credit == breaking["image"]["credit"]
    assert article.featured_image.title == breaking["headline"]
    author = AuthorPage.objects.get(title=content.AUTHORS[0]["name"])
    assert author.job_title == content.AUTHORS[0]["job_title"]
    # Again: nothing written twice.
    assert build_demo() == {"sections": 0, "authors": 0, "articles": 0}
    assert SectionPage.objects.count() == sections
    assert ArticlePage.objects.count() == len(articles)
