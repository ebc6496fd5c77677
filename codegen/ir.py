"""Typed intermediate model of a service, built from the JSON model by ``loader``.

Templates see only these classes, never the raw JSON. Every name a template needs
(Python attribute names, class names, method names) is resolved here.
"""

from __future__ import annotations

from typing import Literal

import attrs

ShapeType = Literal[
    "structure",
    "list",
    "map",
    "string",
    "integer",
    "long",
    "float",
    "double",
    "boolean",
    "timestamp",
    "blob",
    "document",
]

Location = Literal["uri", "querystring", "header", "headers", "statusCode", "body"]


@attrs.frozen
class Constraints:
    """Input constraints of a shape; ``None`` where the model states none."""

    min: int | float | None = None
    max: int | float | None = None
    pattern: str | None = None
    enum: tuple[str, ...] | None = None


@attrs.frozen
class EnumValue:
    """One enum value and its Python member name."""

    value: str
    python_name: str


@attrs.frozen
class Member:
    """A structure member with its resolved Python name and wire binding."""

    name: str
    python_name: str
    target: str
    location: Location
    location_name: str | None
    """Name on the wire when it differs from ``name``; "" is the empty header prefix."""
    required: bool
    documentation: str
    idempotency_token: bool = False
    jsonvalue: bool = False
    host_label: bool = False
    timestamp_format: str | None = None
    streaming: bool = False
    sensitive: bool = False


@attrs.frozen
class Shape:
    """A named model shape with its Python class name where it gets a class."""

    name: str
    type: ShapeType
    documentation: str
    class_name: str | None = None
    constraints: Constraints = Constraints()
    enum_values: tuple[EnumValue, ...] = ()
    members: tuple[Member, ...] = ()
    member_target: str | None = None
    key_target: str | None = None
    value_target: str | None = None
    sparse: bool = False
    sensitive: bool = False
    timestamp_format: str | None = None
    payload: str | None = None
    streaming: bool = False
    union: bool = False
    is_error: bool = False
    error_code: str | None = None
    error_status: int | None = None
    error_fault: bool = False
    message_member: str | None = None

    @property
    def is_enum(self) -> bool:
        return self.type == "string" and bool(self.enum_values)


@attrs.frozen
class Paginator:
    """How to page through a list operation by its continuation token."""

    input_token: str
    output_token: str
    result_member: str
    item_target: str
    limit_member: str | None


@attrs.frozen
class Operation:
    """One API operation: HTTP binding, input and output shapes, errors."""

    name: str
    python_name: str
    http_method: str
    request_uri: str
    response_code: int
    documentation: str
    input: str | None
    output: str | None
    errors: tuple[str, ...]
    host_prefix: str | None = None
    idempotent: bool = False
    checksum_required: bool = False
    request_compression: tuple[str, ...] = ()
    paginator: Paginator | None = None


@attrs.frozen
class Service:
    """The whole service: metadata, operations and shapes in model order."""

    model_file: str
    service_name: str
    service_id: str
    client_class: str
    api_version: str
    protocol: str
    signing_name: str
    endpoint_prefix: str
    json_version: str | None
    target_prefix: str | None
    documentation: str
    operations: tuple[Operation, ...]
    shapes: tuple[Shape, ...]
    shape_map: dict[str, Shape] = attrs.field(eq=False, repr=False)

    @shape_map.default
    def _index_shapes(self) -> dict[str, Shape]:
        return {shape.name: shape for shape in self.shapes}

    def shape(self, name: str) -> Shape:
        return self.shape_map[name]

    @property
    def structures(self) -> tuple[Shape, ...]:
        return tuple(s for s in self.shapes if s.type == "structure")

    @property
    def enums(self) -> tuple[Shape, ...]:
        return tuple(s for s in self.shapes if s.is_enum)

    @property
    def error_shapes(self) -> tuple[Shape, ...]:
        return tuple(s for s in self.shapes if s.is_error)
