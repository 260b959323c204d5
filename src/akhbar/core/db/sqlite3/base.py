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

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def adapt_json_value(self, value, encoder):
        return json.dumps(value, cls=encoder, ensure_ascii=False)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
