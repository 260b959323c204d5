"""The demo's newsroom logins: one per role, the same passwords on every run."""

import pytest
from django.contrib.auth import authenticate

from akhbar.demo.builders import demo_users
from akhbar.demo.roles import demo_role_users
from akhbar.newsroom.roles import GROUP_NAMES, user_roles

pytestmark = pytest.mark.django_db


def test_one_user_per_role_with_stable_passwords(settings, tmp_path, newsroom):
    settings.DATA_DIR = tmp_path
    first = demo_role_users()
    assert [(role, username) for role, username, _password in first] == [
        ("Editor", "editor"),
        ("Author", "author"),
        ("Contributor", "contributor"),
    ]
    assert demo_role_users() == first
    for role, username, password in first:
        user = authenticate(username=username, password=password)
        assert user is not None and user.email
        assert user_roles(user) == {role.lower()}
    assert (tmp_path / "demo-role-credentials.txt").stat().st_mode & 0o077 == 0


def test_the_demo_command_lists_every_role(settings, tmp_path, newsroom):
    settings.DATA_DIR = tmp_path
    roles = [role for role, _username, _password in demo_users()]
    assert roles == ["Administrator", "Editor", "Author", "Contributor"]
    assert set(GROUP_NAMES) == {"editor", "author", "contributor"}
