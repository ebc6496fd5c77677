"""RequestsTransport with the responses mocking library and without requests."""

from __future__ import annotations

import sys

import pytest
import requests
import responses

from ivsrealtime_client.runtime.errors import (
    ConfigurationError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
    TransportError,
)
from ivsrealtime_client.runtime.requests_transport import RequestsTransport
from ivsrealtime_client.runtime.transport import HttpRequest, Timeouts

from .loopback import LoopbackServer

TIMEOUTS = Timeouts(connect=5.0, read=5.0)
# responses intercepts the request before any connection is made, so this host
# is never contacted.
MOCK_URL = "http://127.0.0.1:9/things"


def post(url: str = MOCK_URL) -> HttpRequest:
    return HttpRequest(
        method="POST",
        url=url,
        headers={"Content-Type": "application/json", "X-Amz-Date": "20240101T000000Z"},
        body=b'{"name": "a"}',
    )


@responses.activate
def test_mocked_success() -> None:
    responses.add(
        responses.POST,
        MOCK_URL,
        json={"arn": "x"},
        status=200,
        headers={"X-Amzn-RequestId": "mocked-id"},
    )
    transport = RequestsTransport()

    response = transport.send(post(), TIMEOUTS)

    assert response.status_code == 200
    assert response.body == b'{"arn": "x"}'
    assert response.headers["x-amzn-requestid"] == "mocked-id"
    sent = responses.calls[0].request
    assert sent.body == b'{"name": "a"}'
    assert sent.headers["X-Amz-Date"] == "20240101T000000Z"


@responses.activate
def test_mocked_error_status() -> None:
    responses.add(
        responses.POST,
        MOCK_URL,
        body=b"",
        status=404,
        headers={"x-amzn-ErrorType": "ResourceNotFoundException"},
    )

    response = RequestsTransport().send(post(), TIMEOUTS)

    assert response.status_code == 404
    assert response.headers["x-amzn-errortype"] == "ResourceNotFoundException"


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (requests.exceptions.ConnectTimeout("connect"), ConnectTimeoutError),
        (requests.exceptions.ReadTimeout("read"), ReadTimeoutError),
        (requests.exceptions.ConnectionError("refused"), EndpointConnectionError),
        (requests.exceptions.SSLError("bad certificate"), EndpointConnectionError),
        (requests.exceptions.ChunkedEncodingError("broken"), EndpointConnectionError),
        (requests.exceptions.ContentDecodingError("gzip"), TransportError),
    ],
)
@responses.activate
def test_mocked_failures_mapped(
    raised: Exception, expected: type[TransportError]
) -> None:
    responses.add(responses.POST, MOCK_URL, body=raised)

    with pytest.raises(expected) as caught:
        RequestsTransport().send(post(), TIMEOUTS)

    assert type(caught.value) is expected
    assert caught.value.__cause__ is raised


def test_given_session_stays_open(server: LoopbackServer) -> None:
    session = requests.Session()
    transport = RequestsTransport(session)
    transport.send(HttpRequest("GET", f"{server.url}/x", {}), TIMEOUTS)

    transport.close()

    # A closed session drops its adapters' pools; an open one keeps its connection.
    response = session.get(f"{server.url}/y")
    assert response.status_code == 200
    assert server.connection_count() == 1
    session.close()


def test_missing_requests_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes the import raise ImportError.
    monkeypatch.setitem(sys.modules, "requests", None)

    with pytest.raises(ConfigurationError, match="pip install requests"):
        RequestsTransport()
