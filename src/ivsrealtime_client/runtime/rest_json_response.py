"""The rest-json protocol: reading the members of a response.

Members come from headers, a header-prefix map, the status code, a payload
member or the JSON body, as each member's ``location`` names. Rules follow
botocore's rest-json parser except where a comment names the difference.
Header names are matched without regard to case.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from .convert import ShapeConverter, decode_float
from .errors import ResponseParseError
from .schema import Member, Shape
from .timestamps import parse_timestamp
from .transport import HttpHeaders, HttpResponse

HEADER_TIMESTAMP_FORMAT = "rfc822"
"""Default ``timestampFormat`` of timestamps in headers."""


def decode_json_document(body: bytes) -> Any:
    """Decode a JSON response body; an empty body decodes to ``{}``."""
    if not body.strip():
        return {}
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ResponseParseError(f"response body is not valid JSON: {exc}") from exc
    except RecursionError:
        raise ResponseParseError(
            "response body is JSON nested too deeply to decode"
        ) from None


def parse_members(
    shape: Shape, response: HttpResponse, converter: ShapeConverter, document: Any
) -> dict[str, Any]:
    """Collect the keyword arguments of ``shape``'s class from a response.

    ``document`` is the decoded JSON body, or None when the shape reads no member
    from the body.
    """
    values: dict[str, Any] = {}
    headers = response.headers
    for member in shape.members:
        location = member.location
        if location == "header":
            raw = headers.get(member.wire_name)
            values[member.attr] = None if raw is None else _parse_header(raw, member)
        elif location == "headers":
            values[member.attr] = _parse_prefix_headers(headers, member.wire_name)
        elif location == "statusCode":
            values[member.attr] = response.status_code
        elif location in ("uri", "querystring"):
            values[member.attr] = None
        elif member.name == shape.payload:
            values[member.attr] = _parse_payload(member, response.body, converter)
        elif isinstance(document, dict):
            raw = document.get(member.wire_name)
            values[member.attr] = converter.decoder(member.shape, member)(raw)
        else:
            values[member.attr] = None
    return values


def _parse_prefix_headers(headers: HttpHeaders, prefix: str) -> dict[str, str] | None:
    """Return the headers that start with ``prefix``, keyed by the rest of the name.

    The prefix matches in any case; the rest keeps the case the server sent.
    """
    lower = prefix.lower()
    found = {
        name[len(prefix) :]: value
        for name, value in headers.items()
        if name.lower().startswith(lower)
    }
    return found or None


def _parse_payload(member: Member, body: bytes, converter: ShapeConverter) -> Any:
    """Read the payload member from the whole body; an empty body leaves it unset.

    botocore returns an empty blob or string for an empty body. The protocol reads
    an empty body as no value, so an absent payload and an empty one are the same.
    """
    kind = member.shape.type
    if kind == "blob":
        return body or None
    if kind == "string":
        if not body:
            return None
        text = body.decode("utf-8")
        cls = member.shape.python_class
        return text if cls is None else cls(text)
    if not body.strip():
        return None
    return converter.decoder(member.shape, member)(decode_json_document(body))


def decode_json_header(raw: str) -> Any:
    """Decode a ``jsonvalue`` header, the reverse of ``encode_json_header``.

    A JSON object or array is returned decoded, as botocore returns it. Other JSON
    text (``true``, ``42``, ``"a"``) is returned as the text itself, so that a
    ``str`` sent unchanged comes back unchanged.
    """
    text = base64.b64decode(raw).decode("utf-8")
    decoded = json.loads(text)
    if isinstance(decoded, dict | list):
        return decoded
    return text


def _parse_header(raw: str, member: Member) -> Any:
    shape = member.shape
    kind = shape.type
    try:
        if member.jsonvalue:
            return decode_json_header(raw)
        if kind == "list":
            assert shape.member is not None
            item_member = member.element(shape.member)
            items = split_header_list(raw)
            if _is_http_date(item_member):
                items = _join_http_dates(items)
            return [_parse_header(item, item_member) for item in items]
        if kind == "timestamp":
            return parse_timestamp(raw)
        if kind in ("integer", "long"):
            return int(raw)
        if kind in ("float", "double"):
            return (
                decode_float(raw)
                if raw in ("NaN", "Infinity", "-Infinity")
                else float(raw)
            )
        if kind == "boolean":
            return raw.strip().lower() == "true"
        if kind == "blob":
            return base64.b64decode(raw)
        if kind == "string" and shape.python_class is not None:
            return shape.python_class(raw)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ResponseParseError(
            f"invalid value {raw!r} in header {member.wire_name}: {exc}"
        ) from exc
    return raw


def _is_http_date(member: Member) -> bool:
    shape = member.shape
    if shape.type != "timestamp":
        return False
    fmt = member.timestamp_format or shape.timestamp_format or HEADER_TIMESTAMP_FORMAT
    return fmt == "rfc822"


def _join_http_dates(items: list[str]) -> list[str]:
    """Rejoin HTTP dates that a split at commas cut in two.

    An HTTP date has a comma after the day name ("Mon, 16 Dec 2019 23:48:18
    GMT"), so a list of them has two comma-separated parts per date.
    """
    if len(items) % 2:
        raise ValueError(f"{len(items)} parts cannot be a list of HTTP dates")
    return [f"{items[i]}, {items[i + 1]}" for i in range(0, len(items), 2)]


def split_header_list(raw: str) -> list[str]:
    """Split a comma-separated header list, honouring double-quoted items."""
    items: list[str] = []
    current: list[str] = []
    quoted = False
    escaped = False
    for char in raw:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            items.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    items.append("".join(current).strip())
    return items
