"""Helpers of the end-to-end tests: emulator clients, a recording transport, formats.

The formats are those of the identifiers that the service returns.
"""

from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta, timezone

import attrs

from ivsrealtime_client import Config, IVSRealTimeClient
from ivsrealtime_client.emulator import Emulator
from ivsrealtime_client.runtime.transport import (
    HttpRequest,
    HttpResponse,
    Timeouts,
    Transport,
)
from ivsrealtime_client.runtime.urllib3_transport import Urllib3Transport

SESSION_ID = re.compile(r"st-[A-Za-z0-9]{13}")
PARTICIPANT_ID = re.compile(r"[A-Za-z0-9]{12}")
REQUEST_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def stage_arn_pattern(emulator: Emulator) -> re.Pattern[str]:
    """Return the format of the stage ARNs that ``emulator`` issues."""
    prefix = re.escape(f"arn:aws:ivs:{emulator.region}:{emulator.account_id}:stage/")
    return re.compile(prefix + "[A-Za-z0-9]{12}")


def missing_stage_arn(emulator: Emulator) -> str:
    """Return a well-formed stage ARN of the emulator's account that does not exist."""
    return f"arn:aws:ivs:{emulator.region}:{emulator.account_id}:stage/missingStage"


def new_client(emulator: Emulator, config: Config | None = None) -> IVSRealTimeClient:
    """Return a client with the emulator's endpoint, region and key pair."""
    return IVSRealTimeClient(
        endpoint_url=emulator.url,
        region_name=emulator.region,
        aws_access_key_id=emulator.credentials.access_key_id,
        aws_secret_access_key=emulator.credentials.secret_access_key,
        config=config,
    )


def assert_recent_utc(value: datetime | None, *, slack: timedelta) -> None:
    """Check that ``value`` is an aware UTC datetime within ``slack`` of now."""
    assert isinstance(value, datetime), f"expected a datetime, got {value!r}"
    assert value.tzinfo is not None, f"{value!r} is naive"
    assert value.utcoffset() == timedelta(0), f"{value!r} is not in UTC"
    now = datetime.now(timezone.utc)
    assert abs(now - value) <= slack, f"{value} is not within {slack} of {now}"


@attrs.frozen
class Exchange:
    """One request as the transport sent it, signed, and the response it got."""

    request: HttpRequest
    response: HttpResponse


class RecordingTransport:
    """Transport that sends through another one and records every exchange.

    It records only what reached the emulator, so a request rejected before
    sending is not in it. Safe to share by threads, as the Transport protocol
    requires.
    """

    def __init__(self, inner: Transport | None = None) -> None:
        self._inner: Transport = Urllib3Transport() if inner is None else inner
        self._lock = threading.Lock()
        self._exchanges: list[Exchange] = []

    @property
    def exchanges(self) -> list[Exchange]:
        """A copy of the recorded exchanges, oldest first."""
        with self._lock:
            return list(self._exchanges)

    @property
    def count(self) -> int:
        """Number of requests sent so far."""
        with self._lock:
            return len(self._exchanges)

    def send(self, request: HttpRequest, timeouts: Timeouts) -> HttpResponse:
        response = self._inner.send(request, timeouts)
        sent = HttpRequest(
            method=request.method,
            url=request.url,
            headers=dict(request.headers),
            body=request.body,
        )
        with self._lock:
            self._exchanges.append(Exchange(sent, response))
        return response

    def close(self) -> None:
        self._inner.close()
