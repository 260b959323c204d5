"""Roles: the groups the migrations create and what each role may do."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, WorkflowPage
from wagtail.permissions import policy_registry

from akhbar.newsroom.models import EditorialReviewTask
from akhbar.newsroom.roles import GROUP_NAMES, REVIEW_WORKFLOW_NAME, roles_sync
from tests.news.factories import make_article
from tests.newsroom.factories import make_user

pytestmark = pytest.mark.django_db

ROLES = ["admin", "editor", "author", "contributor"]

# What each role may do: administrator, editor, author, contributor.
MATRIX = {
    "access_admin": (True, True, True, True),
    "create_article": (True, True, True, True),
    "create_section": (True, True, False, False),
    "edit_own_draft": (True, True, True, True),
    "edit_others_article": (True, True, False, False),
    "submit_own_for_review": (True, True, True, True),
    "publish_own": (True, True, False, False),
    "publish_others": (True, True, False, False),
    "unpublish_others": (True, True, False, False),
    "approve_review": (True, True, False, False),
    "delete_own_draft": (True, True, True, True),
    "delete_others_live": (True, True, False, False),
    "lock": (True, True, False, False),
    "unlock_others_lock": (True, True, False, False),
    "curate_home": (True, True, False, False),
    "upload_image": (True, True, True, True),
    "upload_document": (True, True, True, False),
    "moderate_comments": (True, True, False, False),
    "pin_related": (True, True, False, False),
    "manage_users": (True, False, False, False),
}


def test_migrations_create_the_roles_and_the_review_workflow():
    """No one has to click anything: a migrated database has the roles."""
    names = set(Group.objects.values_list("name", flat=True))
    assert set(GROUP_NAMES.values()) <= names
    assert not names & {"Editors", "Moderators"}  # Wagtail's starter groups went.
    root = Page.objects.get(depth=1)
    workflow = WorkflowPage.objects.get(page=root).workflow
    assert workflow.name == REVIEW_WORKFLOW_NAME and workflow.active
    task = workflow.tasks.get().specific
    assert isinstance(task, EditorialReviewTask)
    assert list(task.groups.values_list("name", flat=True)) == [GROUP_NAMES["editor"]]


def test_roles_sync_is_idempotent(newsroom):
    before = {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    roles_sync()
    roles_sync()
    after = {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    assert before == after
    assert Group.objects.filter(name=GROUP_NAMES["editor"]).count() == 1


def _add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=("akhbar_news", model, parent.pk))


def _capabilities(client, user, *, home, section, others, in_review, locked):
    own = make_article(section, "مسودة خاصة", owner=user, live=False, publish_now=False)
    own.save_revision(user=user)
    task = in_review.current_workflow_task.specific
    client.force_login(user)

    def perms(page):
        return page.permissions_for_user(user)

    return {
        "access_admin": client.get(reverse("wagtailadmin_home")).status_code == 200,
        "create_article": client.get(_add_url("articlepage", section)).status_code
        == 200,
        "create_section": client.get(_add_url("sectionpage", home)).status_code == 200,
        "edit_own_draft": perms(own).can_edit(),
        "edit_others_article": client.get(
            reverse("wagtailadmin_pages:edit", args=(others.pk,))
        ).status_code
        == 200,
        "submit_own_for_review": perms(own).can_edit()
        and perms(own).can_submit_for_moderation(),
        "publish_own": perms(own).can_publish(),
        "publish_others": perms(others).can_publish(),
        "unpublish_others": perms(others).can_unpublish(),
        "approve_review": "approve"
        in [action for action, *_rest in task.get_actions(in_review, user)],
        "delete_own_draft": perms(own).can_delete(),
        "delete_others_live": perms(others).can_delete(),
        "lock": perms(others).can_lock(),
        "unlock_others_lock": perms(locked).can_unlock(),
        "curate_home": client.get(
            reverse("wagtailadmin_pages:edit", args=(home.pk,))
        ).status_code
        == 200
        and perms(home).can_publish(),
        "upload_image": policy_registry.get_by_type(
            get_image_model()
        ).user_has_permission(user, "add"),
        "upload_document": policy_registry.get_by_type(
            get_document_model()
        ).user_has_permission(user, "add"),
        "moderate_comments": user.has_perm("akhbar_comments.moderate_comment"),
        # The related lists' pins and removals (akhbar.related), a screen of
        # the admin an Editor could not open: it sent them to the dashboard.
        "pin_related": client.get(reverse("related_choices:add")).status_code == 200,
        "manage_users": user.has_perm("auth.change_user"),
    }


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, newsroom, section, role):
    """Every role against every newsroom action, through Wagtail's own checks."""
    somebody = make_user("author")
    others = make_article(section, "مقال منشور لكاتب آخر", owner=somebody)
    in_review = make_article(
        section, "مقال قيد المراجعة", owner=somebody, live=False, publish_now=False
    )
    in_review.save_revision(user=somebody)
    in_review.get_workflow().start(in_review, somebody)
    locked = make_article(section, "مقال مقفل", owner=somebody)
    locked.locked, locked.locked_by = True, make_user("editor")
    locked.save()
    user = make_user(role)

    got = _capabilities(
        client,
        user,
        home=newsroom,
        section=section,
        others=others,
        in_review=in_review,
        locked=locked,
    )
    expected = {action: row[ROLES.index(role)] for action, row in MATRIX.items()}
    assert got == expected


def test_writers_are_sent_back_when_they_try_to_create_a_section(
    client, newsroom, author
):
    """The page-type limit answers with Wagtail's own message, in Arabic."""
    client.force_login(author)
    response = client.get(_add_url("sectionpage", newsroom), follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert "ليس لديك صلاحية" in response.content.decode()
