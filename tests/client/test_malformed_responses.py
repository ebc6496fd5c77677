"""Malformed responses from a real loopback server raise ResponseParseError.

Only SDKError subclasses may reach the caller, whatever the server sends.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from typing import Any

import pytest

from ivsrealtime_client import Config, IVSRealTimeClient
from ivsrealtime_client.errors import ConfigurationError, ResponseParseError
from ivsrealtime_client.runtime.transport import HttpHeaders

from ..runtime.loopback import LoopbackServer, RawReplyServer, Reply

STAGE_ARN = "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCD1234"


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    loopback = LoopbackServer().start()
    yield loopback
    loopback.stop()


@pytest.fixture
def client(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> Iterator[IVSRealTimeClient]:
    empty = tmp_path / "empty"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    created = IVSRealTimeClient(
        endpoint_url=server.url,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret-for-tests",
        config=Config(max_attempts=1),
    )
    with created:
        yield created


@pytest.mark.parametrize(
    "document",
    [
        {"participant": {"state": {"x": 1}}},
        {"participant": {"published": "yes"}},
        {"participant": {"participantId": 5}},
        {"participant": {"firstJoinTime": [1]}},
        {"participant": {"firstJoinTime": 1e20}},
    ],
    ids=[
        "object-for-enum",
        "string-for-bool",
        "number-for-string",
        "list-time",
        "huge-time",
    ],
)
def test_wrong_json_type_raises_parse_error(
    server: LoopbackServer, client: IVSRealTimeClient, document: dict[str, Any]
) -> None:
    server.add(Reply(body=json.dumps(document).encode()))

    with pytest.raises(ResponseParseError):
        client.get_participant(
            stage_arn=STAGE_ARN, session_id="st-abcdefghijklm", participant_id="p"
        )


def test_non_string_token_raises_parse_error(
    server: LoopbackServer, client: IVSRealTimeClient
) -> None:
    server.add(Reply(body=b'{"stages": [], "nextToken": ["a"]}'))

    with pytest.raises(ResponseParseError):
        list(client.paginate_list_stages().pages())


@pytest.mark.parametrize("body", [b"[1, 2, 3]", b'"text"', b"42", b"null"])
def test_non_object_body_raises_parse_error(
    server: LoopbackServer, client: IVSRealTimeClient, body: bytes
) -> None:
    server.add(Reply(body=body))

    with pytest.raises(ResponseParseError, match="expected a JSON object"):
        client.list_stages()


def test_headers_pickle_with_every_protocol() -> None:
    headers = HttpHeaders([("X-Amzn-RequestId", "r1"), ("x-custom", "a")])

    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        restored = pickle.loads(pickle.dumps(headers, protocol=protocol))
        assert dict(restored) == {"X-Amzn-RequestId": "r1", "x-custom": "a"}


def test_endpoint_query_not_in_error() -> None:
    with pytest.raises(ConfigurationError) as raised:
        IVSRealTimeClient(
            endpoint_url="http://127.0.0.1:1/?X-Amz-Signature=leaked",
            region_name="us-east-1",
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret-for-tests",
        )

    assert "leaked" not in str(raised.value)
    assert "must not contain a query" in str(raised.value)


def test_retry_after_far_future_date(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    # The retry header adds the read timeout to the server's Date; a date at the
    # end of the calendar must not overflow.
    empty = tmp_path / "empty"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    server = RawReplyServer(
        b"HTTP/1.1 503 Service Unavailable\r\nDate: Fri, 31 Dec 9999 23:59:59 GMT\r\n"
        b"Content-Length: 0\r\nConnection: close\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 14\r\nConnection: close\r\n\r\n"
        b'{"stages": []}',
    ).start()
    with (
        server,
        IVSRealTimeClient(
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret-for-tests",
            config=Config(max_attempts=2),
        ) as client,
    ):
        response = client.list_stages()

    assert response.stages == []
    assert server.connections == 2
