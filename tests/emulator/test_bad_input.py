"""Malformed and hostile requests: each gets an AWS-shaped error, none harms state."""

from __future__ import annotations

import http.client
import json
import logging
import socket
from typing import Any

import pytest

from ivsrealtime_client.emulator import Emulator, ParticipantActionError
from ivsrealtime_client.emulator import operations as emulator_operations

from .support import RawResponse, post_json, send, send_signed, signed_headers

JSON = {"Content-Type": "application/json"}


def assert_error(response: RawResponse, status: int, code: str) -> dict[str, Any]:
    assert response.status == status, response.body
    assert response.error_type is not None
    assert response.error_type.split(":", 1)[0] == code
    assert response.request_id
    assert response.headers["content-length"] == str(len(response.body))
    document: dict[str, Any] = response.json()
    return document


def stage_count(emulator: Emulator) -> int:
    return len(send_signed(emulator, "POST", "/ListStages").json()["stages"])


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"{", "not valid JSON"),
        (b'{"name": "a",}', "not valid JSON"),
        (b"[]", "must be a JSON object, not an array"),
        (b'"name"', "must be a JSON object, not a string"),
        (b"null", "must be a JSON object, not null"),
        (b'{"name": NaN}', "not valid JSON"),
        (b'{"name": "\xff\xfe"}', "not valid UTF-8"),
        (b'{"name": "\\ud800"}', "unpaired UTF-16 surrogate"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"tags": ' * 50_000, "nested too deeply"),
    ],
)
def test_malformed_body(
    ivsrealtime_emulator: Emulator, body: bytes, fragment: str
) -> None:
    response = send_signed(
        ivsrealtime_emulator, "POST", "/CreateStage", body=body, headers=JSON
    )
    document = assert_error(response, 400, "ValidationException")
    assert fragment in document["exceptionMessage"]
    assert stage_count(ivsrealtime_emulator) == 0


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        ({"name": 5}, "Member must be of type string"),
        ({"participantTokenConfigurations": {"a": 1}}, "Member must be of type list"),
        ({"participantTokenConfigurations": [{"duration": "5"}]}, "of type integer"),
        ({"participantTokenConfigurations": [{"duration": 1.5}]}, "of type integer"),
        ({"participantTokenConfigurations": [{"duration": True}]}, "of type integer"),
        ({"participantTokenConfigurations": [None]}, "Member must not be null"),
        ({"tags": {"k": 1}}, "Member must be of type string"),
        ({"tags": []}, "Member must be of type map"),
    ],
)
def test_wrong_json_types(
    ivsrealtime_emulator: Emulator, document: Any, fragment: str
) -> None:
    response = post_json(ivsrealtime_emulator, "CreateStage", document)
    assert (
        fragment
        in assert_error(response, 400, "ValidationException")["exceptionMessage"]
    )
    assert stage_count(ivsrealtime_emulator) == 0


def test_null_member_counts_as_absent(ivsrealtime_emulator: Emulator) -> None:
    response = post_json(
        ivsrealtime_emulator, "CreateStage", {"name": None, "tags": None}
    )
    assert response.status == 200
    assert response.json()["stage"]["name"] == ""


def test_unknown_members_ignored(ivsrealtime_emulator: Emulator) -> None:
    response = post_json(
        ivsrealtime_emulator, "CreateStage", {"name": "n", "notInTheModel": {"x": [1]}}
    )
    assert response.status == 200


