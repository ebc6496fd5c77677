"""Transport that sends requests through a pooled urllib3 ``PoolManager``."""

from __future__ import annotations

import socket

import urllib3
from urllib3 import exceptions as urllib3_errors

from .errors import (
    ConfigurationError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
    TransportError,
)
from .transport import (
    DEFAULT_MAX_RESPONSE_BYTES,
    HttpHeaders,
    HttpRequest,
    HttpResponse,
    Timeouts,
    check_response_size,
)
from .urls import url_without_query

# API requests and responses are small, so Nagle's algorithm would only delay them.
_SOCKET_OPTIONS = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]


class Urllib3Transport:
    """Transport over kept-alive connections, pooled per host by urllib3.

    urllib3 neither retries nor follows redirects here, because the request pipeline
    owns retries and following a redirect would resend a signed request elsewhere.
    Certificates are verified against the system trust store, as urllib3 does by
    default, or against the PEM file ``ca_bundle`` when one is given.
    One instance may be shared by many threads.

    NOTE: ``HTTP_PROXY`` and ``HTTPS_PROXY`` are not read, so connections always go
    directly to the endpoint. ``RequestsTransport`` honours them.
    """

    def __init__(
        self,
        max_pool_connections: int = 10,
        *,
        ca_bundle: str | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if max_pool_connections < 1:
            raise ConfigurationError(
                f"invalid max_pool_connections {max_pool_connections!r}: "
                "it must be 1 or more"
            )
        self._pool_manager = urllib3.PoolManager(
            maxsize=max_pool_connections,
            block=False,
            retries=False,
            socket_options=_SOCKET_OPTIONS,
            ca_certs=ca_bundle,
        )
        # Connection pools by origin, so that a call skips the pool manager's
        # URL parsing and key normalization, which cost as much as signing's
        # own URL handling. A client talks to one origin, so this stays small.
        self._max_response_bytes = max_response_bytes
        self._pools: dict[str, urllib3.HTTPConnectionPool] = {}
        self._timeouts: dict[Timeouts, urllib3.Timeout] = {}

    def send(self, request: HttpRequest, timeouts: Timeouts) -> HttpResponse:
        """Send ``request`` and return the response, error statuses included.

        Raises:
            ConnectTimeoutError: the connection did not open within the timeout.
            ReadTimeoutError: the response did not arrive within the timeout.
            EndpointConnectionError: the connection was refused, reset or broken.
            TransportError: any other failure to get a response.
        """
        origin, target = _split_url(request.url)
        try:
            pool = self._pools.get(origin)
            if pool is None:
                pool = self._pool_manager.connection_from_url(origin)
                self._pools[origin] = pool
            response = pool.urlopen(
                request.method,
                target,
                body=request.body or None,
                headers=request.headers,
                timeout=self._urllib3_timeout(timeouts),
                retries=False,
                redirect=False,
                assert_same_host=False,
                preload_content=False,
            )
            body = self._read_body(response, request.url)
        except urllib3_errors.HTTPError as exc:
            raise transport_error_from_urllib3(exc, request.url, timeouts) from exc

        # Names keep the server's spelling, which header-prefix members expose, and
        # HttpHeaders joins repeated fields.
        return HttpResponse(
            status_code=response.status,
            headers=HttpHeaders(response.headers.items()),
            body=body,
        )

    def _read_body(self, response: urllib3.BaseHTTPResponse, url: str) -> bytes:
        redacted_url = url_without_query(url)
        try:
            check_response_size(
                response.headers.get("Content-Length"),
                self._max_response_bytes,
                redacted_url,
            )
            body = response.read(self._max_response_bytes + 1)
            if len(body) > self._max_response_bytes:
                raise TransportError(
                    f"response from {redacted_url} is larger than the limit of "
                    f"{self._max_response_bytes} bytes",
                    url=redacted_url,
                )
        except BaseException:
            # The rest of an oversized body stays unread, so the connection
            # cannot serve another request.
            response.close()
            raise
        response.release_conn()
        return body

    def _urllib3_timeout(self, timeouts: Timeouts) -> urllib3.Timeout:
        timeout = self._timeouts.get(timeouts)
        if timeout is None:
            timeout = urllib3.Timeout(connect=timeouts.connect, read=timeouts.read)
            self._timeouts[timeouts] = timeout
        return timeout

    def close(self) -> None:
        """Close every pooled connection."""
        self._pools.clear()
        self._pool_manager.clear()


def _split_url(url: str) -> tuple[str, str]:
    """Split an absolute URL into its origin and the path with query."""
    scheme_end = url.find("://") + 3
    path_start = url.find("/", scheme_end)
    if path_start == -1:
        return url, "/"
    return url[:path_start], url[path_start:]


def transport_error_from_urllib3(
    exc: urllib3_errors.HTTPError, url: str, timeouts: Timeouts
) -> TransportError:
    """Return the runtime exception for a urllib3 failure while sending to ``url``."""
    redacted_url = url_without_query(url)

    # NewConnectionError derives from ConnectTimeoutError in urllib3 2, but it
    # means the connection failed at once (refused, unreachable, unknown host).
    if isinstance(exc, urllib3_errors.NewConnectionError):
        return EndpointConnectionError(
            f"could not connect to {redacted_url}: {exc}", url=redacted_url
        )
    if isinstance(exc, urllib3_errors.ConnectTimeoutError):
        return ConnectTimeoutError(
            f"connecting to {redacted_url} timed out after {timeouts.connect} s. "
            "Check the endpoint or raise connect_timeout",
            url=redacted_url,
        )
    if isinstance(exc, urllib3_errors.ReadTimeoutError):
        return ReadTimeoutError(
            f"no response from {redacted_url} within the read timeout of "
            f"{timeouts.read} s. Raise read_timeout if the service is slow",
            url=redacted_url,
        )
    if isinstance(exc, urllib3_errors.SSLError):
        return EndpointConnectionError(
            f"TLS connection to {redacted_url} failed: {exc}. "
            "Check the certificate bundle",
            url=redacted_url,
        )
    if isinstance(exc, urllib3_errors.ProtocolError | urllib3_errors.ProxyError):
        return EndpointConnectionError(
            f"connection to {redacted_url} failed: {exc}", url=redacted_url
        )
    return TransportError(f"request to {redacted_url} failed: {exc}", url=redacted_url)
