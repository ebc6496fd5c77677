"""HTTP request and response types and the one-method transport interface."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import attrs


@attrs.frozen
class Timeouts:
    """Connect and read timeouts in seconds."""

    connect: float = 10.0
    read: float = 60.0


@attrs.define
class HttpRequest:
    """A prepared HTTP request: absolute URL, header pairs and the body bytes."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes = b""


@attrs.define
class HttpResponse:
    """A received HTTP response; header names are stored in lower case."""

    status_code: int
    headers: Mapping[str, str]
    body: bytes


class Transport(Protocol):
    """Sends one prepared request and returns the response.

    Implementations raise ``TransportError`` subclasses for network failures and
    return every HTTP status, errors included, as an ``HttpResponse``.
    They must be safe to call from several threads at once.
    """

    def send(self, request: HttpRequest, timeouts: Timeouts) -> HttpResponse: ...

    def close(self) -> None: ...
