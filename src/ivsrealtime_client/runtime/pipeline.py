"""Send one operation's request, signing, retrying and logging each attempt."""

from __future__ import annotations

import datetime
import email.utils
import logging
import time
import types
import uuid

import attrs

from .error_parsing import decode_json_body, parse_error_code, parse_request_id
from .errors import TransportError
from .retries import RetryDecision
from .session import ClientContext
from .signing import RequestSigner
from .transport import HttpRequest, HttpResponse
from .urls import url_without_query

logger = logging.getLogger(__name__)

_SUCCESS = RetryDecision(retry=False, reason="succeeded")

_TTL_FORMAT = "%Y%m%dT%H%M%SZ"


@attrs.frozen
class _Attempt:
    """One signed request and its outcome, a response or a transport error."""

    number: int
    request: HttpRequest
    response: HttpResponse | None
    error: TransportError | None
    elapsed: float
    """Seconds from sending the request to receiving the whole response."""

    def result(self) -> HttpResponse:
        if self.error is not None:
            raise self.error
        assert self.response is not None
        return self.response


class RequestPipeline:
    """Signs, sends and retries the requests of one client.

    One pipeline is shared by all threads that use the client, and it keeps no state
    between calls except the transport's connection pool and the retry quota.
    Logs go to this module's logger at DEBUG, one record per attempt. They contain
    the operation, method, URL without its query, body length, status, duration,
    request id and retry decision, never header values or body content.
    """

    def __init__(
        self, context: ClientContext, *, signer: RequestSigner | None = None
    ) -> None:
        """Create the pipeline. Tests pass ``signer`` to fix the signing clock."""
        self._context = context
        self._transport = context.transport
        self._timeouts = context.timeouts
        self._retry_policy = context.retry_policy
        self._signer = signer or RequestSigner(
            context.credentials, context.signing_name, context.signing_region
        )

    def send(self, operation_name: str, request: HttpRequest) -> HttpResponse:
        """Send ``request`` with retries and return the final response.

        The response is either a 2xx success or the error response of the last
        attempt, which the caller turns into an exception. ``request`` itself is
        not changed, because each attempt signs a copy.

        Raises:
            TransportError: the last attempt got no response.
            ConfigurationError: the credentials could not be loaded for signing.
        """
        invocation_id = str(uuid.uuid4())
        last_retry: RetryDecision | None = None
        previous: HttpResponse | None = None
        number = 1
        while True:
            signed = self._prepare_attempt(request, invocation_id, number, previous)
            attempt = self._send_attempt(signed, number)
            decision = self._decide(attempt, last_retry)
            self._log_attempt(operation_name, attempt, decision)
            if not decision.retry:
                return attempt.result()

            last_retry = decision
            previous = attempt.response
            number += 1
            self._retry_policy.sleep(decision.delay)

    def close(self) -> None:
        """Close the transport and its pooled connections."""
        self._transport.close()

    def __enter__(self) -> RequestPipeline:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: types.TracebackType | None,
    ) -> None:
        self.close()

    def _prepare_attempt(
        self,
        request: HttpRequest,
        invocation_id: str,
        number: int,
        previous: HttpResponse | None = None,
    ) -> HttpRequest:
        """Return a signed copy of ``request`` for attempt number ``number``.

        ``previous`` is the response to the attempt before, if one arrived.
        """
        headers = dict(request.headers)
        if not any(name.lower() == "user-agent" for name in headers):
            headers["User-Agent"] = self._context.user_agent
        signed = HttpRequest(
            method=request.method, url=request.url, headers=headers, body=request.body
        )
        self._signer.sign(signed)

        # botocore adds these headers after signing, so that the service can tell
        # the attempts of one call apart from separate calls.
        signed.headers["amz-sdk-invocation-id"] = invocation_id
        signed.headers["amz-sdk-request"] = self._sdk_request_header(number, previous)
        return signed

    def _send_attempt(self, signed: HttpRequest, number: int) -> _Attempt:
        response: HttpResponse | None = None
        error: TransportError | None = None
        started = time.perf_counter()
        try:
            response = self._transport.send(signed, self._timeouts)
        except TransportError as exc:
            error = exc
        elapsed = time.perf_counter() - started
        return _Attempt(number, signed, response, error, elapsed)

    def _decide(
        self, attempt: _Attempt, last_retry: RetryDecision | None
    ) -> RetryDecision:
        response = attempt.response
        if response is None:
            return self._retry_policy.decide(attempt.number, error=attempt.error)
        if 200 <= response.status_code < 300:
            self._retry_policy.record_success(last_retry)
            return _SUCCESS

        error_code = parse_error_code(response.headers, decode_json_body(response.body))
        return self._retry_policy.decide(
            attempt.number, status_code=response.status_code, error_code=error_code
        )

    def _sdk_request_header(self, number: int, previous: HttpResponse | None) -> str:
        """Return the ``amz-sdk-request`` value of attempt number ``number``.

        As in botocore 1.43, the first attempt sends only its number. A retry adds
        the maximum number of attempts and, when the previous response had a
        ``Date`` header, a ``ttl``: the server's time plus the read timeout.
        """
        if number == 1:
            return "attempt=1"
        value = f"attempt={number}; max={self._retry_policy.max_attempts}"
        date_header = previous.headers.get("date") if previous is not None else None
        if not date_header:
            return value
        try:
            server_time = email.utils.parsedate_to_datetime(date_header)
        except (TypeError, ValueError):
            logger.debug("ignored an invalid Date header %r", date_header)
            return value
        if server_time.tzinfo is not None:
            server_time = server_time.astimezone(datetime.timezone.utc)
        try:
            ttl = server_time + datetime.timedelta(seconds=self._timeouts.read)
        except OverflowError:
            logger.debug(
                "ignored a Date header too late to add a ttl to: %r", date_header
            )
            return value
        return f"ttl={ttl.strftime(_TTL_FORMAT)}; {value}"

    def _log_attempt(
        self, operation_name: str, attempt: _Attempt, decision: RetryDecision
    ) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        if attempt.response is not None:
            outcome = f"HTTP {attempt.response.status_code}"
            request_id = parse_request_id(attempt.response.headers)
        else:
            outcome = type(attempt.error).__name__
            request_id = None
        if decision.retry:
            next_step = f"retrying in {decision.delay:.3f} s ({decision.reason})"
        elif decision is _SUCCESS:
            next_step = "done"
        else:
            next_step = f"not retrying ({decision.reason})"
        logger.debug(
            "%s attempt %d/%d: %s %s with %d body bytes -> %s in %.1f ms, "
            "request id %s, %s",
            operation_name,
            attempt.number,
            self._retry_policy.max_attempts,
            attempt.request.method,
            url_without_query(attempt.request.url),
            len(attempt.request.body),
            outcome,
            attempt.elapsed * 1000,
            request_id,
            next_step,
        )
