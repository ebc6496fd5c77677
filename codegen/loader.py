"""Load a botocore-format JSON service model into the typed intermediate model."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast, get_args

from . import naming
from .docs import html_to_text
from .ir import (
    Constraints,
    EnumValue,
    Location,
    Member,
    Operation,
    Paginator,
    Service,
    Shape,
    ShapeType,
)
from .model_keys import MEMBER_KEYS, OPERATION_KEYS, REFERENCE_KEYS, SHAPE_KEYS
from .overrides import apply_overrides

_TYPE_ALIASES: dict[str, ShapeType] = {
    "character": "string",
    "byte": "integer",
    "short": "integer",
    "bigdecimal": "double",
    "biginteger": "long",
}

SHAPE_TYPES = (frozenset(get_args(ShapeType)) - {"document"}) | set(_TYPE_ALIASES)
"""Types a shape may have; the aliases map to a supported type."""


_LOCATIONS = frozenset({"uri", "querystring", "header", "headers", "statusCode"})
_MESSAGE_MEMBERS = ("exceptionmessage", "message", "errormessage")
_TIMESTAMP_FORMATS = frozenset({"iso8601", "rfc822", "unixTimestamp"})
CLIENT_RESERVED_METHODS = frozenset({"close", "get_paginator"})


class ModelError(Exception):
    """Raised when a model uses a feature the generator does not support."""


def load_service(
    path: Path, overrides: Mapping[str, Any] | None = None, model_file: str = ""
) -> Service:
    """Read a JSON model file and build the intermediate model."""
    model = json.loads(path.read_text(encoding="utf-8"))
    if overrides:
        model = apply_overrides(model, overrides)
    return build_service(model, model_file or path.name)


def build_service(model: Mapping[str, Any], model_file: str) -> Service:
    """Build the intermediate model from an already parsed JSON model."""
    metadata = model.get("metadata", {})
    protocol = metadata.get("protocol", "")
    if protocol != "rest-json":
        raise ModelError(f"protocol {protocol!r} is not supported, only rest-json")
    raw_operations: Mapping[str, Any] = model.get("operations", {})
    raw_shapes = _apply_reference_payloads(model.get("shapes", {}), raw_operations)
    shapes = tuple(_build_shape(name, raw_shapes) for name in raw_shapes)
    operations = tuple(
        _build_operation(name, raw, raw_shapes) for name, raw in raw_operations.items()
    )
    _check_operation_names(operations)
    service_id = str(metadata.get("serviceId") or metadata.get("serviceFullName", ""))
    return Service(
        model_file=model_file,
        service_name=service_id.lower().replace(" ", "-"),
        service_id=service_id,
        client_class=re.sub(r"[^A-Za-z0-9]", "", service_id) + "Client",
        api_version=metadata.get("apiVersion", ""),
        protocol=protocol,
        signing_name=metadata.get("signingName") or metadata.get("endpointPrefix", ""),
        endpoint_prefix=metadata.get("endpointPrefix", ""),
        json_version=metadata.get("jsonVersion"),
        target_prefix=metadata.get("targetPrefix"),
        documentation=html_to_text(model.get("documentation", "")),
        operations=operations,
        shapes=shapes,
    )


def _apply_reference_payloads(
    raw_shapes: Mapping[str, Any], raw_operations: Mapping[str, Any]
) -> Mapping[str, Any]:
    """Move a ``payload`` set on an operation's input or output onto its shape.

    Older models name the payload member on the reference (``"input": {"shape":
    "X", "payload": "foo"}``); botocore merges such reference keys into the shape,
    so the loader does the same. Two references that disagree are an error,
    because the intermediate model keeps one payload per shape.
    """
    shapes = dict(raw_shapes)
    for name, operation in raw_operations.items():
        for direction in ("input", "output"):
            reference = operation.get(direction)
            if not reference:
                continue
            where = f"operation {name!r} {direction}"
            _check_keys(reference, REFERENCE_KEYS, where)
            payload = reference.get("payload")
            target = reference.get("shape")
            if payload is None or target not in shapes:
                continue
            current = shapes[target].get("payload")
            if current not in (None, payload):
                raise ModelError(
                    f"{where} sets payload {payload!r} but shape {target!r} "
                    f"already has payload {current!r}"
                )
            shapes[target] = {**shapes[target], "payload": payload}
    return shapes


def _check_keys(raw: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ModelError(f"{where} uses unsupported model feature(s): {unknown}")


def _build_shape(name: str, raw_shapes: Mapping[str, Any]) -> Shape:
    raw = raw_shapes[name]
    where = f"shape {name!r}"
    _check_keys(raw, SHAPE_KEYS, where)

    raw_type = raw.get("type")
    if raw_type not in SHAPE_TYPES:
        raise ModelError(f"{where} has unsupported type {raw_type!r}")
    shape_type: ShapeType = _TYPE_ALIASES.get(raw_type, raw_type)
    if shape_type == "structure" and raw.get("document"):
        shape_type = "document"

    timestamp_format = raw.get("timestampFormat")
    _check_timestamp_format(timestamp_format, where)
    pattern = raw.get("pattern")
    if pattern is not None:
        _check_pattern(pattern, where)

    enum_values: tuple[EnumValue, ...] = ()
    enum = raw.get("enum")
    if enum is not None and shape_type == "string":
        python_names = naming.enum_member_names(enum)
        enum_values = tuple(
            EnumValue(v, n) for v, n in zip(enum, python_names, strict=True)
        )
    elif enum is not None:
        raise ModelError(f"{where} has an enum on a {shape_type} shape")

    error = raw.get("error", {})
    members: tuple[Member, ...] = ()
    if shape_type == "structure":
        members = _build_members(name, raw, raw_shapes)
    gets_class = shape_type == "structure" or bool(enum_values)

    return Shape(
        name=name,
        type=shape_type,
        documentation=html_to_text(raw.get("documentation", "")),
        class_name=naming.class_name(name) if gets_class else None,
        constraints=Constraints(
            min=raw.get("min"),
            max=raw.get("max"),
            pattern=pattern,
            enum=tuple(enum) if enum is not None else None,
        ),
        enum_values=enum_values,
        members=members,
        member_target=_target(raw, "member", where, raw_shapes),
        key_target=_target(raw, "key", where, raw_shapes),
        value_target=_target(raw, "value", where, raw_shapes),
        sparse=bool(raw.get("sparse")),
        sensitive=bool(raw.get("sensitive")),
        timestamp_format=timestamp_format,
        payload=raw.get("payload"),
        streaming=bool(raw.get("streaming")),
        union=bool(raw.get("union")),
        is_error=bool(raw.get("exception")),
        error_code=error.get("code") or (name if raw.get("exception") else None),
        error_status=error.get("httpStatusCode"),
        error_fault=bool(raw.get("fault")),
        message_member=_message_member(members) if raw.get("exception") else None,
    )


def _target(
    raw: Mapping[str, Any], key: str, where: str, raw_shapes: Mapping[str, Any]
) -> str | None:
    if key not in raw:
        return None
    target = cast(str, raw[key]["shape"])
    if target not in raw_shapes:
        raise ModelError(f"{where} {key} refers to missing shape {target!r}")
    return target


def _build_members(
    name: str, raw: Mapping[str, Any], raw_shapes: Mapping[str, Any]
) -> tuple[Member, ...]:
    raw_members: Mapping[str, Any] = raw.get("members", {})
    required = set(raw.get("required", ()))
    missing = sorted(required - set(raw_members))
    if missing:
        raise ModelError(f"shape {name!r} requires unknown member(s) {missing}")
    python_names = naming.member_names(raw_members)
    members = []
    for (member_name, member), python_name in zip(
        raw_members.items(), python_names, strict=True
    ):
        where = f"member {name}.{member_name}"
        _check_keys(member, MEMBER_KEYS, where)
        target = member["shape"]
        if target not in raw_shapes:
            raise ModelError(f"{where} refers to missing shape {target!r}")
        target_raw = raw_shapes[target]
        location = _member_location(member, raw_shapes)
        if location != "body" and location not in _LOCATIONS:
            raise ModelError(f"{where} has unsupported location {location!r}")
        timestamp_format = member.get("timestampFormat")
        _check_timestamp_format(timestamp_format, where)
        members.append(
            Member(
                name=member_name,
                python_name=python_name,
                target=target,
                location=cast(Location, location),
                location_name=_location_name(member, target_raw, location),
                required=member_name in required,
                documentation=html_to_text(member.get("documentation", "")),
                idempotency_token=bool(member.get("idempotencyToken")),
                jsonvalue=bool(member.get("jsonvalue")),
                host_label=bool(member.get("hostLabel")),
                timestamp_format=timestamp_format,
                streaming=bool(member.get("streaming") or target_raw.get("streaming")),
                sensitive=bool(target_raw.get("sensitive")),
            )
        )
    return tuple(members)


def _member_location(member: Mapping[str, Any], raw_shapes: Mapping[str, Any]) -> str:
    """Return where a member binds; the target shape's own location is the default.

    botocore merges a shape's ``location`` and ``locationName`` into every member
    that targets it, and the member's own keys win.
    """
    target = raw_shapes.get(member["shape"], {})
    return str(member.get("location") or target.get("location") or "body")


def _location_name(
    member: Mapping[str, Any], target: Mapping[str, Any], location: str
) -> str | None:
    """Return the member's wire name, or None when it is the member name.

    A header-prefix member without a ``locationName`` has the empty prefix, so it
    collects every response header.
    """
    name = member.get("locationName", target.get("locationName"))
    if name is None and location == "headers":
        return ""
    return None if name is None else str(name)


def _check_timestamp_format(value: Any, where: str) -> None:
    if value is not None and value not in _TIMESTAMP_FORMATS:
        raise ModelError(f"{where} has unsupported timestampFormat {value!r}")


def _check_pattern(pattern: str, where: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ModelError(f"{where} has a pattern Python cannot compile: {exc}") from exc


def _message_member(members: tuple[Member, ...]) -> str | None:
    for candidate in _MESSAGE_MEMBERS:
        for member in members:
            if member.name.lower() == candidate and member.location == "body":
                return member.name
    return None


def _build_operation(
    name: str, raw: Mapping[str, Any], raw_shapes: Mapping[str, Any]
) -> Operation:
    where = f"operation {name!r}"
    _check_keys(raw, OPERATION_KEYS, where)
    http = raw.get("http", {})
    input_name = raw.get("input", {}).get("shape")
    output_name = raw.get("output", {}).get("shape")
    for shape_name in (input_name, output_name):
        if shape_name is not None and shape_name not in raw_shapes:
            raise ModelError(f"{where} refers to missing shape {shape_name!r}")
    compression = raw.get("requestcompression", {}).get("encodings", ())
    return Operation(
        name=name,
        python_name=naming.safe_identifier(naming.snake_case(name)),
        http_method=http.get("method", "POST"),
        request_uri=http.get("requestUri", "/"),
        response_code=http.get("responseCode", 200),
        documentation=html_to_text(raw.get("documentation", "")),
        input=input_name,
        output=output_name,
        errors=tuple(error["shape"] for error in raw.get("errors", ())),
        host_prefix=raw.get("endpoint", {}).get("hostPrefix"),
        idempotent=bool(raw.get("idempotent")),
        checksum_required=bool(raw.get("httpChecksumRequired")),
        request_compression=tuple(compression),
        paginator=_find_paginator(input_name, output_name, raw_shapes),
    )


def _find_paginator(
    input_name: str | None, output_name: str | None, raw_shapes: Mapping[str, Any]
) -> Paginator | None:
    """Detect a ``nextToken`` paginator: token in input and output, one list."""
    if input_name is None or output_name is None:
        return None
    input_members: Mapping[str, Any] = raw_shapes[input_name].get("members", {})
    output_members: Mapping[str, Any] = raw_shapes[output_name].get("members", {})
    input_token = _find_token(input_members)
    output_token = _find_token(output_members)
    if input_token is None or output_token is None:
        return None
    lists = [
        (member_name, member)
        for member_name, member in output_members.items()
        if raw_shapes[member["shape"]]["type"] == "list"
        and _member_location(member, raw_shapes) == "body"
    ]
    if len(lists) != 1:
        return None
    result_name, result = lists[0]
    limit = next(
        (n for n in input_members if n.lower() in {"maxresults", "limit"}), None
    )
    return Paginator(
        input_token=input_token,
        output_token=output_token,
        result_member=result_name,
        item_target=raw_shapes[result["shape"]]["member"]["shape"],
        limit_member=limit,
    )


def _find_token(members: Mapping[str, Any]) -> str | None:
    for member_name in members:
        if member_name.lower() == "nexttoken":
            return member_name
    return None


def _check_operation_names(operations: tuple[Operation, ...]) -> None:
    seen: dict[str, str] = {}
    for operation in operations:
        python_name = operation.python_name
        if python_name in CLIENT_RESERVED_METHODS or python_name.startswith("_"):
            raise ModelError(
                f"operation {operation.name!r} converts to {python_name!r}, "
                "which the client reserves"
            )
        if python_name in seen:
            raise ModelError(
                f"operations {seen[python_name]!r} and {operation.name!r} both "
                f"convert to the method name {python_name!r}"
            )
        seen[python_name] = operation.name
