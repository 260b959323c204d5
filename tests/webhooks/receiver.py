"""A real HTTP receiver for webhook tests: a server on a free loopback port, in
a thread, that records each request and answers as the test tells it."""

import contextlib
import dataclasses
import http.server
import threading


@dataclasses.dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    def __init__(self):
        self.requests: list[Received] = []
        self.status = 200
        # While set, each request waits (up to a minute) for ``release``.
        self.hang = False
        self.released = threading.Event()
        self.arrived = threading.Event()
        self.server = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return "http://%s:%d/hooks/akhbar" % (host, port)

    def release(self) -> None:
        self.released.set()


def _handler(receiver: Receiver):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            receiver.requests.append(Received(self.path, dict(self.headers), body))
            receiver.arrived.set()
            if receiver.hang:
                receiver.released.wait(60)
            self.send_response(receiver.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    return Handler


@contextlib.contextmanager
def running_receiver():
    """A ``Receiver`` listening on 127.0.0.1 at a port the system picks."""
    receiver = Receiver()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    receiver.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release()
        server.shutdown()
        server.server_close()
        thread.join(10)
