"""Validation of request input against the model's constraints.

Every violation of one call is collected, each with the path of the value in Python
attribute names, such as ``participant_token_configurations[2].duration``. Patterns
follow Smithy's rule: they are not anchored, so a pattern matches anywhere in the
value unless it has its own ``^`` and ``$``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from .errors import ParamValidationError, Violation
from .models import HIDDEN
from .patterns import compile_pattern
from .schema import Shape

_INTEGER_TYPES = frozenset({"integer", "long"})
_FLOAT_TYPES = frozenset({"float", "double"})


def validate_input(operation: str, value: Any, shape: Shape) -> None:
    """Raise ParamValidationError listing every violation in ``value``."""
    violations: list[Violation] = []
    _check(value, shape, "", violations)
    if violations:
        raise ParamValidationError(operation, violations)


def collect_violations(value: Any, shape: Shape, path: str = "") -> list[Violation]:
    """Return every violation in ``value`` without raising."""
    violations: list[Violation] = []
    _check(value, shape, path, violations)
    return violations


def _check(value: Any, shape: Shape, path: str, out: list[Violation]) -> None:
    kind = shape.type
    if kind == "structure":
        _check_structure(value, shape, path, out)
    elif kind == "list":
        _check_list(value, shape, path, out)
    elif kind == "map":
        _check_map(value, shape, path, out)
    elif kind == "string":
        _check_string(value, shape, path, out)
    elif kind in _INTEGER_TYPES:
        if not isinstance(value, int) or isinstance(value, bool):
            _type_violation(value, "int", path, out)
        else:
            _check_range(value, shape, path, out)
    elif kind in _FLOAT_TYPES:
        if not isinstance(value, int | float) or isinstance(value, bool):
            _type_violation(value, "float", path, out)
        else:
            _check_range(value, shape, path, out)
    elif kind == "boolean":
        if not isinstance(value, bool):
            _type_violation(value, "bool", path, out)
    elif kind == "timestamp":
        if not isinstance(value, dt.datetime):
            _type_violation(value, "datetime", path, out)
    elif kind == "blob":
        if not isinstance(value, bytes | bytearray | str):
            _type_violation(value, "bytes", path, out)
        else:
            _check_length(len(value), shape, path, out)


def _type_violation(value: Any, expected: str, path: str, out: list[Violation]) -> None:
    out.append(
        Violation(_label(path), f"expected {expected}, got {type(value).__name__}")
    )


def _label(path: str) -> str:
    return path or "input"


def _check_structure(value: Any, shape: Shape, path: str, out: list[Violation]) -> None:
    cls = shape.python_class
    if cls is not None and not isinstance(value, cls):
        _type_violation(value, cls.__name__, path, out)
        return
    prefix = f"{path}." if path else ""
    set_members = 0
    for member in shape.members:
        member_value = getattr(value, member.attr)
        member_path = prefix + member.attr
        if member_value is None:
            if member.required and not member.idempotency_token:
                out.append(Violation(member_path, "missing required member"))
            continue
        set_members += 1
        if member.jsonvalue:
            _check_json_value(member_value, member_path, out)
        else:
            _check(member_value, member.shape, member_path, out)
    if shape.union and set_members != 1:
        out.append(
            Violation(
                _label(path),
                f"union must have exactly one member set, has {set_members}",
            )
        )


def _check_json_value(value: Any, path: str, out: list[Violation]) -> None:
    """Check a ``jsonvalue`` member, which takes any value that JSON can encode."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        out.append(Violation(path, f"cannot be encoded as JSON: {exc}"))


def _check_list(value: Any, shape: Shape, path: str, out: list[Violation]) -> None:
    if not isinstance(value, list | tuple):
        _type_violation(value, "list", path, out)
        return
    _check_size(len(value), shape, path, out)
    assert shape.member is not None
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        if item is None:
            if not shape.sparse:
                out.append(Violation(item_path, "None is not allowed in this list"))
            continue
        _check(item, shape.member, item_path, out)


def _check_map(value: Any, shape: Shape, path: str, out: list[Violation]) -> None:
    if not isinstance(value, Mapping):
        _type_violation(value, "dict", path, out)
        return
    _check_size(len(value), shape, path, out)
    assert shape.key is not None and shape.value is not None
    for key, item in value.items():
        item_path = f"{path}[{key!r}]"
        _check(key, shape.key, f"{path} key {key!r}", out)
        if item is None:
            if not shape.sparse:
                out.append(Violation(item_path, "None is not allowed in this map"))
            continue
        _check(item, shape.value, item_path, out)


def _check_string(value: Any, shape: Shape, path: str, out: list[Violation]) -> None:
    if not isinstance(value, str):
        _type_violation(value, "str", path, out)
        return
    if shape.enum is not None and value not in shape.enum:
        allowed = ", ".join(sorted(shape.enum))
        displayed = _displayed(value, shape)
        out.append(Violation(_label(path), f"{displayed} is not one of {allowed}"))
        return
    _check_length(len(value), shape, path, out)
    if (
        shape.pattern is not None
        and compile_pattern(shape.pattern).search(value) is None
    ):
        displayed = _displayed(value, shape)
        out.append(
            Violation(
                _label(path), f"{displayed} does not match pattern {shape.pattern}"
            )
        )


def _displayed(value: str, shape: Shape) -> str:
    """Return the value as an error message may show it, hidden when sensitive."""
    return HIDDEN if shape.sensitive else repr(value)


def _check_length(length: int, shape: Shape, path: str, out: list[Violation]) -> None:
    if shape.min is not None and length < shape.min:
        out.append(Violation(_label(path), f"length {length} < min {shape.min}"))
    if shape.max is not None and length > shape.max:
        out.append(Violation(_label(path), f"length {length} > max {shape.max}"))


def _check_size(size: int, shape: Shape, path: str, out: list[Violation]) -> None:
    if shape.min is not None and size < shape.min:
        out.append(Violation(_label(path), f"{size} items < min {shape.min}"))
    if shape.max is not None and size > shape.max:
        out.append(Violation(_label(path), f"{size} items > max {shape.max}"))


def _check_range(number: float, shape: Shape, path: str, out: list[Violation]) -> None:
    if shape.min is not None and number < shape.min:
        out.append(Violation(_label(path), f"{number} < min {shape.min}"))
    if shape.max is not None and number > shape.max:
        out.append(Violation(_label(path), f"{number} > max {shape.max}"))
