"""Django's SQLite backend, storing JSON values as UTF-8 text.

On SQLite a JSON column (a StreamField body, a revision's content) is text, and
Django writes it with ``json.dumps``'s default ``ensure_ascii``: every Arabic
letter becomes a six-byte ``\\u0627`` escape, three times its UTF-8 size, and a
revision, which holds its body's JSON as a string, escapes it twice over. The
values read back are the same either way; the database is half the size, and
writing it faster. PostgreSQL's ``jsonb`` stores the parsed value and is left
as it is.
"""

import json
from pathlib import Path

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def adapt_json_value(self, value, encoder):
        return json.dumps(value, cls=encoder, ensure_ascii=False)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_new_connection(self, conn_params):
        # A new AKHBAR_DATA_DIR holds nothing yet; SQLite creates the file but not
        # its folder ("unable to open database file" on the first migrate).
        database = conn_params.get("database", "")
        if isinstance(database, str | Path) and str(database) not in ("", ":memory:"):
            if not str(database).startswith("file:"):
                Path(database).parent.mkdir(parents=True, exist_ok=True)
        return super().get_new_connection(conn_params)
