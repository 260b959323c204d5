"""Re-linking after an editor's change is a durable queue the scheduler works
(``akhbar worker --once``): the admin answers at once and shows progress, the
pages follow when the job is done, and a runner that dies loses no work."""

import datetime
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.utils import timezone

from akhbar.entities import relinking, selectors
from akhbar.entities.models import EntityRelink

from .conftest import PUTIN
from .test_admin import post, titles

pytestmark = pytest.mark.django_db
NEW_NAME = "فلاديمير فلاديميروفيتش بوتين"
NEW_PATH = "/شخصيات/%s/" % NEW_NAME.replace(" ", "-")


def worker_once():
    call_command("worker", "--once", stdout=io.StringIO())


@pytest.fixture
def queued(monkeypatch):
    """Every change goes through the queue, however few articles it touches."""
    monkeypatch.setattr(relinking, "SYNCHRONOUS_UP_TO", 0)


def test_a_queued_rename_answers_at_once_and_the_job_relinks(
    editor_client, stories, queued, publish_commits
):
    before = titles(editor_client, PUTIN)
    response = post(editor_client, "rename", PUTIN, {"name": NEW_NAME}, publish_commits)
    assert response.status_code == 302
    task = EntityRelink.objects.get()
    assert task.finished_at is None and task.done == 0 and task.total == len(before)
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("يُعاد ربط" in m for m in told), told

    # The admin shows progress; the page has its new name and address at once
    # (the old one redirects) and keeps listing the entity's articles, which
    # link to it, while the index still holds the former name.
    detail = editor_client.get(response.headers["Location"]).content.decode()
    assert re.search(
        r'<progress id="relink-%d" max="%d" value="0">' % (task.pk, task.total), detail
    )
    assert editor_client.get(PUTIN).status_code == 301
    assert titles(editor_client, NEW_PATH) == before
    article = editor_client.get(stories["body"].url).content.decode()
    assert 'href="%s"' % NEW_PATH in article and 'href="%s"' % PUTIN not in article

    publish_commits(worker_once)
    task.refresh_from_db()
    assert task.finished_at is not None and task.done == task.total
    assert titles(editor_client, NEW_PATH) == before
    article = editor_client.get(stories["body"].url).content.decode()
    assert 'href="%s"' % NEW_PATH in article
    detail = editor_client.get(response.headers["Location"]).content.decode()
    assert "<progress" not in detail


def test_a_change_to_few_articles_is_done_in_the_request(
    editor_client, stories, publish_commits
):
    post(editor_client, "rename", PUTIN, {"name": NEW_NAME}, publish_commits)
    task = EntityRelink.objects.get()
    assert task.total <= relinking.SYNCHRONOUS_UP_TO
    assert task.finished_at is not None
    assert stories["body"].title in titles(editor_client, NEW_PATH)


def test_batches_are_counted_as_they_commit_and_a_dead_runner_is_taken_over(
    editor_client, stories, queued, monkeypatch, publish_commits
):
    monkeypatch.setattr(relinking, "BATCH", 1)
    post(editor_client, "rename", PUTIN, {"name": NEW_NAME}, publish_commits)
    task = EntityRelink.objects.get()
    assert task.total >= 3

    # One batch, then the time is up: counted, claim given back.
    assert not relinking.relink_run(task_id=task.pk, seconds=0)
    task.refresh_from_db()
    assert (task.done, task.claimed_by) == (1, "")

    # Another runner holds it: left alone.
    now = timezone.now()
    EntityRelink.objects.filter(pk=task.pk).update(
        claimed_by="other", claimed_until=now + datetime.timedelta(minutes=1)
    )
    assert not relinking.relink_run(task_id=task.pk)
    assert EntityRelink.objects.get(pk=task.pk).done == 1

    # That runner died (its lease ran out): the job takes the row over and
    # goes on from the first article not counted.
    EntityRelink.objects.filter(pk=task.pk).update(
        claimed_until=now - datetime.timedelta(seconds=1)
    )
    publish_commits(worker_once)
    task.refresh_from_db()
    assert task.finished_at is not None and task.done == task.total
    assert sorted(titles(editor_client, NEW_PATH)) == sorted(
        a.title
        for a in selectors.entity_articles(selectors.catalogue().by_name[NEW_NAME])
    )
    assert stories["body"].title in titles(editor_client, NEW_PATH)


def test_a_failing_batch_counts_nothing(
    editor_client, stories, queued, monkeypatch, publish_commits
):
    post(editor_client, "rename", PUTIN, {"name": NEW_NAME}, publish_commits)
    task = EntityRelink.objects.get()

    def broken(*, page):
        raise RuntimeError("the index is gone")

    monkeypatch.setattr(relinking, "search_article_update", broken)
    with pytest.raises(RuntimeError):
        relinking.relink_run(task_id=task.pk)
    task.refresh_from_db()
    assert task.done == 0 and task.finished_at is None
    monkeypatch.undo()
    monkeypatch.setattr(relinking, "SYNCHRONOUS_UP_TO", 0)
    # The claim of the failed run expires; then the job finishes the row.
    EntityRelink.objects.filter(pk=task.pk).update(claimed_until=None)
    publish_commits(worker_once)
    assert EntityRelink.objects.get(pk=task.pk).done == task.total
    assert stories["body"].title in titles(editor_client, NEW_PATH)
