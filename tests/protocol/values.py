"""Convert between the cases' plain data and the generated model instances.

The cases write values as botocore takes and returns them: structures as dicts
keyed by member name, timestamps as epoch seconds, blobs as text, special floats
as the strings ``NaN``, ``Infinity`` and ``-Infinity``. The conversions read the
generated schema of the suite, which is the table the runtime reads too.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from ivsrealtime_client.runtime.schema import Member, Shape
from ivsrealtime_client.runtime.timestamps import format_epoch, from_epoch

UNKNOWN_UNION_MEMBER = "SDK_UNKNOWN_MEMBER"
"""Key botocore puts in place of a union member that the model does not list."""

_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def to_model(value: Any, shape: Shape, member: Member | None = None) -> Any:
    """Convert a case's plain value of ``shape`` to what a caller passes."""
    if value is None or (member is not None and member.jsonvalue):
        return value
    kind = shape.type
    if kind == "structure":
        return _structure_to_model(value, shape)
    if kind == "list":
        assert shape.member is not None
        return [to_model(item, shape.member) for item in value]
    if kind == "map":
        assert shape.value is not None
        return {key: to_model(item, shape.value) for key, item in value.items()}
    if kind == "timestamp":
        return from_epoch(value)
    if kind == "blob":
        return value.encode("utf-8")
    if kind in ("float", "double"):
        return _SPECIAL_FLOATS[value] if isinstance(value, str) else float(value)
    if kind == "string" and shape.python_class is not None:
        return shape.python_class(value)
    return value


def _structure_to_model(value: Mapping[str, Any], shape: Shape) -> Any:
    members = {member.name: member for member in shape.members}
    unknown = sorted(set(value) - set(members))
    assert not unknown, f"case sets members {unknown} that {shape.name} lacks"
    arguments = {
        members[name].attr: to_model(item, members[name].shape, members[name])
        for name, item in value.items()
    }
    return shape.python_class(**arguments)


def to_plain(value: Any, shape: Shape, member: Member | None = None) -> Any:
    """Convert a parsed value of ``shape`` to the plain data a case expects."""
    if value is None or (member is not None and member.jsonvalue):
        return value
    kind = shape.type
    if kind == "structure":
        return structure_to_plain(value, shape)
    if kind == "list":
        assert shape.member is not None
        return [to_plain(item, shape.member) for item in value]
    if kind == "map":
        assert shape.value is not None
        return {key: to_plain(item, shape.value) for key, item in value.items()}
    if kind == "timestamp":
        assert isinstance(value, dt.datetime), f"{shape.name}: {value!r}"
        return format_epoch(value)
    if kind == "blob":
        assert isinstance(value, bytes), f"{shape.name}: {value!r}"
        return value.decode("utf-8")
    if kind in ("float", "double") and math.isnan(value):
        return "NaN"
    if kind in ("float", "double") and math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if kind == "string" and shape.python_class is not None:
        return value.value
    return value


def structure_to_plain(value: Any, shape: Shape) -> dict[str, Any]:
    """Convert a structure instance to a dict keyed by member name, unset left out.

    A union with no known member set but a member the model does not list is
    written as botocore writes it: ``{"SDK_UNKNOWN_MEMBER": {"name": <wire name>}}``.
    """
    plain = {
        member.name: to_plain(getattr(value, member.attr), member.shape, member)
        for member in shape.members
        if getattr(value, member.attr) is not None
    }
    if shape.union and not plain and value.unknown_fields:
        first = next(iter(value.unknown_fields))
        return {UNKNOWN_UNION_MEMBER: {"name": first}}
    return plain


def same_data(actual: Any, expected: Any) -> bool:
    """Compare plain data as JSON does: bools are not numbers, floats within 1e-9.

    Python's ``==`` takes ``True == 1`` and ``NaN != NaN``; neither suits a
    comparison of protocol values, so this walks both values instead.
    """
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        if isinstance(expected, float) and math.isnan(expected):
            return isinstance(actual, float) and math.isnan(actual)
        return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and actual.keys() == expected.keys()
            and all(same_data(actual[key], expected[key]) for key in expected)
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(same_data(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return type(actual) is type(expected) and actual == expected
