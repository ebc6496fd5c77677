"""Transport built on ``requests``, so that tests can mock HTTP with ``responses``.

``requests`` is an optional dependency, imported when a transport is created.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    join_limited,
)
from .urllib3_transport import transport_error_from_urllib3
from .urls import url_without_query

if TYPE_CHECKING:
    import requests


class RequestsTransport:
    """Transport that sends each request through a ``requests.Session``.

    Redirects are not followed and the pipeline owns retries, as in the urllib3
    transport. ``close()`` closes a session created here but leaves a session passed
    in open, because its owner may still use it.

    NOTE: requests does not document ``Session`` as thread-safe. Its connection pool
    is, and the shared state at risk is the cookie jar, which AWS JSON APIs leave
    empty because they set no cookies.
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        try:
            import requests
        except ImportError as exc:
            raise ConfigurationError(
                "RequestsTransport needs the requests package, which is not "
                "installed. Install it with pip install requests"
            ) from exc

        self._requests = requests
        self._max_response_bytes = max_response_bytes
        self._owns_session = session is None
        self._session = requests.Session() if session is None else session

    def send(self, request: HttpRequest, timeouts: Timeouts) -> HttpResponse:
        """Send ``request`` and return the response, error statuses included.

        Raises the same exceptions as ``Urllib3Transport.send``.
        """
        try:
            response = self._session.request(
                request.method,
                request.url,
                data=request.body or None,
                headers=request.headers,
                timeout=(timeouts.connect, timeouts.read),
                allow_redirects=False,
                stream=True,
            )
            with response:
                redacted_url = url_without_query(request.url)
                check_response_size(
                    response.headers.get("Content-Length"),
                    self._max_response_bytes,
                    redacted_url,
                )
                body = join_limited(
                    response.iter_content(chunk_size=65536),
                    self._max_response_bytes,
                    redacted_url,
                )
        except self._requests.RequestException as exc:
            raise self._transport_error(exc, request.url, timeouts) from exc
        except urllib3_errors.HTTPError as exc:
            raise transport_error_from_urllib3(exc, request.url, timeouts) from exc

        return HttpResponse(
            status_code=response.status_code,
            headers=HttpHeaders(response.headers.items()),
            body=body,
        )

    def close(self) -> None:
        """Close the session if this transport created it."""
        if self._owns_session:
            self._session.close()

    def _transport_error(
        self, exc: requests.RequestException, url: str, timeouts: Timeouts
    ) -> TransportError:
        errors = self._requests.exceptions
        redacted_url = url_without_query(url)

        # ConnectTimeout derives from ConnectionError, so it is checked first.
        if isinstance(exc, errors.ConnectTimeout):
            return ConnectTimeoutError(
                f"connecting to {redacted_url} timed out after {timeouts.connect} s. "
                "Check the endpoint or raise connect_timeout",
                url=redacted_url,
            )

        # requests raises ReadTimeout while waiting for the headers, but wraps a
        # timeout while reading the body in a plain ConnectionError.
        body_timeout = isinstance(exc, errors.ConnectionError) and any(
            isinstance(arg, urllib3_errors.ReadTimeoutError) for arg in exc.args
        )
        if isinstance(exc, errors.ReadTimeout) or body_timeout:
            return ReadTimeoutError(
                f"no response from {redacted_url} within the read timeout of "
                f"{timeouts.read} s. Raise read_timeout if the service is slow",
                url=redacted_url,
            )
        reason = _failure_reason(exc)
        if isinstance(exc, errors.ConnectionError | errors.ChunkedEncodingError):
            return EndpointConnectionError(
                f"connection to {redacted_url} failed: {reason}", url=redacted_url
            )
        return TransportError(
            f"request to {redacted_url} failed: {reason}", url=redacted_url
        )


def _failure_reason(exc: Exception) -> object:
    """Return the underlying cause of a requests exception, for messages.

    requests wraps a urllib3 ``MaxRetryError``, whose text contains the URL with
    its query string, so the error it wraps is used instead.
    """
    for arg in exc.args:
        if isinstance(arg, urllib3_errors.MaxRetryError) and arg.reason is not None:
            return arg.reason
    return exc
