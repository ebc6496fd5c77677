"""Declarative description of a service that the generic runtime reads.

The generated ``_schema`` module builds one ``Shape`` per model shape and one
``OperationSchema`` per operation. Serialization, parsing, validation and the
cattrs hooks are driven by these objects, so generated code contains no per-field
conversion logic.
"""

from __future__ import annotations

from typing import Any

import attrs


@attrs.define(eq=False, kw_only=True)
class Shape:
    """A model shape with its constraints and, where it has one, its Python class.

    Structures get their ``members`` assigned after every shape exists, so that
    recursive shapes can refer to each other.
    """

    name: str
    type: str
    min: int | float | None = None
    max: int | float | None = None
    pattern: str | None = None
    enum: frozenset[str] | None = None
    sensitive: bool = False
    timestamp_format: str | None = None
    member: Shape | None = None
    key: Shape | None = None
    value: Shape | None = None
    sparse: bool = False
    members: tuple[Member, ...] = ()
    python_class: Any = None
    payload: str | None = None
    streaming: bool = False
    union: bool = False
    error_code: str | None = None
    error_status: int | None = None
    message_member: str | None = None
    exception_class: Any = None


@attrs.frozen(kw_only=True)
class Member:
    """A structure member: Python attribute, wire name and HTTP binding."""

    name: str
    attr: str
    shape: Shape
    location: str = "body"
    location_name: str | None = None
    """Name on the wire when it differs from ``name``; "" is the empty header prefix."""
    required: bool = False
    idempotency_token: bool = False
    jsonvalue: bool = False
    host_label: bool = False
    timestamp_format: str | None = None
    streaming: bool = False

    def element(self, shape: Shape) -> Member:
        """Return a member for one list item or map value of this member."""
        return Member(name=self.name, attr=self.attr, shape=shape)

    @property
    def wire_name(self) -> str:
        """Name on the wire: the JSON key, header, query key or URI label."""
        return self.name if self.location_name is None else self.location_name


@attrs.frozen(kw_only=True)
class OperationSchema:
    """One operation's HTTP binding, shapes and modeled errors."""

    name: str
    http_method: str
    request_uri: str
    input: Shape | None
    output: Shape | None
    errors: tuple[Shape, ...] = ()
    response_code: int = 200
    host_prefix: str | None = None
    idempotent: bool = False
    checksum_required: bool = False
    request_compression: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ServiceSchema:
    """Service metadata and every error shape, keyed by error code."""

    service_name: str
    service_id: str
    api_version: str
    signing_name: str
    endpoint_prefix: str
    errors: dict[str, Shape]