def test_untag_without_tag_keys(ivsrealtime_emulator: Emulator) -> None:
    path = (
        "/tags/" + "arn%3Aaws%3Aivs%3Aus-east-1%3A123456789012%3Astage%2FAAAAAAAAAAAA"
    )
    response = send_signed(ivsrealtime_emulator, "DELETE", path)
    document = assert_error(response, 400, "ValidationException")
    assert (
        "Value null at 'tagKeys' failed to satisfy constraint"
        in (document["exceptionMessage"])
    )


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded"]
)
def test_wrong_content_type(ivsrealtime_emulator: Emulator, content_type: str) -> None:
    response = send_signed(
        ivsrealtime_emulator,
        "POST",
        "/CreateStage",
        body=b"{}",
        headers={"Content-Type": content_type},
    )
    document = assert_error(response, 415, "UnsupportedMediaTypeException")
    assert content_type in document["message"]
    assert stage_count(ivsrealtime_emulator) == 0


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "application/x-amz-json-1.1"]
)
def test_json_content_types_accepted(
    ivsrealtime_emulator: Emulator, content_type: str
) -> None:
    response = send_signed(
        ivsrealtime_emulator,
        "POST",
        "/CreateStage",
        body=b"{}",
        headers={"Content-Type": content_type},
    )
    assert response.status == 200


def test_oversized_body_rejected() -> None:
    with Emulator(max_body_bytes=1024) as emulator:
        body = json.dumps({"name": "x" * 4096}).encode()
        response = send_signed(
            emulator, "POST", "/CreateStage", body=body, headers=JSON
        )
        document = assert_error(response, 413, "RequestEntityTooLargeException")
        assert "1024" in document["message"]
        assert response.headers["connection"] == "close"
        assert stage_count(emulator) == 0


def test_invalid_content_length(ivsrealtime_emulator: Emulator) -> None:
    headers = signed_headers(ivsrealtime_emulator, "POST", "/ListStages")
    with socket.create_connection(("127.0.0.1", ivsrealtime_emulator.port)) as sock:
        lines = [
            "POST /ListStages HTTP/1.1",
            f"Host: 127.0.0.1:{ivsrealtime_emulator.port}",
            "Content-Length: -5",
            *(f"{name}: {value}" for name, value in headers.items()),
        ]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400 ")
    assert b"BadRequestException" in reply


def test_chunked_body_rejected(ivsrealtime_emulator: Emulator) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", ivsrealtime_emulator.port)
    try:
        connection.request(
            "POST",
            "/CreateStage",
            body=iter([b"{}"]),
            headers=JSON,
            encode_chunked=True,
        )
        response = connection.getresponse()
        assert response.status == 411
        assert response.getheader("x-amzn-ErrorType") == "LengthRequiredException"
        assert response.getheader("x-amzn-RequestId")
    finally:
        connection.close()


def test_unknown_path(ivsrealtime_emulator: Emulator) -> None:
    response = send_signed(ivsrealtime_emulator, "POST", "/CreateChannel", body=b"{}")
    assert_error(response, 404, "UnknownOperationException")


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/CreateStage"), ("PUT", "/tags/arn"), ("PATCH", "/ListStages")],
)
def test_wrong_method(ivsrealtime_emulator: Emulator, method: str, path: str) -> None:
    response = send_signed(ivsrealtime_emulator, method, path)
    assert_error(response, 405, "UnknownOperationException")


def test_unsupported_method(ivsrealtime_emulator: Emulator) -> None:
    response = send(ivsrealtime_emulator, "BREW", "/CreateStage")
    assert_error(response, 405, "UnknownOperationException")


def test_head_has_no_body(ivsrealtime_emulator: Emulator) -> None:
    response = send_signed(ivsrealtime_emulator, "HEAD", "/ListStages")
    assert response.status == 405
    assert response.body == b""
    assert int(response.headers["content-length"]) > 0


def test_unicode_round_trip(ivsrealtime_emulator: Emulator) -> None:
    tags = {"ключ": "значение", "🎥": "😀 ok", "键": ""}
    created = post_json(ivsrealtime_emulator, "CreateStage", {"tags": tags})
    assert created.status == 200
    assert created.json()["stage"]["tags"] == tags
    arn = created.json()["stage"]["arn"]
    token = post_json(
        ivsrealtime_emulator,
        "CreateParticipantToken",
        {"stageArn": arn, "userId": "José 🎤", "attributes": {"名": "値 ✓"}},
    )
    assert token.status == 200
    assert token.json()["participantToken"]["userId"] == "José 🎤"
    assert token.json()["participantToken"]["attributes"] == {"名": "値 ✓"}


