"""The rest-json protocol: request parameters in, response bodies out, per the model.

Requests bind members to the URI path, the query string, headers or the JSON
body, as each member's ``location``
names. Responses are JSON objects whose
timestamps are ISO 8601 strings in UTC with a ``Z`` suffix.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from .errors import validation_error
from .servicemodel import Operation, ServiceModel, Shape
from .validation import format_violations

# Integer literals in a JSON body longer than this are rejected unconverted.
# Every integer and long of the model fits in 19 digits, so longer values still
# get validation's usual range message. The fixed limit also keeps the
# interpreter's own int() limit (4,300 digits by default since Python 3.11 and
# 3.10.7, set by sys.set_int_max_str_digits) out of the error messages.
MAX_INTEGER_DIGITS = 100


class IntegerTooLargeError(ValueError):
    """A JSON integer literal longer than MAX_INTEGER_DIGITS digits."""

    def __init__(self, digits: int) -> None:
        super().__init__(f"an integer of {digits} digits is too large")
        self.digits = digits


def parse_request(
    model: ServiceModel,
    operation: Operation,
    labels: Mapping[str, str],
    query: list[tuple[str, str]],
    headers: Mapping[str, str],
    body: bytes,
) -> tuple[dict[str, Any], list[str]]:
    """Collect an operation's input members from the parts of an HTTP request.

    Returns the parameters keyed by member name and the type violations found
    while converting query string and header text. JSON body members keep
    their JSON types; ``validate_input`` checks them afterwards.

    Raises:
        ServiceError: ValidationException when the body is not a JSON object.
    """
    if operation.input_shape is None:
        return {}, []
    shape = model.shape(operation.input_shape)
    members: dict[str, Any] = shape.get("members", {})
    params: dict[str, Any] = {}
    violations: list[str] = []

    if any("location" not in member for member in members.values()):
        document = parse_json_body(body)
        for name in members:
            if "location" not in members[name] and name in document:
                params[name] = document[name]

    lower_headers = {key.lower(): value for key, value in headers.items()}
    for name, member in members.items():
        location = member.get("location")
        wire_name = member.get("locationName", name)
        member_shape = model.shape(member["shape"])
        if location == "uri" and wire_name in labels:
            params[name] = labels[wire_name]
        elif location == "querystring":
            values = [value for key, value in query if key == wire_name]
            if values:
                params[name] = _convert_text(member_shape, values, name, violations)
        elif location == "header" and wire_name.lower() in lower_headers:
            text = lower_headers[wire_name.lower()]
            params[name] = _convert_text(member_shape, [text], name, violations)
    return params, violations


def parse_json_body(body: bytes) -> dict[str, Any]:
    """Decode a request body that must be empty or a JSON object.

    Raises:
        ServiceError: ValidationException naming what is wrong with the body.
    """
    if not body.strip():
        return {}
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise validation_error(
            f"The request body is not valid UTF-8 (byte {exc.start}). Send JSON "
            "encoded as UTF-8."
        ) from exc
    try:
        document = load_json(text)
    except IntegerTooLargeError as exc:
        raise validation_error(
            f"The request body contains an integer of {exc.digits} digits, which "
            "is too large for any member of this API. Send integers within the "
            "ranges the operation allows."
        ) from exc
    except ValueError as exc:
        raise validation_error(
            f"The request body is not valid JSON: {exc}. Send a JSON object."
        ) from exc
    except RecursionError as exc:
        raise validation_error(
            "The request body is nested too deeply to parse. Send a JSON object "
            "shaped as the operation's input."
        ) from exc
    if not isinstance(document, dict):
        raise validation_error(
            f"The request body must be a JSON object, not {_json_type(document)}."
        )
    check_encodable(document)
    return document


def load_json(text: str | bytes) -> Any:
    """Decode JSON text that must not contain NaN, Infinity or huge integers.

    Raises:
        IntegerTooLargeError: an integer has more than MAX_INTEGER_DIGITS digits.
        ValueError: the text is not valid JSON, or contains NaN or Infinity.
        RecursionError: the text is nested too deeply to parse.
    """
    return json.loads(text, parse_constant=_reject_constant, parse_int=_parse_int)


def check_encodable(document: Any) -> None:
    """Reject JSON whose strings contain an unpaired surrogate escape.

    JSON allows escapes such as ``\\ud800`` that decode to text no UTF-8 codec
    can encode, so such text could be neither stored nor returned.

    Raises:
        ServiceError: ValidationException.
    """
    try:
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise validation_error(
            "The request body contains an unpaired UTF-16 surrogate escape "
            "(\\ud800 to \\udfff). Send valid Unicode text."
        ) from exc


def serialize_output(model: ServiceModel, shape_name: str | None, value: Any) -> bytes:
    """Encode an operation's output as a JSON body, following the output shape.

    Members set to None are left out. A member the shape does not declare is a
    bug in the emulator and raises KeyError.
    """
    if shape_name is None:
        return b"{}"
    document = _to_json(model, model.shape(shape_name), value)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def error_body(model: ServiceModel, code: str, message: str) -> bytes:
    """Encode an error body with the message member the model gives that error."""
    member = model.error_message_member(code) or "message"
    return json.dumps({member: message}, ensure_ascii=False).encode()


def format_timestamp(moment: datetime) -> str:
    """Format a time as ISO 8601 in UTC with milliseconds and a ``Z`` suffix.

    NOTE: the model fixes only ISO 8601. Whether the real service sends
    fractional seconds is unverified; clients must accept both forms.
    """
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _to_json(model: ServiceModel, shape: Shape, value: Any) -> Any:
    kind = shape["type"]
    if kind == "structure":
        members = shape.get("members", {})
        document = {}
        for name, member_value in value.items():
            if member_value is not None:
                member_shape = model.shape(members[name]["shape"])
                document[name] = _to_json(model, member_shape, member_value)
        return document
    if kind == "list":
        item_shape = model.shape(shape["member"]["shape"])
        return [_to_json(model, item_shape, item) for item in value]
    if kind == "map":
        item_shape = model.shape(shape["value"]["shape"])
        return {key: _to_json(model, item_shape, item) for key, item in value.items()}
    if kind == "timestamp":
        return format_timestamp(value)
    return value


def _convert_text(
    shape: Shape, values: list[str], name: str, violations: list[str]
) -> Any:
    kind = shape["type"]
    if kind == "list":
        return values
    text = values[-1]
    if kind in ("integer", "long"):
        try:
            return int(text)
        except ValueError:
            pass
    elif kind == "boolean":
        if text in ("true", "false"):
            return text == "true"
    else:
        return text
    violations.append(
        f"Value '{text}' at '{name}' failed to satisfy constraint: Member must be "
        f"of type {kind}"
    )
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parse_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        raise IntegerTooLargeError(digits)
    return int(text)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array"


def raise_for_violations(violations: list[str]) -> None:
    """Raise one ValidationException listing all violations, if there are any."""
    if violations:
        raise validation_error(format_violations(violations))
