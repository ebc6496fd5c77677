"""A loopback HTTP server that records requests as they arrive on the wire.

The current request cases state some headers, such as ``Content-Length``, as the
server receives them, after the HTTP client has framed the body. To check those,
the prepared request goes through the client's default transport to this server
on 127.0.0.1, which records the request line, headers and body and replies 200.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import attrs

from ivsrealtime_client.runtime.transport import HttpRequest, Timeouts, Transport

_TIMEOUTS = Timeouts(connect=5.0, read=5.0)


@attrs.frozen
class WireRequest:
    """A request as the server read it: header names keep the sender's case."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


class WireRecorder:
    """Runs the recording server; ``send`` returns what arrived for one request."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        self._lock = threading.Lock()
        self._received: list[WireRequest] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        self._transport.close()

    def send(self, request: HttpRequest) -> WireRequest:
        """Send ``request`` to the loopback server in place of its own host."""
        parts = urlsplit(request.url)
        host, port = self._server.server_address[:2]
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        loopback = HttpRequest(
            method=request.method,
            url=f"http://{host!s}:{port}{target}",
            headers=dict(request.headers),
            body=request.body,
        )
        with self._lock:
            self._received.clear()
            response = self._transport.send(loopback, _TIMEOUTS)
            assert response.status_code == 200, f"loopback replied {response}"
            assert len(self._received) == 1, f"received {self._received}"
            return self._received[0]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        received = self._received

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _record(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = tuple((name, value) for name, value in self.headers.items())
                received.append(WireRequest(self.command, self.path, headers, body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _record

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
