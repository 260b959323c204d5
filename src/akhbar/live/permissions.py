"""Who may do what with live entries, from the user's role.

The roles (``newsroom.roles``) grant the model permissions: Editors add, change,
delete and publish any entry; Authors add, change and delete. An entry by
someone without the publish permission waits as a draft for an Editor, unless
``AKHBAR_AUTHORS_CAN_PUBLISH`` lets Authors publish their own work, as it does
for their articles. A writer without the publish permission touches only their
own entries, and only while readers cannot see them. Contributors have none.
"""

from django.conf import settings

ADD = "akhbar_live.add_liveentry"
CHANGE = "akhbar_live.change_liveentry"
DELETE = "akhbar_live.delete_liveentry"
PUBLISH = "akhbar_live.publish_liveentry"


def _own(user, entry) -> bool:
    return entry.pk is None or entry.created_by_id == user.pk


def can_add(user) -> bool:
    """Whether ``user`` may write entries at all."""
    return user.is_active and user.has_perm(ADD)


def can_publish(user, entry=None) -> bool:
    """Whether ``user``'s save of ``entry`` (a new one when None) goes to readers
    at once; also who may pin an entry or mark it a key event."""
    if user.has_perm(PUBLISH):
        return True
    own = entry is None or _own(user, entry)
    return settings.AKHBAR_AUTHORS_CAN_PUBLISH and can_add(user) and own


def _may(user, entry, permission) -> bool:
    if not user.has_perm(permission):
        return False
    if user.has_perm(PUBLISH):
        return True
    return _own(user, entry) and (not entry.is_published or can_publish(user, entry))


def can_change(user, entry) -> bool:
    return _may(user, entry, CHANGE)


def can_delete(user, entry) -> bool:
    return _may(user, entry, DELETE)
