"""Read the error code, message and request id of an AWS JSON error response.

These functions are pure. They take the response headers, whose names are looked
up in any case, and the body decoded by ``decode_json_body``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

_ERROR_TYPE_HEADER = "x-amzn-errortype"

_BODY_CODE_KEYS = ("code", "Code", "__type")

_MESSAGE_KEYS = ("message", "Message", "errorMessage")

# Checked in order. botocore reads x-amz-id-2 only as the "HostId" that S3-style
# services send next to x-amz-request-id, so it comes last here.
_REQUEST_ID_HEADERS = ("x-amzn-requestid", "x-amz-request-id", "x-amz-id-2")


def decode_json_body(body: bytes) -> dict[str, Any] | None:
    """Decode a response body as a JSON object.

    Returns None, without raising, for an empty body, a body that is not UTF-8 JSON
    or is nested too deeply to decode, and JSON that is not an object.
    """
    if not body or body.isspace():
        return None
    try:
        decoded = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return decoded if isinstance(decoded, dict) else None


def parse_error_code(
    headers: Mapping[str, str], body: Mapping[str, Any] | None
) -> str | None:
    """Return the error code of an error response, or None when it has none.

    The ``x-amzn-ErrorType`` header wins, then the body's ``code`` and ``Code``,
    then its ``__type``, which is botocore 1.43's order for rest-json. Every value
    is cleaned as ``clean_error_code`` describes, and a value that cleans to ""
    is skipped.
    """
    header_value = _header(headers, _ERROR_TYPE_HEADER)
    candidates = [header_value]
    if body is not None:
        candidates.extend(body.get(key) for key in _BODY_CODE_KEYS)
    for value in candidates:
        if isinstance(value, str):
            code = clean_error_code(value)
            if code:
                return code
    return None


def clean_error_code(value: str) -> str:
    """Return the bare error shape name from an ``x-amzn-ErrorType`` style value.

    Services may send ``aws.example#NotFound:http://internal.example/doc`` or
    ``NotFound,aws.example#NotFound``. Everything after the first comma, then after
    the first colon, then up to the last ``#`` is dropped, which leaves
    ``NotFound`` in both cases.
    """
    code = value.split(",", 1)[0]
    code = code.split(":", 1)[0]
    code = code.rsplit("#", 1)[-1]
    return code.strip()


def parse_error_message(
    body: Mapping[str, Any] | None, message_member: str | None = None
) -> str:
    """Return the error message of a decoded error body, or "" when it has none.

    ``message_member`` is the wire name of the member that the error shape models
    as its message, such as ``exceptionMessage``. It is read first, then
    ``message``, ``Message`` and ``errorMessage``.
    """
    if body is None:
        return ""
    keys = _MESSAGE_KEYS if message_member is None else (message_member, *_MESSAGE_KEYS)
    for key in keys:
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def parse_request_id(headers: Mapping[str, str]) -> str | None:
    """Return the request id from the response headers, or None when absent.

    ``x-amzn-RequestId`` is read first, then ``x-amz-request-id``, then
    ``x-amz-id-2``.
    """
    for name in _REQUEST_ID_HEADERS:
        value = _header(headers, name)
        if value:
            return value
    return None


def _header(headers: Mapping[str, str], lower_name: str) -> str | None:
    value = headers.get(lower_name)
    if value is not None:
        return value

    # A custom transport may keep the server's spelling of header names.
    for name, candidate in headers.items():
        if name.lower() == lower_name:
            return candidate
    return None
