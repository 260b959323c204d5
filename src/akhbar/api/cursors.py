"""Opaque cursors: the sort key of the last item of a page, for the next one.

A cursor names a position in a stable order, not a page number, so an article
published while a client pages through a listing neither repeats nor hides one.
"""

import base64
import binascii
import datetime
import json

# The largest key a database column of the API's listings holds.
MAX_INT = 2**63 - 1


class BadCursor(ValueError):
    """A cursor this API did not hand out (or for another listing)."""


def encode(kind: str, *values) -> str:
    """The cursor after an item whose sort key is ``values``."""
    plain = [kind] + [
        v.isoformat() if isinstance(v, datetime.datetime) else v for v in values
    ]
    text = json.dumps(plain, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor: str, kind: str, *types) -> tuple:
    """The sort key in ``cursor``, each value checked against ``types``
    (``datetime.datetime``, ``int`` or ``str``); ``BadCursor`` otherwise."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        plain = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise BadCursor(cursor) from error
    if (
        not isinstance(plain, list)
        or plain[:1] != [kind]
        or len(plain) != 1 + len(types)
    ):
        raise BadCursor(cursor)
    values = []
    for value, kind_of in zip(plain[1:], types, strict=True):
        if kind_of is datetime.datetime:
            if not isinstance(value, str):
                raise BadCursor(cursor)
            try:
                value = datetime.datetime.fromisoformat(value)
            except ValueError as error:
                raise BadCursor(cursor) from error
            if value.tzinfo is None:
                raise BadCursor(cursor)
            try:
                value = value.astimezone(datetime.UTC)
            except OverflowError as error:
                raise BadCursor(cursor) from error
        elif type(value) is not kind_of:
            raise BadCursor(cursor)
        elif kind_of is int and not 0 <= value <= MAX_INT:
            raise BadCursor(cursor)
        values.append(value)
    return tuple(values)
