"""One HTTP POST to an endpoint, to the address ``addresses.resolve`` checked.

The standard library's ``http.client`` rather than urllib or requests: it
follows no redirects (a 3xx to an internal address would bypass the check),
and its connection can be made to the checked address while the request
still names the endpoint's host (the ``Host`` header, TLS's server name and
certificate check).
"""

import dataclasses
import http.client
import socket
import ssl

from . import addresses

USER_AGENT = "Akhbar-Webhooks/1"
# Enough of an answer to free the connection; the body itself is not kept.
MAX_RESPONSE_BYTES = 64 * 1024


@dataclasses.dataclass(frozen=True)
class Result:
    status_code: int | None
    error: str

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address
        self.tls = ssl.create_default_context()

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Result:
    """POST ``body`` to ``url``; never raises for the receiver's faults."""
    try:
        scheme, host, port, path = addresses.split_url(url)
        address = addresses.resolve(url)
    except addresses.UnsafeURL as error:
        return Result(None, str(error))
    connection_class = (
        _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    )
    connection = connection_class(host, port, address=address, timeout=timeout)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        **headers,
    }
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(MAX_RESPONSE_BYTES)
        return Result(response.status, "")
    except TimeoutError:
        return Result(None, "timed out after %s s" % timeout)
    except (OSError, http.client.HTTPException) as error:
        return Result(None, "%s: %s" % (type(error).__name__, error))
    finally:
        connection.close()
