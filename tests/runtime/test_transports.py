"""Both transports against real loopback servers."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator

import pytest
import urllib3

from ivsrealtime_client.runtime.errors import (
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
    TransportError,
)
from ivsrealtime_client.runtime.requests_transport import RequestsTransport
from ivsrealtime_client.runtime.transport import HttpRequest, Timeouts, Transport
from ivsrealtime_client.runtime.urllib3_transport import Urllib3Transport

from .loopback import (
    LoopbackServer,
    Reply,
    ResettingServer,
    closed_port_url,
    full_backlog,
)

SHORT_TIMEOUTS = Timeouts(connect=0.5, read=0.5)
NORMAL_TIMEOUTS = Timeouts(connect=5.0, read=5.0)


@pytest.fixture(params=["urllib3", "requests"])
def transport(request: pytest.FixtureRequest) -> Iterator[Transport]:
    created: Transport = (
        Urllib3Transport() if request.param == "urllib3" else RequestsTransport()
    )
    yield created
    created.close()


def get(url: str) -> HttpRequest:
    return HttpRequest(method="GET", url=url, headers={})


def test_send_round_trip(transport: Transport, server: LoopbackServer) -> None:
    server.add(
        Reply(
            status=201,
            headers={"X-Amzn-RequestId": "req-1", "Content-Type": "application/json"},
            body=b'{"ok": true}',
        )
    )
    request = HttpRequest(
        method="POST",
        url=f"{server.url}/CreateThing?flag=1",
        headers={"Content-Type": "application/json", "X-Custom": "value"},
        body=b'{"name": "a"}',
    )

    response = transport.send(request, NORMAL_TIMEOUTS)

    assert response.status_code == 201
    assert response.body == b'{"ok": true}'
    assert response.headers["x-amzn-requestid"] == "req-1"
    assert response.headers["content-type"] == "application/json"
    assert "X-Amzn-RequestId" in list(response.headers)
    received = server.requests[0]
    assert received.method == "POST"
    assert received.path == "/CreateThing?flag=1"
    assert received.body == b'{"name": "a"}'
    assert received.headers["X-Custom"] == "value"


def test_error_status_is_returned(transport: Transport, server: LoopbackServer) -> None:
    server.add(Reply(status=503, body=b""))

    response = transport.send(get(f"{server.url}/x"), NORMAL_TIMEOUTS)

    assert response.status_code == 503
    assert response.body == b""


def test_repeated_header_joined(transport: Transport, server: LoopbackServer) -> None:
    server.add(Reply(headers={"X-Multi": "one"}, extra_headers=[("x-multi", "two")]))

    response = transport.send(get(f"{server.url}/x"), NORMAL_TIMEOUTS)

    assert response.headers["X-MULTI"] == "one, two"


def test_redirect_not_followed(transport: Transport, server: LoopbackServer) -> None:
    server.add(Reply(status=307, headers={"Location": f"{server.url}/elsewhere"}))

    response = transport.send(get(f"{server.url}/x"), NORMAL_TIMEOUTS)

    assert response.status_code == 307
    assert len(server.requests) == 1


def test_keep_alive_reuses_connection(
    transport: Transport, server: LoopbackServer
) -> None:
    for index in range(4):
        response = transport.send(get(f"{server.url}/call/{index}"), NORMAL_TIMEOUTS)
        assert response.status_code == 200

    assert len(server.requests) == 4
    assert server.connection_count() == 1


def test_concurrent_sends(transport: Transport, server: LoopbackServer) -> None:
    statuses: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(5):
            status = transport.send(get(f"{server.url}/t"), NORMAL_TIMEOUTS).status_code
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * 40
    assert len(server.requests) == 40


def test_read_timeout(transport: Transport, server: LoopbackServer) -> None:
    server.add(Reply(hold=True))

    with pytest.raises(ReadTimeoutError) as caught:
        transport.send(get(f"{server.url}/slow"), SHORT_TIMEOUTS)
    server.release()

    assert caught.value.url == f"{server.url}/slow"
    assert "read timeout" in str(caught.value)


@pytest.mark.skipif(
    sys.platform != "linux", reason="relies on Linux dropping SYNs to a full backlog"
)
def test_connect_timeout(transport: Transport) -> None:
    backlog = full_backlog()
    try:
        with pytest.raises(ConnectTimeoutError) as caught:
            transport.send(get(f"{backlog.url}/x"), SHORT_TIMEOUTS)
    finally:
        backlog.close()

    assert "timed out" in str(caught.value)


def test_connection_refused(transport: Transport) -> None:
    url = f"{closed_port_url()}/x"

    with pytest.raises(EndpointConnectionError) as caught:
        transport.send(get(url), NORMAL_TIMEOUTS)

    assert caught.value.url == url


def test_connection_reset(
    transport: Transport, resetting_server: ResettingServer
) -> None:
    with pytest.raises(EndpointConnectionError):
        transport.send(get(f"{resetting_server.url}/x"), NORMAL_TIMEOUTS)

    assert resetting_server.connections == 1


def test_connection_closed_without_reply(
    transport: Transport, dropping_server: ResettingServer
) -> None:
    with pytest.raises(EndpointConnectionError):
        transport.send(get(f"{dropping_server.url}/x"), NORMAL_TIMEOUTS)


def test_error_chains_original(transport: Transport) -> None:
    with pytest.raises(TransportError) as caught:
        transport.send(get(f"{closed_port_url()}/x"), NORMAL_TIMEOUTS)

    assert caught.value.__cause__ is not None
    assert not isinstance(caught.value, urllib3.exceptions.HTTPError)


def test_error_message_omits_query(transport: Transport) -> None:
    url = f"{closed_port_url()}/x?token=query-secret-value"

    with pytest.raises(TransportError) as caught:
        transport.send(get(url), NORMAL_TIMEOUTS)

    assert "query-secret-value" not in str(caught.value)
    assert "query-secret-value" not in caught.value.url


def test_urllib3_sets_tcp_nodelay(server: LoopbackServer) -> None:
    transport = Urllib3Transport()
    transport.send(get(f"{server.url}/x"), NORMAL_TIMEOUTS)

    pool = transport._pool_manager.connection_from_url(server.url)
    connection = pool.pool.get(block=False) if pool.pool else None
    assert connection is not None
    assert connection.sock is not None
    option = connection.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    assert option != 0
    transport.close()


def test_urllib3_rejects_empty_pool() -> None:
    from ivsrealtime_client.runtime.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="max_pool_connections 0"):
        Urllib3Transport(0)