def test_unicode_where_patterns_forbid_it(ivsrealtime_emulator: Emulator) -> None:
    response = post_json(ivsrealtime_emulator, "CreateStage", {"name": "scène"})
    assert_error(response, 400, "ValidationException")
    path = "/tags/arn%3Aaws%3Aivs%3Aus-east-1%3A1%3Astage%2F%C3%A9t%C3%A9%FF"
    assert_error(
        send_signed(ivsrealtime_emulator, "GET", path), 400, "ValidationException"
    )


def test_keep_alive_reuses_connection(ivsrealtime_emulator: Emulator) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", ivsrealtime_emulator.port)
    try:
        first = send_signed(
            ivsrealtime_emulator, "POST", "/ListStages", connection=connection
        )
        sock = connection.sock
        assert sock is not None
        statuses = [first.status]
        for _ in range(3):
            response = send_signed(
                ivsrealtime_emulator,
                "POST",
                "/CreateStage",
                body=b"{}",
                connection=connection,
            )
            statuses.append(response.status)
            assert connection.sock is sock
        bad = send_signed(
            ivsrealtime_emulator,
            "POST",
            "/CreateStage",
            body=b"{",
            connection=connection,
        )
        statuses.append(bad.status)
        after = send_signed(
            ivsrealtime_emulator, "POST", "/ListStages", connection=connection
        )
        statuses.append(after.status)
        assert connection.sock is sock
        assert statuses == [200, 200, 200, 200, 400, 200]
        assert len(after.json()["stages"]) == 3
    finally:
        connection.close()


