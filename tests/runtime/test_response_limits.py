"""Transports stop reading a response body that is larger than their limit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ivsrealtime_client.runtime.errors import TransportError
from ivsrealtime_client.runtime.requests_transport import RequestsTransport
from ivsrealtime_client.runtime.transport import (
    HttpRequest,
    Timeouts,
    Transport,
)
from ivsrealtime_client.runtime.urllib3_transport import Urllib3Transport

from .loopback import LoopbackServer, RawReplyServer, Reply

TIMEOUTS = Timeouts(connect=5.0, read=5.0)
LIMIT = 1000


def make_transport(kind: str) -> Transport:
    if kind == "urllib3":
        return Urllib3Transport(max_response_bytes=LIMIT)
    return RequestsTransport(max_response_bytes=LIMIT)


@pytest.fixture(params=["urllib3", "requests"])
def transport(request: pytest.FixtureRequest) -> Iterator[Transport]:
    created = make_transport(request.param)
    yield created
    created.close()


def get(url: str) -> HttpRequest:
    return HttpRequest(method="GET", url=url + "/x?secret=1", headers={})


def test_announced_length_over_limit(transport: Transport) -> None:
    reply = b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n{}"
    server = RawReplyServer(reply).start()
    try:
        with pytest.raises(TransportError) as raised:
            transport.send(get(server.url), TIMEOUTS)
    finally:
        server.stop()

    assert "99999999999" in str(raised.value)
    assert "secret" not in str(raised.value)


def test_chunked_body_over_limit(transport: Transport) -> None:
    chunk = b"x" * 600
    body = b"%x\r\n%s\r\n" % (len(chunk), chunk)
    reply = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + body * 3
        + b"0\r\n\r\n"
    )
    server = RawReplyServer(reply).start()
    try:
        with pytest.raises(TransportError, match="larger than the limit of 1000"):
            transport.send(get(server.url), TIMEOUTS)
    finally:
        server.stop()


def test_body_at_limit_is_read(server: LoopbackServer, transport: Transport) -> None:
    server.add(Reply(body=b"y" * LIMIT))

    response = transport.send(get(server.url), TIMEOUTS)

    assert response.body == b"y" * LIMIT


def test_oversized_body_does_not_break_pool(server: LoopbackServer) -> None:
    transport = Urllib3Transport(max_response_bytes=LIMIT)
    server.add(Reply(body=b"z" * (LIMIT + 1)), Reply(body=b"{}"))
    try:
        with pytest.raises(TransportError):
            transport.send(get(server.url), TIMEOUTS)
        response = transport.send(get(server.url), TIMEOUTS)
    finally:
        transport.close()

    assert response.status_code == 200
    assert response.body == b"{}"
