"""The rest-json protocol: HTTP binding of requests and responses.

Members bind to the URI path, the query string, headers, a header-prefix map, the
status code, a payload member or the JSON body, as each member's ``location`` says.
Rules follow botocore's rest-json serializer and parser; where a branch encodes a
protocol rule, the comment states it.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from .convert import ShapeConverter, decode_float, encode_float
from .errors import ParamValidationError, ResponseParseError, Violation
from .schema import Member, OperationSchema, Shape
from .timestamps import format_timestamp, parse_timestamp
from .transport import HttpResponse

QUERY_TIMESTAMP_FORMAT = "iso8601"
HEADER_TIMESTAMP_FORMAT = "rfc822"
_LABEL = re.compile(r"\{([^}]+)\}")
_HOST_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$")


class SerializedRequest:
    """Method, path with query, headers and body of a request before signing."""

    __slots__ = ("body", "headers", "host_prefix", "method", "path")

    def __init__(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        body: bytes,
        host_prefix: str | None,
    ) -> None:
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.host_prefix = host_prefix


def percent_encode(value: str, safe: str = "") -> str:
    """Percent-encode as AWS does: only letters, digits and ``-._~`` stay."""
    return quote(value, safe=safe + "-._~")


def serialize_request(
    operation: OperationSchema, params: Any, converter: ShapeConverter
) -> SerializedRequest:
    """Bind an input instance to an HTTP request for ``operation``."""
    headers: dict[str, str] = {}
    shape = operation.input
    if shape is None or params is None:
        return SerializedRequest(
            operation.http_method, operation.request_uri, headers, b"", None
        )
    labels: dict[str, str] = {}
    query: list[tuple[str, str]] = []
    body_members: dict[str, Any] = {}
    for member in shape.members:
        value = getattr(params, member.attr)
        if value is None and member.idempotency_token:
            # Idempotency tokens left unset are filled with a random UUID4.
            value = str(uuid.uuid4())
        if value is None:
            continue
        location = member.location
        if location == "uri":
            labels[member.wire_name] = _scalar_to_text(
                value, member, QUERY_TIMESTAMP_FORMAT
            )
        elif location == "querystring":
            _add_query(query, value, member)
        elif location == "header":
            _add_header(headers, value, member)
        elif location == "headers":
            for key, item in value.items():
                headers[member.wire_name + key] = str(item)
        else:
            body_members[member.attr] = (member, value)
    path = _render_path(operation.request_uri, labels)
    if query:
        separator = "&" if "?" in path else "?"
        path += separator + "&".join(
            f"{percent_encode(key)}={percent_encode(item)}" for key, item in query
        )
    body = _serialize_body(shape, params, body_members, headers, converter)
    host_prefix = _expand_host_prefix(operation, params)
    return SerializedRequest(operation.http_method, path, headers, body, host_prefix)


def _render_path(template: str, labels: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.endswith("+"):
            # A greedy label keeps its slashes.
            return percent_encode(labels[name[:-1]], safe="/")
        return percent_encode(labels[name])

    try:
        return _LABEL.sub(replace, template)
    except KeyError as exc:
        raise ParamValidationError(
            template, [Violation(str(exc.args[0]), "missing URI label value")]
        ) from None


def _scalar_to_text(value: Any, member: Member, timestamp_default: str) -> str:
    kind = member.shape.type
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "timestamp":
        fmt = member.timestamp_format or member.shape.timestamp_format
        return str(format_timestamp(value, fmt or timestamp_default))
    if kind in ("float", "double"):
        return str(encode_float(value))
    if kind == "blob":
        return base64.b64encode(_as_bytes(value)).decode("ascii")
    if hasattr(value, "value") and member.shape.enum is not None:
        return str(value.value)
    return str(value)


def _add_query(query: list[tuple[str, str]], value: Any, member: Member) -> None:
    shape = member.shape
    if shape.type == "map":
        # A query-string map spreads its entries as separate parameters; a map
        # of lists repeats the key once per item.
        assert shape.value is not None
        item_member = _element_member(member, shape.value)
        for key, item in value.items():
            if isinstance(item, list):
                query.extend(
                    (key, _scalar_to_text(v, item_member, "iso8601")) for v in item
                )
            else:
                query.append((key, _scalar_to_text(item, item_member, "iso8601")))
    elif shape.type == "list":
        assert shape.member is not None
        item_member = _element_member(member, shape.member)
        for item in value:
            query.append(
                (member.wire_name, _scalar_to_text(item, item_member, "iso8601"))
            )
    else:
        query.append(
            (member.wire_name, _scalar_to_text(value, member, QUERY_TIMESTAMP_FORMAT))
        )


def _element_member(member: Member, shape: Shape) -> Member:
    return Member(name=member.name, attr=member.attr, shape=shape)


def _add_header(headers: dict[str, str], value: Any, member: Member) -> None:
    shape = member.shape
    if shape.type == "list":
        if not value:
            return
        assert shape.member is not None
        item_member = _element_member(member, shape.member)
        items = []
        for item in value:
            if item is None:
                continue
            text = _scalar_to_text(item, item_member, HEADER_TIMESTAMP_FORMAT)
            if shape.member.type == "string" and ('"' in text or "," in text):
                # A list item with a comma or quote is quoted, inner quotes
                # escaped, so the receiver can split the list on commas.
                text = '"' + text.replace('"', '\\"') + '"'
            items.append(text)
        headers[member.wire_name] = ",".join(items)
    elif member.jsonvalue:
        encoded = json.dumps(value, separators=(",", ":")).encode("utf-8")
        headers[member.wire_name] = base64.b64encode(encoded).decode("ascii")
    elif shape.type == "timestamp":
        fmt = member.timestamp_format or shape.timestamp_format
        fmt = fmt or HEADER_TIMESTAMP_FORMAT
        if fmt == "unixTimestamp":
            # Headers carry whole epoch seconds.
            headers[member.wire_name] = str(int(format_timestamp(value, fmt)))
        else:
            headers[member.wire_name] = str(format_timestamp(value, fmt))
    else:
        headers[member.wire_name] = _scalar_to_text(
            value, member, HEADER_TIMESTAMP_FORMAT
        )


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


def _serialize_body(
    shape: Shape,
    params: Any,
    body_members: Mapping[str, tuple[Member, Any]],
    headers: dict[str, str],
    converter: ShapeConverter,
) -> bytes:
    payload_name = shape.payload
    if payload_name is not None:
        payload = next(m for m in shape.members if m.name == payload_name)
        value = getattr(params, payload.attr)
        if payload.shape.type in ("blob", "string"):
            # A blob or string payload is the raw body, not JSON.
            body = b"" if value is None else _as_bytes(value)
            if body and not payload.streaming and "Content-Type" not in headers:
                headers["Content-Type"] = (
                    "application/octet-stream"
                    if payload.shape.type == "blob"
                    else "text/plain"
                )
            return body
        body = (
            b"{}"
            if value is None
            else _dump_json(converter.to_json(value, payload.shape))
        )
        if "Content-Type" not in headers:
            headers["Content-Type"] = "application/json"
        return body
    if body_members:
        document = {
            member.wire_name: converter.encoder(member.shape, member)(value)
            for member, value in body_members.values()
        }
        body = _dump_json(document)
    elif any(member.location == "body" for member in shape.members):
        # An input with body members but none set still sends an empty object.
        body = b"{}"
    else:
        body = b""
    if body and "Content-Type" not in headers:
        headers["Content-Type"] = "application/json"
    return body


def _dump_json(document: Any) -> bytes:
    # json.dumps defaults (", " and ": " separators, ASCII escapes) give the same
    # bytes as botocore, so signatures over the body match too.
    return json.dumps(document).encode("utf-8")


def _expand_host_prefix(operation: OperationSchema, params: Any) -> str | None:
    template = operation.host_prefix
    if template is None:
        return None
    values: dict[str, str] = {}
    violations = []
    if operation.input is not None and params is not None:
        for member in operation.input.members:
            if not member.host_label:
                continue
            value = getattr(params, member.attr)
            if not isinstance(value, str) or not _HOST_LABEL.match(value):
                violations.append(
                    Violation(
                        member.attr,
                        f"{value!r} is not a valid host label: use letters, digits, "
                        "hyphens and periods",
                    )
                )
                continue
            values[member.name] = value
    if violations:
        raise ParamValidationError(operation.name, violations)
    return _LABEL.sub(lambda match: values[match.group(1)], template)


def decode_json_document(body: bytes) -> Any:
    """Decode a JSON response body; an empty body decodes to ``{}``."""
    if not body.strip():
        return {}
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ResponseParseError(f"response body is not valid JSON: {exc}") from exc


def parse_members(
    shape: Shape, response: HttpResponse, converter: ShapeConverter, document: Any
) -> dict[str, Any]:
    """Collect the keyword arguments of ``shape``'s class from a response."""
    values: dict[str, Any] = {}
    headers = response.headers
    payload_name = shape.payload
    for member in shape.members:
        location = member.location
        if location == "header":
            raw = headers.get(member.wire_name.lower())
            values[member.attr] = None if raw is None else _parse_header(raw, member)
        elif location == "headers":
            prefix = member.wire_name.lower()
            values[member.attr] = {
                name[len(prefix) :]: value
                for name, value in headers.items()
                if name.lower().startswith(prefix)
            } or None
        elif location == "statusCode":
            values[member.attr] = response.status_code
        elif location in ("uri", "querystring"):
            values[member.attr] = None
        elif member.name == payload_name:
            values[member.attr] = _parse_payload(member, response.body, converter)
        elif isinstance(document, dict):
            raw = document.get(member.wire_name)
            values[member.attr] = converter.decoder(member.shape, member)(raw)
        else:
            values[member.attr] = None
    return values


def _parse_payload(member: Member, body: bytes, converter: ShapeConverter) -> Any:
    kind = member.shape.type
    if kind == "blob":
        return body
    if kind == "string":
        return body.decode("utf-8") if body else None
    document = decode_json_document(body)
    if not document and kind == "structure":
        return None
    return converter.decoder(member.shape, member)(document)


def _parse_header(raw: str, member: Member) -> Any:
    shape = member.shape
    kind = shape.type
    try:
        if member.jsonvalue:
            return json.loads(base64.b64decode(raw))
        if kind == "list":
            assert shape.member is not None
            item_member = _element_member(member, shape.member)
            return [_parse_header(item, item_member) for item in split_header_list(raw)]
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
    except (ValueError, TypeError) as exc:
        raise ResponseParseError(
            f"invalid value {raw!r} in header {member.wire_name}: {exc}"
        ) from exc
    return raw


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