def test_internal_error_returns_500_and_server_survives(
    ivsrealtime_emulator: Emulator,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(context: Any, params: Any) -> Any:
        raise RuntimeError("simulated bug")

    monkeypatch.setitem(emulator_operations.HANDLERS, "ListStages", broken)
    with caplog.at_level(logging.ERROR, logger="ivsrealtime_client.emulator"):
        response = send_signed(ivsrealtime_emulator, "POST", "/ListStages")
    document = assert_error(response, 500, "InternalServerException")
    assert response.request_id is not None
    assert response.request_id in document["exceptionMessage"]
    assert any(
        record.exc_info and "simulated bug" in str(record.exc_info[1])
        for record in caplog.records
    )
    created = send_signed(ivsrealtime_emulator, "POST", "/CreateStage", body=b"{}")
    assert created.status == 200


def test_secrets_never_logged(
    ivsrealtime_emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="ivsrealtime_client.emulator"):
        created = post_json(
            ivsrealtime_emulator,
            "CreateStage",
            {"participantTokenConfigurations": [{}]},
        )
        token = created.json()["participantTokens"][0]["token"]
        ivsrealtime_emulator.join(token)
        with pytest.raises(ParticipantActionError):
            ivsrealtime_emulator.join(token[:-4] + "AAAA")
        send(
            ivsrealtime_emulator, "POST", "/ListStages", headers={"Authorization": "x"}
        )
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert logged
    assert token not in logged
    assert ivsrealtime_emulator.credentials.secret_access_key not in logged


def exchange(emulator: Emulator, data: bytes) -> bytes:
    """Send raw bytes, close the sending side and return everything received."""
    with socket.create_connection(("127.0.0.1", emulator.port), timeout=30) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    return reply


def reply_error_type(reply: bytes) -> str | None:
    head = reply.partition(b"\r\n\r\n")[0].decode("latin-1")
    for line in head.split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "x-amzn-errortype":
            return value.strip()
    return None


def clock_request(*content_lengths: str, body: bytes) -> bytes:
    lines = ["POST /_emulator/clock HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"Content-Length: {value}" for value in content_lengths]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def test_conflicting_content_lengths_rejected(ivsrealtime_emulator: Emulator) -> None:
    body = b'{"advanceSeconds": 60}'
    reply = exchange(
        ivsrealtime_emulator, clock_request(str(len(body)), "30", body=body)
    )
    assert reply.startswith(b"HTTP/1.1 400 ")
    assert reply_error_type(reply) == "BadRequestException"
    assert b"different values" in reply
    assert b"Connection: close" in reply


def test_repeated_equal_content_lengths_accepted(
    ivsrealtime_emulator: Emulator,
) -> None:
    body = b'{"advanceSeconds": 60}'
    length = str(len(body))
    reply = exchange(ivsrealtime_emulator, clock_request(length, length, body=body))
    assert reply.startswith(b"HTTP/1.1 200 ")


@pytest.mark.parametrize("declared", ["+22", "2_2", "0x16", "22 22"])
def test_content_length_must_be_digits(
    ivsrealtime_emulator: Emulator, declared: str
) -> None:
    reply = exchange(
        ivsrealtime_emulator,
        clock_request(declared, body=b'{"advanceSeconds": 60}'),
    )
    assert reply.startswith(b"HTTP/1.1 400 ")
    assert reply_error_type(reply) == "BadRequestException"
    assert b"Invalid Content-Length" in reply


def test_content_length_of_5000_digits(ivsrealtime_emulator: Emulator) -> None:
    reply = exchange(ivsrealtime_emulator, clock_request("9" * 5000, body=b"{}"))
    assert reply.startswith(b"HTTP/1.1 413 ")
    assert reply_error_type(reply) == "RequestEntityTooLargeException"
    assert b"5000 digits" in reply


@pytest.mark.parametrize(
    ("request_line", "status", "fragment"),
    [
        (b"GET / HTTP/9.9", 505, b"HTTP/9.9 is not supported"),
        (b"GET / HTTP/2.0", 505, b"HTTP/2.0 is not supported"),
        (b"GET /", 400, b"HTTP/0.9 is not supported"),
        (b"GET /_emulator/health", 400, b"HTTP/0.9 is not supported"),
        (b"GET / HTTP/x", 400, b"Bad request version"),
        (b"GET", 400, b"Bad request syntax"),
    ],
)
def test_bad_request_line_gets_status_line(
    ivsrealtime_emulator: Emulator, request_line: bytes, status: int, fragment: bytes
) -> None:
    reply = exchange(ivsrealtime_emulator, request_line + b"\r\n")
    assert reply.startswith(b"HTTP/1.1 %d " % status), reply
    expected_type = "HttpVersionNotSupportedException" if status == 505 else None
    assert reply_error_type(reply) == (expected_type or "BadRequestException")
    assert b"x-amzn-RequestId: " in reply
    assert fragment in reply


def test_huge_integer_in_body(ivsrealtime_emulator: Emulator) -> None:
    digits = b"9" * 5000
    body = b'{"participantTokenConfigurations": [{"duration": ' + digits + b"}]}"
    response = send_signed(
        ivsrealtime_emulator, "POST", "/CreateStage", body=body, headers=JSON
    )
    message = assert_error(response, 400, "ValidationException")["exceptionMessage"]
    assert "integer of 5000 digits" in message
    assert "too large" in message
    assert "set_int_max_str_digits" not in message
    assert stage_count(ivsrealtime_emulator) == 0


def test_long_integer_gets_range_message(ivsrealtime_emulator: Emulator) -> None:
    document = {"participantTokenConfigurations": [{"duration": 10**30}]}
    response = post_json(ivsrealtime_emulator, "CreateStage", document)
    message = assert_error(response, 400, "ValidationException")["exceptionMessage"]
    assert "less than or equal to 20160" in message
