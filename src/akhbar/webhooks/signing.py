"""How a delivery is signed, and how a receiver checks it.

Each POST carries

- ``X-Akhbar-Timestamp``: the Unix time (seconds) it was sent;
- ``X-Akhbar-Signature``: ``sha256=`` and the hex HMAC-SHA256, keyed with the
  endpoint's secret, of the timestamp, a dot and the raw body bytes;
- ``X-Akhbar-Delivery``: the delivery's id, the same on every retry, so a
  receiver that saw it already can answer 2xx and do nothing;
- ``X-Akhbar-Event``: the event, also in the body.

A receiver reads the body as bytes (before parsing the JSON), and accepts it
only when ``verify_signature`` is true. This module needs nothing but Python's
standard library: copy it into the receiver as it is.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Akhbar-Signature"
TIMESTAMP_HEADER = "X-Akhbar-Timestamp"
DELIVERY_HEADER = "X-Akhbar-Delivery"
EVENT_HEADER = "X-Akhbar-Event"
# A signed request older (or newer) than this is refused: a captured request
# cannot be replayed later.
DEFAULT_TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The ``X-Akhbar-Signature`` value of ``body`` sent at ``timestamp``."""
    message = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return "sha256=" + digest


def verify_signature(
    *,
    secret: str,
    body: bytes,
    timestamp: str,
    signature: str,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """Whether ``signature`` is the endpoint's signature of ``body`` at
    ``timestamp`` (the two headers as received), sent within ``tolerance``
    seconds of ``now`` (default: this machine's clock)."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - sent) > tolerance:
        return False
    expected = sign(secret, sent, body)
    return hmac.compare_digest(expected.encode("ascii"), str(signature).encode())
