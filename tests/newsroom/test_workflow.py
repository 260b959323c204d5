"""The review workflow through the admin: submit, reject, approve, notify, audit.

Also the tools around it: revisions compared and restored, page locking.
"""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from wagtail.models import PageLogEntry

from akhbar.news.models import ArticlePage
from akhbar.newsroom.models import SELF_PUBLISH_COMMENT
from tests.news.factories import make_article
from tests.newsroom.admin_forms import article_form

pytestmark = pytest.mark.django_db


def _create(client, section, data):
    url = reverse(
        "wagtailadmin_pages:add", args=("akhbar_news", "articlepage", section.pk)
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    return ArticlePage.objects.get(title=data["title"])


def _actions(page):
    return list(
        PageLogEntry.objects.filter(page=page)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def _workflow_action(client, page, action, **data):
    task_state = page.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk)
    )
    return client.post(url, data)


def test_contributor_submits_editor_rejects_then_approves(
    client, section, contributor, editor
):
    """The whole review loop, with the author told by e-mail at each turn."""
    client.force_login(contributor)
    page = _create(
        client,
        section,
        article_form("وزير المالية يعلن الموازنة", **{"action-submit": "1"}),
    )
    assert not page.live
    assert page.workflow_in_progress
    to_editor = [m for m in mail.outbox if editor.email in m.to]
    assert to_editor and page.title in to_editor[0].subject + to_editor[0].body
    mail.outbox.clear()

    client.force_login(editor)
    comment = "يرجى ذكر مصدر الأرقام في الفقرة الأولى."
    response = _workflow_action(client, page, "reject", comment=comment)
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.current_workflow_state.status == "needs_changes"
    assert not page.live
    to_author = [m for m in mail.outbox if contributor.email in m.to]
    assert to_author and comment in to_author[0].body
    assert "تم رفض الصفحة" in to_author[0].subject  # In the author's language.
    mail.outbox.clear()

    client.force_login(contributor)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = client.post(
        edit_url,
        article_form(
            page.title,
            paragraph="<p>قالت وزارة المالية في بيانها إن العجز تراجع.</p>",
            **{"action-submit": "1"},
        ),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress

    client.force_login(editor)
    _workflow_action(client, page, "approve", comment="")
    page.refresh_from_db()
    assert page.live
    assert [m for m in mail.outbox if contributor.email in m.to]
    assert client.get(page.url).status_code == 200

    actions = _actions(page)
    for expected in (
        "wagtail.create",
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.workflow.resume",
        "wagtail.workflow.approve",
        "wagtail.publish",
    ):
        assert expected in actions
    history = client.get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
    assert history.status_code == 200
    assert contributor.username in history.content.decode()


def test_writers_cannot_publish_past_the_review(client, section, author):
    """A publish button pressed by hand does not skip the review."""
    client.force_login(author)
    page = _create(
        client, section, article_form("خبر بلا مراجعة", **{"action-publish": "1"})
    )
    assert not page.live
    assert "wagtail.publish" not in _actions(page)


@override_settings(AKHBAR_AUTHORS_CAN_PUBLISH=True)
def test_authors_self_publish_their_own_when_the_setting_allows(
    client, section, author, contributor
):
    """The review is approved in the Author's name and logged; Contributors wait."""
    client.force_login(author)
    own = _create(
        client, section, article_form("خبر ينشره كاتبه", **{"action-submit": "1"})
    )
    assert own.live
    approval = PageLogEntry.objects.get(page=own, action="wagtail.workflow.approve")
    assert approval.user == author
    assert str(SELF_PUBLISH_COMMENT) in str(approval.data)

    client.force_login(contributor)
    theirs = _create(
        client, section, article_form("خبر لمساهم", **{"action-submit": "1"})
    )
    assert not theirs.live and theirs.workflow_in_progress


def test_authors_are_reviewed_by_default(client, section, author):
    client.force_login(author)
    page = _create(
        client, section, article_form("خبر بانتظار المحرر", **{"action-submit": "1"})
    )
    assert not page.live and page.workflow_in_progress


def test_revisions_can_be_compared_and_restored(client, section, editor):
    client.force_login(editor)
    page = _create(
        client, section, article_form("العنوان الأول للخبر", **{"action-publish": "1"})
    )
    first = page.latest_revision
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    client.post(
        edit_url,
        article_form("العنوان الثاني للخبر", slug=page.slug, **{"action-publish": "1"}),
    )
    page.refresh_from_db()
    second = page.latest_revision
    assert page.title == "العنوان الثاني للخبر" and second != first

    compare = client.get(
        reverse(
            "wagtailadmin_pages:revisions_compare",
            args=(page.pk, first.pk, second.pk),
        )
    )
    html = compare.content.decode()
    assert compare.status_code == 200
    assert "الأول" in html and "الثاني" in html

    revert_url = reverse(
        "wagtailadmin_pages:revisions_revert", args=(page.pk, first.pk)
    )
    form = client.get(revert_url)
    assert "العنوان الأول للخبر" in form.content.decode()
    response = client.post(
        revert_url,
        article_form("العنوان الأول للخبر", slug=page.slug, **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "العنوان الأول للخبر" and page.live
    assert "wagtail.revert" in _actions(page)


def test_a_locked_article_cannot_be_changed_by_its_author(
    client, section, author, editor
):
    page = make_article(
        section, "مسودة الكاتب", owner=author, live=False, publish_now=False
    )
    page.save_revision(user=author)

    client.force_login(editor)
    client.post(reverse("wagtailadmin_pages:lock", args=(page.pk,)))
    page.refresh_from_db()
    assert page.locked and page.locked_by == editor

    client.force_login(author)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    client.post(edit_url, article_form("عنوان غيّره الكاتب", slug=page.slug))
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "مسودة الكاتب"

    client.force_login(editor)
    client.post(reverse("wagtailadmin_pages:unlock", args=(page.pk,)))
    client.force_login(author)
    client.post(edit_url, article_form("عنوان غيّره الكاتب", slug=page.slug))
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "عنوان غيّره الكاتب"
    assert {"wagtail.lock", "wagtail.unlock"} <= set(_actions(page))


def test_site_history_shows_the_newsroom_at_work(client, section, editor):
    client.force_login(editor)
    _create(client, section, article_form("خبر للسجل", **{"action-publish": "1"}))
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    assert "خبر للسجل" in response.content.decode()
