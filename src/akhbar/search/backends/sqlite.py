"""SQLite: the embedded default, with an FTS5 index of light stems for phrases."""

import numpy as np
from django.db import connections

from .database import DatabaseSearchBackend

PHRASE_TABLE = "akhbar_search_phrase"


def _fts_phrase(stems: list[str]) -> str:
    # FTS5 string literal: double quotes, inner quotes doubled.
    return '"%s"' % " ".join(stems).replace('"', '""')


class SQLiteSearchBackend(DatabaseSearchBackend):
    """FTS5 holds the stems in order (contentless: the text is already stored in
    SearchDocument.tokens), so a quoted phrase is an FTS5 phrase query."""

    @classmethod
    def install(cls, schema_editor) -> None:
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS %s USING fts5("
            "tokens, content='', tokenize='unicode61 remove_diacritics 0')"
            % PHRASE_TABLE
        )

    def _execute_many(self, sql, rows):
        if rows:
            with connections[self.using].cursor() as cursor:
                cursor.executemany(sql, rows)

    def _phrase_add(self, rows):
        self._execute_many(
            "INSERT INTO %s (rowid, tokens) VALUES (%%s, %%s)" % PHRASE_TABLE,  # noqa: S608
            rows,
        )

    def _phrase_remove(self, rows):
        # A contentless FTS5 table forgets a row when given its old text.
        self._execute_many(
            "INSERT INTO %s (%s, rowid, tokens) VALUES ('delete', %%s, %%s)"  # noqa: S608
            % (PHRASE_TABLE, PHRASE_TABLE),
            rows,
        )

    def _phrase_clear(self):
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                "INSERT INTO %s (%s) VALUES ('delete-all')"  # noqa: S608
                % (PHRASE_TABLE, PHRASE_TABLE)
            )

    def _phrase_ids(self, phrases):
        expression = " AND ".join(_fts_phrase(stems) for stems in phrases)
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM %s WHERE %s MATCH %%s"  # noqa: S608
                % (PHRASE_TABLE, PHRASE_TABLE),
                [expression],
            )
            return np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
