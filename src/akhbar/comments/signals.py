"""Signals other apps may listen to, sent by ``akhbar.comments.services``."""

from django.dispatch import Signal

# A comment became public: approved by a moderator (or restored to approved),
# or approved on arrival by the moderation rules. Sent with ``sender=Comment``,
# ``comment`` and ``by`` (the moderator, or None), inside the transaction that
# saved it: a receiver that acts outside the database waits for the commit.
comment_approved = Signal()
