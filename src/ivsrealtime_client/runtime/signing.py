"""SigV4 signing of an ``HttpRequest`` with botocore's signer.

botocore's signer logs the canonical request, which contains the session token,
and the signature at DEBUG on the ``botocore.auth`` logger. A filter on that logger
drops every record emitted while this module signs, so those values never reach a
handler. Records that botocore emits for other callers are not affected.
"""

from __future__ import annotations

import contextvars
import datetime
import logging
from collections.abc import Callable
from typing import Any

from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.exceptions import BotoCoreError

from .errors import ConfigurationError
from .transport import HttpRequest

Clock = Callable[[], datetime.datetime]
"""Function that returns the current time. A naive value is taken as UTC."""

_signing_in_progress = contextvars.ContextVar("signing_in_progress", default=False)


class _SigningLogFilter(logging.Filter):
    """Drops ``botocore.auth`` records emitted while this module signs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not _signing_in_progress.get()


_SIGNING_LOG_FILTER = _SigningLogFilter()


class _ClockedSigV4Auth(SigV4Auth):  # type: ignore[misc]
    """SigV4 signer that takes the signing time from ``clock``."""

    def __init__(
        self, credentials: Any, service_name: str, region_name: str, clock: Clock
    ) -> None:
        super().__init__(credentials, service_name, region_name)
        self._clock = clock

    # botocore 1.43 stores the signing time in request.context["timestamp"] before
    # calling this hook and reads it only afterwards, so replacing it here sets the
    # time of the whole signature.
    def _modify_request_before_signing(self, request: AWSRequest) -> None:
        now = self._clock()
        if now.tzinfo is not None:
            now = now.astimezone(datetime.timezone.utc)
        request.context["timestamp"] = now.strftime(SIGV4_TIMESTAMP)
        super()._modify_request_before_signing(request)


class RequestSigner:
    """Signs requests with SigV4 for one signing name and region.

    ``credentials`` is a botocore credentials object. Its frozen values are read on
    every ``sign`` call, so refreshable credentials are renewed when they expire.
    ``clock`` fixes the signing time for tests. Without it, botocore reads the
    system clock. One signer may be shared by many threads.
    """

    def __init__(
        self,
        credentials: Any,
        signing_name: str,
        region_name: str,
        *,
        clock: Clock | None = None,
    ) -> None:
        self._credentials = credentials
        self.signing_name = signing_name
        self.region_name = region_name
        self._clock = clock

        botocore_auth_logger = logging.getLogger("botocore.auth")
        if _SIGNING_LOG_FILTER not in botocore_auth_logger.filters:
            botocore_auth_logger.addFilter(_SIGNING_LOG_FILTER)

    def __repr__(self) -> str:
        return (
            f"RequestSigner(signing_name={self.signing_name!r}, "
            f"region_name={self.region_name!r})"
        )

    def sign(self, request: HttpRequest) -> None:
        """Sign ``request`` in place by adding its SigV4 headers.

        The headers added are ``X-Amz-Date``, ``Authorization`` and, for temporary
        credentials, ``X-Amz-Security-Token``. Every header already present is
        signed except those that SigV4 leaves out, such as ``User-Agent``. The URL
        must be final because its path and query are signed as they will be sent.

        Raises:
            ConfigurationError: the credentials could not be loaded or refreshed.
        """
        try:
            frozen = self._credentials.get_frozen_credentials()
        except BotoCoreError as exc:
            raise ConfigurationError(
                f"could not load the credentials for signing: {exc}"
            ) from exc

        signer = (
            SigV4Auth(frozen, self.signing_name, self.region_name)
            if self._clock is None
            else _ClockedSigV4Auth(
                frozen, self.signing_name, self.region_name, self._clock
            )
        )
        aws_request = AWSRequest(
            method=request.method,
            url=request.url,
            headers=request.headers,
            data=request.body,
        )

        token = _signing_in_progress.set(True)
        try:
            signer.add_auth(aws_request)
        finally:
            _signing_in_progress.reset(token)

        signed_headers = dict(aws_request.headers.items())
        request.headers.clear()
        request.headers.update(signed_headers)
