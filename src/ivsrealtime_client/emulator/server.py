"""The HTTP/1.1 server: connections, keep-alive, body limits and framing.

A thread serves each connection, so many clients can call at once; the store
serializes their transactions. Responses always carry Content-Length, so a
connection stays open for the next request unless the client asks to close it
or the request could not be framed.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from .admin_api import AdminApi, is_admin_path
from .aws_api import AwsApi, error_response, new_request_id
from .errors import ServiceError
from .http_types import HttpRequest, HttpResponse
from .servicemodel import ServiceModel

logger = logging.getLogger(__name__)

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
# A body over the limit is read and discarded up to this size, because the
# client may still be sending it and would miss the 413 response otherwise.
# Larger bodies get the response at once, and the connection is closed.
_MAX_DISCARD_BYTES = 64 * 1024 * 1024
_DISCARD_CHUNK = 64 * 1024
# Socket timeout of each connection's reads, in seconds. A connection that
# sends nothing for this long, whether new, idle between keep-alive requests or
# stalled within a request, is closed, so silent clients do not keep a thread
# each. 120 s leaves room for a test that pauses at a breakpoint.
# NOTE: the limit applies to each read, so a client that sends a byte at a time
# more often than this still keeps its thread.
_IDLE_TIMEOUT_SECONDS = 120
# Listen backlog: connections the kernel completes and queues while the serving
# thread is busy accepting others. Test suites may open a fresh connection per
# thread or per client, many at the same moment. When the queue is full, Linux
# drops the connection attempt and the client retries only after 1, 2, 4...
# seconds, so the standard library's 5 turned bursts into stalls of seconds and
# client timeouts. 1024 covers bursts of several hundred clients. Linux caps
# the value at net.core.somaxconn (4096 by default since kernel 5.4, 128
# before), and a slot costs memory only while a connection waits in it.
_LISTEN_BACKLOG = 1024
_CONTENT_LENGTH = re.compile(r"[0-9]+")
# A Content-Length with more significant digits than this is over every body
# limit, and gets a 413 without conversion to int.
_MAX_LENGTH_DIGITS = 30


class EmulatorHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that can close its open connections on stop."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = _LISTEN_BACKLOG

    def __init__(
        self,
        address: tuple[str, int],
        model: ServiceModel,
        aws_api: AwsApi,
        admin_api: AdminApi,
        max_body_bytes: int,
    ) -> None:
        self.model = model
        self.aws_api = aws_api
        self.admin_api = admin_api
        self.max_body_bytes = max_body_bytes
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _RequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Shut down every open connection, idle keep-alive ones included."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.exception("unexpected error on the connection from %s", client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ivsrealtime-emulator"
    # Headers and body go out in separate writes; without TCP_NODELAY the body
    # waits for the client's delayed ACK, about 40 ms per response on Linux.
    disable_nagle_algorithm = True
    timeout = _IDLE_TIMEOUT_SECONDS
    # The standard handler assumes HTTP/0.9 until it has parsed the version,
    # and so sends errors about the request line as a bare body, without
    # status line or headers. Assuming HTTP/1.1 gives those errors both.
    default_request_version = "HTTP/1.1"
    server: EmulatorHTTPServer
    raw_requestline: bytes

    def parse_request(self) -> bool:
        # A request line without a version is an HTTP/0.9 request, which the
        # standard handler would serve with a bare body. The emulator rejects
        # it with a 400, before reading headers that such a client never sends.
        words = self.raw_requestline.split()
        if len(words) == 2:
            self.command = ""
            self.request_version = self.default_request_version
            self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
            self.close_connection = True
            self._send_error(
                400,
                "BadRequestException",
                "The request line has no HTTP version. HTTP/0.9 is not supported; "
                "send HTTP/1.1.",
            )
            return False
        return bool(super().parse_request())

    def do_request(self) -> None:
        target = urlsplit(self.path)
        raw_path = target.path or "/"
        body = self._read_body()
        if body is None:
            return
        request = HttpRequest(
            method=self.command,
            raw_path=raw_path,
            raw_query=target.query,
            headers=tuple(self.headers.items()),
            body=body,
            client_host=str(self.client_address[0]),
        )
        if is_admin_path(raw_path):
            response = self.server.admin_api.handle(request)
            response.headers.append(("x-amzn-RequestId", new_request_id()))
        else:
            response = self.server.aws_api.handle(request)
        self._send(response)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_request
    do_HEAD = do_OPTIONS = do_request

    def _read_body(self) -> bytes | None:
        """Read the body, or send an error response and return None."""
        if self.headers.get("Transfer-Encoding"):
            self._send_error(
                411,
                "LengthRequiredException",
                "Chunked request bodies are not supported; send Content-Length.",
            )
            return None
        length = self._content_length()
        if length is None:
            return None
        if length > self.server.max_body_bytes:
            self._discard_body(length)
            self._send_error(
                413,
                "RequestEntityTooLargeException",
                f"The request body of {length} bytes is larger than the limit of "
                f"{self.server.max_body_bytes} bytes.",
            )
            return None
        body = self.rfile.read(length)
        if len(body) < length:
            # The client closed the connection before sending the whole body.
            self.close_connection = True
            return None
        return body

    def _content_length(self) -> int | None:
        """Return the declared body length, or send a 400 and return None.

        Content-Length must be decimal digits, so the signs, spaces and
        underscores that int() accepts are rejected. Repeated headers must
        agree, because two lengths would frame the body two ways. RFC 7230,
        section 3.3.3, makes both mistakes a 400 that closes the connection.
        """
        headers = self.headers.get_all("Content-Length") or ["0"]
        values = {value.strip(" \t") for value in headers}
        if len(values) > 1:
            listed = ", ".join(f"'{value[:40]}'" for value in sorted(values))
            self._send_error(
                400,
                "BadRequestException",
                f"The request has Content-Length headers with different values "
                f"({listed}). Send one Content-Length header.",
            )
            return None
        (declared,) = values
        if not _CONTENT_LENGTH.fullmatch(declared):
            self._send_error(
                400,
                "BadRequestException",
                f"Invalid Content-Length '{declared[:40]}'. Send the body's length "
                "in bytes as a decimal integer.",
            )
            return None
        digits = len(declared.lstrip("0"))
        if digits > _MAX_LENGTH_DIGITS:
            # int() rejects strings of over 4,300 digits by default (Python 3.11,
            # 3.10.7 and later), so such a length is reported by its digit count.
            self._send_error(
                413,
                "RequestEntityTooLargeException",
                f"The declared Content-Length of {digits} digits is larger than the "
                f"limit of {self.server.max_body_bytes} bytes.",
            )
            return None
        return int(declared)

    def _discard_body(self, length: int) -> None:
        remaining = length if length <= _MAX_DISCARD_BYTES else 0
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, _DISCARD_CHUNK))
            if not chunk:
                break
            remaining -= len(chunk)

    def _send_error(self, status: int, code: str, message: str) -> None:
        error = ServiceError(code, message, status)
        response = error_response(self.server.model, error)
        response.headers.append(("x-amzn-RequestId", new_request_id()))
        response.close = True
        logger.info(
            "rejected request %s %s: %s",
            self.command,
            getattr(self, "path", ""),
            message,
        )
        self._send(response)

    def send_error(
        self, code: int, message: str | None = None, explain: str | None = None
    ) -> None:
        # BaseHTTPRequestHandler calls this for requests it cannot parse, and with
        # 501 for methods without a do_ handler. Respond to those AWS-style too.
        if code == 501:
            self._send_error(
                405,
                "UnknownOperationException",
                f"The method {self.command} is not supported by the emulated API.",
            )
            return
        if code == 505:
            version = self.requestline.rsplit(" ", 1)[-1]
            self._send_error(
                505,
                "HttpVersionNotSupportedException",
                f"{version[:40]} is not supported; send HTTP/1.1.",
            )
            return
        self._send_error(code, "BadRequestException", message or "Bad request.")

    def _send(self, response: HttpResponse) -> None:
        try:
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            if response.close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)
            self.wfile.flush()
        except OSError as exc:
            logger.debug(
                "could not send the response to %s: %s", self.client_address, exc
            )
            self.close_connection = True

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)
