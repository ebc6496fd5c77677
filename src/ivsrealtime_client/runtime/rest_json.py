"""The rest-json protocol: HTTP binding of requests.

Members bind to the URI path, the query string, headers, a header-prefix map, a
payload member or the JSON body, as each member's ``location`` names. Rules follow
botocore's rest-json serializer; where a branch encodes a protocol rule, the
comment states it. Responses are parsed in ``rest_json_response``, whose public
functions are importable from here as well.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from .convert import ShapeConverter, encode_float
from .errors import ParamValidationError, Violation
from .rest_json_response import decode_json_document, parse_members, split_header_list
from .schema import Member, OperationSchema, Shape
from .timestamps import format_timestamp

__all__ = [
    "SerializedRequest",
    "decode_json_document",
    "new_idempotency_token",
    "parse_members",
    "percent_encode",
    "serialize_request",
    "split_header_list",
]

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


def new_idempotency_token() -> str:
    """Return a random UUID4, as botocore fills an unset idempotency token."""
    return str(uuid.uuid4())


def serialize_request(
    operation: OperationSchema,
    params: Any,
    converter: ShapeConverter,
    new_token: Callable[[], str] = new_idempotency_token,
) -> SerializedRequest:
    """Bind an input instance to an HTTP request for ``operation``.

    ``new_token`` fills each idempotency token member that ``params`` leaves unset.
    """
    headers: dict[str, str] = {}
    shape = operation.input
    host_prefix = _expand_host_prefix(operation, params)
    if shape is None or params is None:
        return SerializedRequest(
            operation.http_method, operation.request_uri, headers, b"", host_prefix
        )
    labels: dict[str, str] = {}
    query: list[tuple[str, str]] = []
    map_query: list[tuple[str, str]] = []
    body_members: dict[str, Any] = {}
    for member in shape.members:
        value = getattr(params, member.attr)
        if value is None and member.idempotency_token:
            value = new_token()
        if value is None:
            continue
        location = member.location
        if location == "uri":
            labels[member.wire_name] = _scalar_to_text(
                value, member, QUERY_TIMESTAMP_FORMAT
            )
        elif location == "querystring" and member.shape.type == "map":
            map_query.extend(_map_query_items(value, member))
        elif location == "querystring":
            query.extend(_query_items(value, member))
        elif location == "header":
            _add_header(headers, value, member)
        elif location == "headers":
            for key, item in value.items():
                if item is not None:
                    headers[member.wire_name + key] = str(item)
        else:
            body_members[member.attr] = (member, value)
    # A parameter that a member names wins over a map entry with the same key.
    named = {key for key, _ in query}
    query.extend(item for item in map_query if item[0] not in named)
    path = _render_path(operation, labels)
    if query:
        separator = "&" if "?" in path else "?"
        path += separator + "&".join(
            f"{percent_encode(key)}={percent_encode(item)}" for key, item in query
        )
    body = _serialize_body(shape, params, body_members, headers, converter)
    return SerializedRequest(operation.http_method, path, headers, body, host_prefix)


def _render_path(operation: OperationSchema, labels: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.endswith("+"):
            # A greedy label keeps its slashes.
            return percent_encode(labels[name[:-1]], safe="/")
        return percent_encode(labels[name])

    try:
        return _LABEL.sub(replace, operation.request_uri)
    except KeyError as exc:
        # Reached only with validation off: a URI label cannot be left empty.
        label = str(exc.args[0])
        path = _attribute_of_label(operation, label)
        raise ParamValidationError(
            operation.name, [Violation(path, "missing required member")]
        ) from None


def _attribute_of_label(operation: OperationSchema, label: str) -> str:
    if operation.input is not None:
        for member in operation.input.members:
            if member.location == "uri" and member.wire_name == label:
                return member.attr
    return label


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


def _map_query_items(value: Mapping[str, Any], member: Member) -> list[tuple[str, str]]:
    """Spread a query-string map into parameters; a list value repeats its key."""
    shape = member.shape
    assert shape.value is not None
    item_member = member.element(shape.value)
    if shape.value.type == "list":
        assert shape.value.member is not None
        item_member = member.element(shape.value.member)
    items: list[tuple[str, str]] = []
    for key, item in value.items():
        values = item if isinstance(item, list) else [item]
        items.extend(
            (key, _scalar_to_text(v, item_member, QUERY_TIMESTAMP_FORMAT))
            for v in values
            if v is not None
        )
    return items


def _query_items(value: Any, member: Member) -> list[tuple[str, str]]:
    """Return a member's query parameters; a list repeats the key per item."""
    shape = member.shape
    if shape.type != "list":
        return [
            (member.wire_name, _scalar_to_text(value, member, QUERY_TIMESTAMP_FORMAT))
        ]
    assert shape.member is not None
    item_member = member.element(shape.member)
    return [
        (member.wire_name, _scalar_to_text(item, item_member, QUERY_TIMESTAMP_FORMAT))
        for item in value
        if item is not None
    ]


def _add_header(headers: dict[str, str], value: Any, member: Member) -> None:
    shape = member.shape
    if shape.type == "list":
        if not value:
            # botocore sends no header for an empty list, not an empty one.
            return
        assert shape.member is not None
        item_member = member.element(shape.member)
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
        headers[member.wire_name] = encode_json_header(value)
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


def encode_json_header(value: Any) -> str:
    """Encode a ``jsonvalue`` header member: JSON text, then base64.

    A ``str`` is taken as JSON text that is already encoded and sent unchanged,
    as Smithy's ``mediaType`` strings are. Any other value (a dict, list, number,
    bool) is encoded as JSON first, as botocore does. botocore also JSON-encodes
    a ``str``, so for a ``str`` the two differ by the quotes.
    """
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


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
    if shape.payload is not None:
        payload = next(m for m in shape.members if m.name == shape.payload)
        return _serialize_payload(
            payload, getattr(params, payload.attr), headers, converter
        )
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
        return b""
    _set_default_header(headers, "Content-Type", "application/json")
    return body


def _serialize_payload(
    member: Member, value: Any, headers: dict[str, str], converter: ShapeConverter
) -> bytes:
    """Serialize the payload member as the whole body.

    A blob is sent as is and a string as UTF-8 text. Each gets the content type
    the protocol gives it unless a header member sets one. botocore sends neither
    content type, and services accept both ways. A structure, union or document
    is JSON. An unset structure sends ``{}``, as botocore does, but an unset union
    sends no body, because ``{}`` would be a union with no member set.
    """
    kind = member.shape.type
    if kind == "blob":
        _set_default_header(headers, "Content-Type", "application/octet-stream")
        return b"" if value is None else _as_bytes(value)
    if kind == "string":
        if value is None:
            return b""
        _set_default_header(headers, "Content-Type", "text/plain")
        return _as_bytes(value)
    if value is None:
        if member.shape.union:
            return b""
        body = b"{}"
    else:
        body = _dump_json(converter.to_json(value, member.shape))
    _set_default_header(headers, "Content-Type", "application/json")
    return body


def _set_default_header(headers: dict[str, str], name: str, value: str) -> None:
    """Set a header unless a member already set it under any spelling."""
    lower = name.lower()
    if not any(key.lower() == lower for key in headers):
        headers[name] = value


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
