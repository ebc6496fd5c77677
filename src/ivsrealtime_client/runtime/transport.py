"""HTTP request and response types and the one-method transport interface."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
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


class HttpHeaders(Mapping[str, str]):
    """Header fields of a response: lookups ignore case, names keep their spelling.

    Iterating yields each name as the transport received it, which header-prefix
    members need (``x-foo-Bar`` under the prefix ``x-foo-`` is the key ``Bar``).
    Names that differ only in case are one field; their values are joined with
    ", ", as HTTP combines a repeated field.
    """

    __slots__ = ("_fields",)

    def __init__(self, fields: Mapping[str, str] | Iterable[tuple[str, str]] = ()):
        items = fields.items() if isinstance(fields, Mapping) else fields
        self._fields: dict[str, tuple[str, str]] = {}
        for name, value in items:
            key = name.lower()
            known = self._fields.get(key)
            if known is not None:
                value = f"{known[1]}, {value}"
                name = known[0]
            self._fields[key] = (name, value)

    def __reduce__(self) -> tuple[type[HttpHeaders], tuple[list[tuple[str, str]]]]:
        # __slots__ without __getstate__ cannot be pickled with protocols 0 and 1.
        return (HttpHeaders, (list(self._fields.values()),))

    def __getitem__(self, name: str) -> str:
        return self._fields[name.lower()][1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._fields

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._fields.values())

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:
        return f"HttpHeaders({dict(self.items())!r})"


def _to_headers(fields: Mapping[str, str] | Iterable[tuple[str, str]]) -> HttpHeaders:
    return fields if isinstance(fields, HttpHeaders) else HttpHeaders(fields)


@attrs.define
class HttpResponse:
    """A received HTTP response; header lookups ignore the case of the name."""

    status_code: int
    headers: HttpHeaders = attrs.field(converter=_to_headers)
    body: bytes


class Transport(Protocol):
    """Sends one prepared request and returns the response.

    Implementations raise ``TransportError`` subclasses for network failures and
    return every HTTP status, errors included, as an ``HttpResponse``.
    They must be safe to call from several threads at once.
    """

    def send(self, request: HttpRequest, timeouts: Timeouts) -> HttpResponse: ...

    def close(self) -> None: ...


DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""Largest response body the transports read, in bytes.

A JSON API response is far smaller. The limit keeps a broken or hostile server
that announces or streams a huge body from exhausting the client's memory.
"""


def check_response_size(length_header: str | None, limit: int, url: str) -> None:
    """Raise TransportError when a ``Content-Length`` header exceeds ``limit``."""
    from .errors import TransportError  # errors imports this module

    if length_header is None:
        return
    text = length_header.strip()
    if text.isdigit() and int(text) > limit:
        raise TransportError(
            f"response from {url} announces {text} bytes, more than the limit of "
            f"{limit} bytes",
            url=url,
        )


def join_limited(chunks: Iterable[bytes], limit: int, url: str) -> bytes:
    """Join body chunks, raising TransportError once they exceed ``limit`` bytes."""
    from .errors import TransportError  # errors imports this module

    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise TransportError(
                f"response from {url} is larger than the limit of {limit} bytes",
                url=url,
            )
        parts.append(chunk)
    return b"".join(parts)
