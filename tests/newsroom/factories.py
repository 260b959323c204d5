"""Newsroom test data: users per role and the roles themselves."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import WorkflowPage
from wagtail.users.models import UserProfile

from akhbar.newsroom.roles import (
    GROUP_NAMES,
    REVIEW_WORKFLOW_NAME,
    Role,
    review_workflow_sync,
    roles_sync,
)

PASSWORD = "كلمة-سر-للاختبار-123"
_counter = itertools.count(1)


def ensure_newsroom():
    """The home page, roles and workflow as the migrations make them; return home.

    A transactional test's flush empties every table, the page tree included, so
    the tree comes first: the roles' permissions and the workflow hang on its root.
    Where the workflow still hangs there, nothing was flushed and the roles are as
    the migrations made them.
    """
    from tests.news.factories import ensure_home

    home = ensure_home()
    in_place = WorkflowPage.objects.filter(
        page__depth=1, workflow__name=REVIEW_WORKFLOW_NAME
    )
    if not in_place.exists():
        roles_sync()
        review_workflow_sync()
    return home


def make_user(role: str | None = None, username: str | None = None, **fields):
    """A user holding ``role`` ("admin" for a superuser, None for no role)."""
    User = get_user_model()
    username = username or "%s%d" % (role or "user", next(_counter))
    fields.setdefault("email", "%s@example.com" % username)
    language = fields.pop("language", None)
    if role == "admin":
        user = User.objects.create_superuser(username, password=PASSWORD, **fields)
    else:
        user = User.objects.create_user(username, password=PASSWORD, **fields)
    if role in (Role.EDITOR, Role.AUTHOR, Role.CONTRIBUTOR):
        user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user
