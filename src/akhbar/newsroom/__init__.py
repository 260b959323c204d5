"""The newsroom: roles, review, scheduled publishing, curation, media checks."""
