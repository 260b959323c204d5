"""The bulk fast path of a large import: rows Wagtail would write, written in batches.

``bulk.BulkWriter`` inserts new pages (tree paths, subclass rows, child rows,
revisions, log entries) and comments a batch at a time; ``indexing`` holds back
the search and reference indexes and fills them once per batch. Both stand in
for Wagtail's own publishing, so both are held to it by contract tests
(``tests/importers/test_bulk.py``): the same pages written through
``add_child``/``save_revision``/``publish`` and through this package must leave
the same rows. Nothing outside ``akhbar.importers`` should use this package;
every other writer goes through Wagtail (``importers.services``).
"""
