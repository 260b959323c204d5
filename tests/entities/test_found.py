"""A name no list knows gets a page once the model found it in enough live
articles, its spellings counted together: counted by the scheduler's job
(``akhbar worker --once``), never by the publish itself."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from akhbar.entities import relinking, schedule, selectors, services
from akhbar.entities.found import fold
from akhbar.entities.models import Entity, EntityRelink
from tests.news.factories import make_article, make_section

from .conftest import paragraphs

pytestmark = pytest.mark.django_db


def test_spellings_of_a_foreign_name_fold_together():
    assert fold("كيربي") == fold("كربي")
    assert fold("بوتين") == fold("بوتن")
    assert fold("كيربي") != fold("كريم")


def test_a_name_found_in_enough_articles_gets_a_page(
    client, home, publish_commits, settings
):
    settings.AKHBAR_ENTITIES_MIN_ARTICLES = 3
    world = publish_commits(make_section, home, "العالم")

    def story(title, text):
        return publish_commits(make_article, world, title, body=paragraphs(text))

    first = story("مؤتمر صحفي", "وقال كيربي إن الحوار مستمر.")
    second = story("بيان مسائي", "وقال كيربي إن القوات وصلت.")
    assert selectors.entity_by_alias("كيربي") is None
    assert not Entity.objects.exists()
    third = story("تصريح جديد", "وقال كربي إن المحادثات طويلة.")
    # Publishing does not count: the scheduler does, on its next tick.
    assert selectors.entity_by_alias("كربي") is None
    call_command("worker", "--once", stdout=io.StringIO())

    entity = selectors.entity_by_alias("كربي")
    assert entity is not None
    assert (entity.name, entity.type) == ("كيربي", "PER")
    assert "كربي" in entity.aliases
    assert Entity.objects.get(name="كيربي").source == Entity.Source.MODEL
    html = client.get(entity.url).content.decode()
    listed = re.findall(r'class="card-title"><a [^>]*>([^<]*)</a>', html)
    assert sorted(listed) == sorted(a.title for a in (first, second, third))


def test_a_name_in_too_few_articles_has_no_page(home, publish_commits, settings):
    settings.AKHBAR_ENTITIES_MIN_ARTICLES = 3
    world = publish_commits(make_section, home, "العالم")
    for title in ("خبر أول", "خبر ثان"):
        publish_commits(
            make_article, world, title, body=paragraphs("وقال تبوني إن البلاد بخير.")
        )
    call_command("worker", "--once", stdout=io.StringIO())
    assert selectors.entity_by_alias("تبوني") is None
    assert not Entity.objects.exists()


def test_counting_waits_for_publishes_and_runs_once_per_interval(
    home, publish_commits, settings
):
    settings.AKHBAR_ENTITIES_MIN_ARTICLES = 2
    settings.AKHBAR_ENTITIES_FOUND_SECONDS = 60
    world = publish_commits(make_section, home, "العالم")

    def story(title, text):
        return publish_commits(make_article, world, title, body=paragraphs(text))

    now = timezone.now()
    story("خبر أول", "وقال كيربي إن الحوار مستمر.")
    assert schedule.found_run_due(now) is None  # Counted: one article, no entity.
    assert schedule.found_run_due(now) is None  # Nothing indexed since.
    story("خبر ثان", "وقال كيربي إن القوات وصلت.")
    # Within the interval of the last count: due when it ends, nothing made.
    soon = now + datetime.timedelta(seconds=10)
    assert schedule.found_run_due(soon) == now + datetime.timedelta(seconds=60)
    assert selectors.entity_by_alias("كيربي") is None
    later = now + datetime.timedelta(seconds=61)
    assert schedule.found_run_due(later) is None
    assert selectors.entity_by_alias("كيربي") is not None


FOUND = ["دوبريفسكي", "ساندوفال", "مكغريغور", "كوفالتشوك", "فيلانويفا"]


def test_a_backlog_of_names_is_made_a_batch_at_a_time_and_a_crash_loses_no_name(
    home, publish_commits, settings, monkeypatch
):
    settings.AKHBAR_ENTITIES_MIN_ARTICLES = 2
    monkeypatch.setattr(services, "PROMOTE_BATCH", 2)
    world = publish_commits(make_section, home, "العالم")
    text = " ".join("وقال %s إن الحوار مستمر." % name for name in FOUND)
    stories = [
        publish_commits(make_article, world, title, body=paragraphs(text))
        for title in ("خبر أول", "خبر ثان", "خبر ثالث")
    ]
    queue = relinking.relink_queue
    calls = []

    def dies_on_second_batch(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("the process died")
        return queue(**kwargs)

    monkeypatch.setattr(relinking, "relink_queue", dies_on_second_batch)
    with pytest.raises(RuntimeError):
        schedule.found_run_due(timezone.now())
    # The first batch committed whole; the second rolled back whole.
    made = set(Entity.objects.values_list("name", flat=True))
    assert len(made) == 2 and made < set(FOUND)
    assert EntityRelink.objects.count() == 1

    # The next count (its state was not advanced) makes the rest.
    monkeypatch.setattr(relinking, "relink_queue", queue)
    publish_commits(schedule.found_run_due, timezone.now())
    assert sorted(Entity.objects.values_list("name", flat=True)) == sorted(FOUND)
    assert EntityRelink.objects.count() == 1 + 2  # One re-linking per batch.
    for name in FOUND:
        entity = selectors.entity_by_alias(name)
        assert (entity.name, entity.type, entity.slug) == (name, "PER", name)
        assert sorted(a.pk for a in selectors.entity_articles(entity)) == sorted(
            s.pk for s in stories
        )
