"""One demo login per newsroom role, so the review workflow can be tried at once."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from akhbar.newsroom.roles import GROUP_NAMES, Role, roles_sync

DEMO_USERS = [
    (Role.EDITOR, "Editor", "editor"),
    (Role.AUTHOR, "Author", "author"),
    (Role.CONTRIBUTOR, "Contributor", "contributor"),
]


def _credentials_path():
    return settings.DATA_DIR / "demo-role-credentials.txt"


def demo_role_users() -> list[tuple[str, str, str]]:
    """Create an Editor, an Author and a Contributor; return (role, username, password).

    Safe to run again: a user keeps the password written beside the data the first
    time, and is put back in its group if someone took it out.
    """
    User = get_user_model()
    roles_sync()
    path = _credentials_path()
    known = {}
    if path.exists():
        for line in path.read_text().splitlines():
            _label, username, password = line.split("\t")
            known[username] = password
    rows = []
    for role, label, username in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None or username not in known:
            known[username] = secrets.token_urlsafe(12)
            if user is None:
                user = User(username=username, email=f"{username}@example.com")
            user.set_password(known[username])
            user.save()
        user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
        rows.append((label, username, known[username]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join("\t".join(row) + "\n" for row in rows))
    path.chmod(0o600)
    return rows
