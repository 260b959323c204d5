"""Admin: the editor is warned of a possible duplicate."""
