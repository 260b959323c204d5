"""PostgreSQL: production, with a GIN index over a tsvector of the light stems."""

import numpy as np
from django.db import connections

from ..models import SearchDocument, SearchTerm
from .database import DatabaseSearchBackend

PHRASE_INDEX = "akhbar_search_tokens_gin"


class PostgresSearchBackend(DatabaseSearchBackend):
    """Phrases are tsquery phrase searches (<->) on the stems, with the 'simple'
    configuration: the text is analysed already, PostgreSQL only splits it."""

    @classmethod
    def install(cls, schema_editor) -> None:
        documents = SearchDocument._meta.db_table
        terms = SearchTerm._meta.db_table
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS %s ON %s "
            "USING gin (to_tsvector('simple'::regconfig, tokens))"
            % (PHRASE_INDEX, documents)
        )
        # Packed postings barely compress, and reading them uncompressed and out
        # of line is faster.
        schema_editor.execute(
            "ALTER TABLE %s ALTER COLUMN postings SET STORAGE EXTERNAL" % terms
        )

    def _read_terms(self, terms):
        # Binary results: packed postings arrive as raw bytes instead of hex text
        # twice their size that psycopg would decode. Django's cursors bind on the
        # client side, which cannot return binary, so a plain psycopg cursor is
        # used on the same connection.
        import psycopg

        connection = connections[self.using]
        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(
                "SELECT term, count, postings FROM %s WHERE term = ANY(%%s)"  # noqa: S608
                % SearchTerm._meta.db_table,
                [list(terms)],
                binary=True,
            )
            return cursor.fetchall()

    def _phrase_ids(self, phrases):
        documents = SearchDocument._meta.db_table
        condition = " AND ".join(
            "to_tsvector('simple'::regconfig, tokens) @@ "
            "phraseto_tsquery('simple'::regconfig, %s)"
            for _ in phrases
        )
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                "SELECT id FROM %s WHERE %s" % (documents, condition),  # noqa: S608
                [" ".join(stems) for stems in phrases],
            )
            return np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
