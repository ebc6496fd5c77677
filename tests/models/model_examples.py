"""Valid example values for the shapes of the model, built from the schema objects.

The tests of this folder take their bounds, enums and patterns from
``ivsrealtime_client._schema``, so they follow the model when it changes. Only the
realistic values for patterned strings are written by hand, in ``PATTERN_EXAMPLES``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ivsrealtime_client import _schema
from ivsrealtime_client.runtime.convert import ShapeConverter
from ivsrealtime_client.runtime.schema import Member, OperationSchema, Shape

STAGE_ARN = "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh"
STAGE_SESSION_ID = "st-a1B2c3D4e5F6g"
TIMESTAMP = dt.datetime(2024, 5, 1, 12, 30, 15, 123456, tzinfo=dt.timezone.utc)

PATTERN_EXAMPLES: dict[str, str] = {
    "PaginationToken": "AQICAHh+Zk9/TWdlc3NhZ2U=",
    "ParticipantClientAttribute": "Chrome",
    "ResourceArn": STAGE_ARN,
    "StageArn": STAGE_ARN,
    "StageName": "team-standup_01",
    "StageSessionId": STAGE_SESSION_ID,
}
"""A value the service returns or accepts, for every string shape with a pattern."""

CONVERTER = ShapeConverter(_schema.SHAPES)

OPERATIONS: tuple[OperationSchema, ...] = tuple(
    value
    for name, value in sorted(vars(_schema).items())
    if name.startswith("OP_") and isinstance(value, OperationSchema)
)

STRUCTURE_SHAPES = tuple(s for s in _schema.SHAPES if s.type == "structure")
ENUM_SHAPES = tuple(s for s in _schema.SHAPES if s.enum is not None)
PATTERN_SHAPES = tuple(s for s in _schema.SHAPES if s.pattern is not None)


def input_shapes() -> list[Shape]:
    """Return every structure reachable from an operation input, each once."""
    found: dict[str, Shape] = {}
    pending = [op.input for op in OPERATIONS if op.input is not None]
    while pending:
        shape = pending.pop()
        if shape.name in found:
            continue
        found[shape.name] = shape
        pending.extend(
            nested for nested in _nested_shapes(shape) if nested.type == "structure"
        )
    return [found[name] for name in sorted(found)]


def input_leaf_shapes(kind: str) -> list[Shape]:
    """Return the non-structure shapes of ``kind`` that some operation input uses."""
    found: dict[str, Shape] = {}
    for structure in input_shapes():
        for shape in _nested_shapes(structure):
            if shape.type == kind:
                found[shape.name] = shape
    return [found[name] for name in sorted(found)]


def input_members() -> list[tuple[Shape, Member]]:
    """Return every (structure, member) pair of the structures an input reaches."""
    return [(shape, member) for shape in input_shapes() for member in shape.members]


def _nested_shapes(shape: Shape) -> Iterator[Shape]:
    """Yield the shapes of the members, list items, map keys and map values."""
    pending = [member.shape for member in shape.members]
    while pending:
        nested = pending.pop()
        yield nested
        pending.extend(s for s in (nested.member, nested.key, nested.value) if s)


def string_of_length(shape: Shape, length: int) -> str:
    """Return ``length`` characters: the shape's example, cut or padded with ``a``."""
    example = PATTERN_EXAMPLES.get(shape.name, "")
    return (example + "a" * length)[:length]


def valid_value(shape: Shape) -> Any:
    """Return a value that breaks no constraint of ``shape``.

    Structures get only their required members. Lists and maps get the smallest
    size they allow, or one entry if they allow it, so that their items are
    checked too.
    """
    kind = shape.type
    if kind == "structure":
        required = {m.attr: valid_value(m.shape) for m in shape.members if m.required}
        return shape.python_class(**required)
    if kind == "list":
        assert shape.member is not None
        return [valid_value(shape.member)] * _collection_size(shape)
    if kind == "map":
        assert shape.key is not None and shape.value is not None
        return distinct_entries(shape, _collection_size(shape))
    if kind == "string":
        return _valid_string(shape)
    if kind in ("integer", "long", "float", "double"):
        return 1 if shape.min is None else shape.min
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return TIMESTAMP
    if kind == "blob":
        return b"\x00data"
    raise AssertionError(f"no example value for shape {shape.name} of type {kind}")


def distinct_entries(shape: Shape, size: int) -> dict[str, Any]:
    """Return a map of ``size`` entries with distinct keys and valid values."""
    assert shape.key is not None and shape.value is not None
    return {f"key{index}": valid_value(shape.value) for index in range(size)}


def _collection_size(shape: Shape) -> int:
    size = max(int(shape.min or 0), 1)
    return size if shape.max is None else min(size, int(shape.max))


def _valid_string(shape: Shape) -> Any:
    if shape.enum is not None:
        return shape.python_class(sorted(shape.enum)[0])
    example = PATTERN_EXAMPLES.get(shape.name, "text")
    low = int(shape.min or 0)
    high = len(example) if shape.max is None else int(shape.max)
    return string_of_length(shape, min(max(len(example), low), high))
