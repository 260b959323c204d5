"""The test database, as a URL another process (``akhbar serve``, a worker, a
command killed half-way) can open."""

from pathlib import Path
from urllib.parse import quote

from django.db import connection


def database_url(copy_dir: Path | None = None) -> str:
    """A ``DATABASE_URL`` of the test database for a child process.

    PostgreSQL: the test database itself. SQLite: the test database lives in
    memory, so it is copied (``VACUUM INTO``) into ``copy_dir`` and the copy is
    named; the child then sees the rows as they were at the call.
    """
    if connection.vendor == "sqlite":
        if copy_dir is None:
            raise ValueError("an SQLite test database must be copied: pass copy_dir")
        copy = Path(copy_dir) / "akhbar.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        return "sqlite:///%s" % copy
    database = connection.settings_dict
    password = database["PASSWORD"]
    return "postgres://%s%s@%s:%s/%s" % (
        quote(database["USER"] or ""),
        ":" + quote(password) if password else "",
        database["HOST"] or "127.0.0.1",
        database["PORT"] or 5432,
        database["NAME"],
    )
