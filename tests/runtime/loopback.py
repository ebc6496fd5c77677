"""Loopback HTTP servers that tests start on 127.0.0.1 to exercise the transports."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypeVar

import attrs

# Upper bound in seconds for a held reply. Tests release held replies on teardown,
# so the bound only limits how long a forgotten one blocks a handler thread.
_MAX_HOLD_SECONDS = 30.0


@attrs.frozen
class Reply:
    """A scripted response of the loopback server."""

    status: int = 200
    headers: dict[str, str] = attrs.field(factory=dict)
    body: bytes = b"{}"
    extra_headers: list[tuple[str, str]] = attrs.field(factory=list)
    """Header fields sent after ``headers``, so that a name can repeat."""

    hold: bool = False
    """Wait for ``LoopbackServer.release()`` before replying, to cause read timeouts."""


@attrs.frozen
class ReceivedRequest:
    """A request as the loopback server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    client_port: int
    """Source port of the connection; equal ports mean a reused connection."""


class LoopbackServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 that replies from a script.

    Replies queued with ``add`` are used in order; when none is left, the server
    replies with ``default``. Every request is recorded in ``requests``.
    """

    def __init__(self, default: Reply | None = None) -> None:
        self.default = Reply() if default is None else default
        self.requests: list[ReceivedRequest] = []
        self._replies: list[Reply] = []
        self._lock = threading.Lock()
        self._released = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._released.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def add(self, *replies: Reply) -> None:
        with self._lock:
            self._replies.extend(replies)

    def release(self) -> None:
        """Let every held reply be sent."""
        self._released.set()

    def connection_count(self) -> int:
        return len({request.client_port for request in self.requests})

    def _next_reply(self, request: ReceivedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            return self._replies.pop(0) if self._replies else self.default

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_request(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                received = ReceivedRequest(
                    method=self.command,
                    path=self.path,
                    headers=dict(self.headers.items()),
                    body=body,
                    client_port=self.client_address[1],
                )
                reply = server._next_reply(received)
                if reply.hold:
                    server._released.wait(_MAX_HOLD_SECONDS)

                try:
                    self.send_response(reply.status)
                    for name, value in [*reply.headers.items(), *reply.extra_headers]:
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except OSError:
                    # The client gave up first, as in read timeout tests.
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_request

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


ServerT = TypeVar("ServerT", bound="RawSocketServer")


class RawSocketServer:
    """A raw socket server on 127.0.0.1 that hands each connection to ``handle``.

    Subclasses decide what a connection gets. ``connections`` counts the
    connections accepted so far.
    """

    def __init__(self) -> None:
        self.connections = 0
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(16)
        # Closing a socket does not wake a thread blocked in accept() on Linux,
        # so the loop polls the stop flag between short waits.
        self._socket.settimeout(0.05)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._socket.getsockname()
        return f"http://{host}:{port}"

    def start(self: ServerT) -> ServerT:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()
        self._socket.close()

    def __enter__(self: ServerT) -> ServerT:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def handle(self, connection: socket.socket) -> None:
        raise NotImplementedError

    def _serve(self) -> None:
        while not self._stopped.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            with connection:
                connection.settimeout(5)
                self.handle(connection)


class ResettingServer(RawSocketServer):
    """A raw socket server that resets or drops every connection.

    With ``reset=True`` it reads the request and closes the socket with
    ``SO_LINGER`` set to 0, which makes the kernel send a TCP RST. Otherwise it
    closes the connection normally without replying.
    """

    def __init__(self, *, reset: bool = True) -> None:
        super().__init__()
        self.reset = reset

    def handle(self, connection: socket.socket) -> None:
        with contextlib.suppress(OSError):
            connection.recv(65536)
        if self.reset:
            linger = struct.pack("ii", 1, 0)
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)


class RawReplyServer(RawSocketServer):
    """A raw socket server that replies to a connection's first request with bytes.

    Connection N gets ``replies[N]``, and the last reply once the list runs out.
    Unlike ``LoopbackServer`` it adds nothing, no Date or Server header either.
    The connection is closed after the reply.
    """

    def __init__(self, *replies: bytes) -> None:
        super().__init__()
        self._replies = list(replies)

    def handle(self, connection: socket.socket) -> None:
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
        # The last reply is kept for every later connection.
        reply = self._replies.pop(0) if len(self._replies) > 1 else self._replies[0]
        # The client may close as soon as it has seen too much.
        with contextlib.suppress(OSError):
            connection.sendall(reply)


@attrs.define
class FullBacklog:
    """A listening socket whose accept queue is full, so new connects time out.

    Linux drops the SYN of a connection to a listener whose backlog is full, which
    gives a connect timeout on loopback without any outside network.
    """

    url: str
    sockets: list[socket.socket]

    def close(self) -> None:
        for sock in self.sockets:
            sock.close()


def full_backlog() -> FullBacklog:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    host, port = listener.getsockname()
    filler = socket.create_connection((host, port), timeout=2)
    return FullBacklog(url=f"http://{host}:{port}", sockets=[filler, listener])


def closed_port_url() -> str:
    """Return a loopback URL on a port that nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        host, port = probe.getsockname()
    return f"http://{host}:{port}"
