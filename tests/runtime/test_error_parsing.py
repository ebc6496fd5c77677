"""Error code, message and request id parsing of AWS JSON error responses."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.awsrequest import HeadersDict
from botocore.parsers import RestJSONParser

from ivsrealtime_client.runtime.error_parsing import (
    clean_error_code,
    decode_json_body,
    parse_error_code,
    parse_error_message,
    parse_request_id,
)
from ivsrealtime_client.runtime.transport import HttpHeaders


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"", None),
        (b"   \n", None),
        (b"not json", None),
        (b"\xff\xfe\x00", None),
        (b"[1, 2]", None),
        (b'"text"', None),
        (b"null", None),
        (b"{", None),
        (b'{"message": "m"}', {"message": "m"}),
        (b'  {"a": {"b": 1}}  ', {"a": {"b": 1}}),
    ],
)
def test_decode_json_body(body: bytes, expected: dict[str, Any] | None) -> None:
    assert decode_json_body(body) == expected


def test_decode_deeply_nested_body() -> None:
    body = b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    assert decode_json_body(body) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ResourceNotFoundException", "ResourceNotFoundException"),
        ("aws.example#ValidationException", "ValidationException"),
        (
            "ValidationException:http://internal.amazon.com/coral/com.amazon/",
            "ValidationException",
        ),
        (
            "aws.example.v1#ConflictException:http://internal.example/doc",
            "ConflictException",
        ),
        (
            "AccessDeniedException,aws.example#AccessDeniedException",
            "AccessDeniedException",
        ),
        ("  ThrottlingException  ", "ThrottlingException"),
        (":http://only.a.url/", ""),
    ],
)
def test_clean_error_code(value: str, expected: str) -> None:
    assert clean_error_code(value) == expected


def test_code_header_wins_over_body() -> None:
    headers = {"x-amzn-errortype": "ns#HeaderCode:http://x/"}
    body = {"__type": "ns#BodyType", "code": "BodyCode"}

    assert parse_error_code(headers, body) == "HeaderCode"


def test_code_header_any_case() -> None:
    headers = {"X-Amzn-ErrorType": "ConflictException"}

    assert parse_error_code(headers, None) == "ConflictException"


def test_code_from_type_member() -> None:
    body = {"__type": "com.example#ServiceQuotaExceededException:http://x/"}

    assert parse_error_code({}, body) == "ServiceQuotaExceededException"


def test_code_member_beats_type_member() -> None:
    body = {"__type": "ns#FromType", "code": "ns#FromCode:http://x/"}

    assert parse_error_code({}, body) == "FromCode"


@pytest.mark.parametrize("key", ["code", "Code"])
def test_code_from_code_member(key: str) -> None:
    assert parse_error_code({}, {key: "InternalServerException"}) == (
        "InternalServerException"
    )


def test_code_lowercase_key_first() -> None:
    assert parse_error_code({}, {"Code": "Upper", "code": "lower"}) == "lower"


def test_code_header_value_types() -> None:
    assert parse_error_code({}, {"code": 12, "__type": "Fallback"}) == "Fallback"


def test_code_empty_header_falls_back() -> None:
    headers = {"x-amzn-errortype": ":http://internal/"}

    assert parse_error_code(headers, {"__type": "BodyType"}) == "BodyType"


@pytest.mark.parametrize(
    "body", [None, {}, {"__type": 12}, {"code": None}, {"message": "m"}]
)
def test_code_absent(body: dict[str, Any] | None) -> None:
    assert parse_error_code({}, body) is None


def test_message_modeled_member_first() -> None:
    body = {"exceptionMessage": "modeled", "message": "generic"}

    assert parse_error_message(body, "exceptionMessage") == "modeled"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"message": "lower", "Message": "upper"}, "lower"),
        ({"Message": "upper", "errorMessage": "error"}, "upper"),
        ({"errorMessage": "error"}, "error"),
        ({"exceptionMessage": "modeled only"}, ""),
        ({"message": None, "Message": "upper"}, "upper"),
        ({"message": ["not", "text"]}, ""),
        ({}, ""),
        (None, ""),
    ],
)
def test_message_fallbacks(body: dict[str, Any] | None, expected: str) -> None:
    assert parse_error_message(body) == expected


def test_message_modeled_member_missing() -> None:
    body = {"message": "generic"}

    assert parse_error_message(body, "exceptionMessage") == "generic"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"x-amzn-requestid": "amzn", "x-amz-request-id": "amz"}, "amzn"),
        ({"x-amz-request-id": "amz", "x-amz-id-2": "host"}, "amz"),
        ({"x-amz-id-2": "host"}, "host"),
        ({"X-Amzn-RequestId": "mixed-case"}, "mixed-case"),
        ({"x-amzn-requestid": "", "x-amz-request-id": "amz"}, "amz"),
        ({}, None),
    ],
)
def test_request_id(headers: dict[str, str], expected: str | None) -> None:
    assert parse_request_id(headers) == expected


BOTOCORE_ERROR_CASES = [
    ({"X-Amzn-Errortype": "FooError"}, b""),
    ({"X-Amzn-Errortype": "ns#FooError:http://internal.example/"}, b"{}"),
    ({"x-amzn-errortype": "FooError"}, b'{"code": "Other", "__type": "Third"}'),
    ({}, b'{"code": "aws.example#FooError:http://internal.example/"}'),
    ({}, b'{"Code": "FooError"}'),
    ({}, b'{"__type": "aws.example#FooError"}'),
    ({}, b'{"__type": "ns#FromType", "code": "FromCode"}'),
    ({}, b'{"__type": "ns#FromType", "Code": "FromCode"}'),
    ({}, b'{"message": "no code"}'),
    ({}, b""),
]


@pytest.mark.parametrize(("headers", "body"), BOTOCORE_ERROR_CASES)
def test_code_equals_botocore(headers: dict[str, str], body: bytes) -> None:
    expected = botocore_error(headers, body)["Code"]

    code = parse_error_code(HttpHeaders(headers), decode_json_body(body))

    # botocore falls back to the status code, which the caller does here.
    assert (code or "400") == expected


@pytest.mark.parametrize(
    "body",
    [
        b'{"message": "lower", "Message": "upper"}',
        b'{"Message": "upper"}',
        b'{"message": ""}',
        b"{}",
        b"",
    ],
)
def test_message_equals_botocore(body: bytes) -> None:
    expected = botocore_error({}, body)["Message"]

    assert parse_error_message(decode_json_body(body)) == expected


def botocore_error(headers: dict[str, str], body: bytes) -> dict[str, Any]:
    response = {"status_code": 400, "headers": HeadersDict(headers), "body": body}
    parsed: dict[str, Any] = RestJSONParser().parse(response, None)
    error: dict[str, Any] = parsed["Error"]
    return error
