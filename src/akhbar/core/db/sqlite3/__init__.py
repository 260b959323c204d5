"""Django's SQLite backend, with JSON written as UTF-8 (see ``base``)."""
