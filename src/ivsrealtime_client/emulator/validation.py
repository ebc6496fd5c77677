"""Validation of request parameters against the constraints in the service model.

Messages follow the format AWS services use for ValidationException, for example
``1 validation error detected: Value 'x y' at 'name' failed to satisfy
constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_]*$``.
Paths name list elements 1-based with a ``.member`` suffix, as AWS does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from .servicemodel import ServiceModel, Shape

# Patterns in the model that reject values the real service accepts, with the
# pattern the emulator applies instead. A correction applies only while the
# model still carries the wrong pattern, so a fixed model takes precedence.
PATTERN_CORRECTIONS: dict[tuple[str, str], str] = {
    # ResourceArn allows a one-letter resource type ("[a-z-]/"), but stage ARNs
    # have "stage/", and the real service accepts them in the tagging
    # operations.
    (
        "ResourceArn",
        "^arn:aws:[is]vs:[a-z0-9-]+:[0-9]+:[a-z-]/[a-zA-Z0-9-]+$",
    ): "^arn:aws:[is]vs:[a-z0-9-]+:[0-9]+:[a-z-]+/[a-zA-Z0-9-]+$",
}

_MAX_RENDERED_VALUE = 200


def validate_input(model: ServiceModel, shape_name: str, params: Any) -> list[str]:
    """Return one message per violated constraint of an operation's input.

    ``params`` is the input with members keyed by their model names, as parsed
    from the request. Members the model does not know are ignored, so that a
    newer client's extra fields do not fail the call.
    """
    validator = _Validator(model)
    validator.check_structure(model.shape(shape_name), params, "")
    return validator.violations


def validate_value(
    model: ServiceModel, shape_name: str, value: Any, path: str
) -> list[str]:
    """Return one message per constraint of a shape that a single value violates."""
    validator = _Validator(model)
    validator.check(shape_name, value, path)
    return validator.violations


def format_violations(violations: list[str]) -> str:
    """Join violations into the message of one ValidationException."""
    count = len(violations)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(violations)


@functools.cache
def compiled_pattern(shape_name: str, pattern: str) -> re.Pattern[str]:
    """Compile a model pattern with the semantics of a whole-string Java match."""
    corrected = PATTERN_CORRECTIONS.get((shape_name, pattern), pattern)
    # The model's patterns use Java syntax, where \s and character classes are
    # ASCII-only by default.
    return re.compile(corrected, re.ASCII)


def _render(value: Any, shape: Shape) -> str:
    if value is None:
        return "null"
    if shape.get("sensitive"):
        return "'*** sensitive value ***'"
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list):
        text = "[" + ", ".join(str(item) for item in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k}={v}" for k, v in value.items()) + "}"
    else:
        text = str(value)
    if len(text) > _MAX_RENDERED_VALUE:
        text = text[:_MAX_RENDERED_VALUE] + "..."
    return f"'{text}'"


def _has_type(kind: str, value: Any) -> bool:
    if kind == "string" or kind == "blob":
        return isinstance(value, str)
    if kind in ("integer", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in ("float", "double"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "timestamp":
        return isinstance(value, str | int | float) and not isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list)
    if kind in ("map", "structure"):
        return isinstance(value, Mapping)
    raise ValueError(f"unknown shape type {kind!r} in the service model")


class _Validator:
    def __init__(self, model: ServiceModel) -> None:
        self.model = model
        self.violations: list[str] = []

    def fail(self, value: Any, shape: Shape, path: str, constraint: str) -> None:
        self.violations.append(
            f"Value {_render(value, shape)} at '{path}' failed to satisfy "
            f"constraint: {constraint}"
        )

    def check(self, shape_name: str, value: Any, path: str) -> None:
        shape = self.model.shape(shape_name)
        kind = shape["type"]
        if not _has_type(kind, value):
            # NOTE: AWS services usually reject a wrong JSON type with a
            # SerializationException, which the model does not list; the
            # emulator reports it as a modeled ValidationException.
            self.fail(value, shape, path, f"Member must be of type {kind}")
            return
        if kind == "structure":
            self.check_structure(shape, value, path)
        elif kind == "list":
            self.check_list(shape, value, path)
        elif kind == "map":
            self.check_map(shape, value, path)
        elif kind == "string":
            for constraint in self.string_constraints(shape_name, shape, value):
                self.fail(value, shape, path, constraint)
        elif kind in ("integer", "long", "float", "double"):
            for constraint in self.range_constraints(shape, value):
                self.fail(value, shape, path, constraint)

    def check_structure(self, shape: Shape, value: Any, path: str) -> None:
        if not isinstance(value, Mapping):
            self.fail(value, shape, path or "input", "Member must be of type structure")
            return
        members: dict[str, Any] = shape.get("members", {})
        for name in shape.get("required", []):
            if value.get(name) is None:
                self.fail(None, {}, _join(path, name), "Member must not be null")
        for name, member in members.items():
            member_value = value.get(name)
            if member_value is not None:
                self.check(member["shape"], member_value, _join(path, name))

    def check_list(self, shape: Shape, value: list[Any], path: str) -> None:
        for constraint in self.length_constraints(shape, len(value)):
            self.fail(value, shape, path, constraint)
        member_shape = shape["member"]["shape"]
        for index, item in enumerate(value, start=1):
            item_path = f"{path}.{index}.member"
            if item is None:
                self.fail(None, {}, item_path, "Member must not be null")
            else:
                self.check(member_shape, item, item_path)

    def check_map(self, shape: Shape, value: Mapping[str, Any], path: str) -> None:
        for constraint in self.length_constraints(shape, len(value)):
            self.fail(value, shape, path, constraint)
        key_name = shape["key"]["shape"]
        value_name = shape["value"]["shape"]
        for key, item in value.items():
            key_problems = self.string_constraints(
                key_name, self.model.shape(key_name), key
            )
            if key_problems:
                self.fail(
                    value,
                    shape,
                    path,
                    "Map keys must satisfy constraint: ["
                    + ", ".join(key_problems)
                    + "]",
                )
            if item is None:
                self.fail(None, {}, f"{path}.{key}", "Member must not be null")
            else:
                self.check(value_name, item, f"{path}.{key}")

    def string_constraints(
        self, shape_name: str, shape: Shape, value: str
    ) -> list[str]:
        # Lengths count Unicode code points, as Smithy defines string length.
        problems = self.length_constraints(shape, len(value))
        pattern = shape.get("pattern")
        if pattern is not None and not compiled_pattern(shape_name, pattern).fullmatch(
            value
        ):
            corrected = PATTERN_CORRECTIONS.get((shape_name, pattern), pattern)
            problems.append(
                f"Member must satisfy regular expression pattern: {corrected}"
            )
        enum = shape.get("enum")
        if enum is not None and value not in enum:
            problems.append(
                "Member must satisfy enum value set: [" + ", ".join(enum) + "]"
            )
        return problems

    def length_constraints(self, shape: Shape, length: int) -> list[str]:
        problems = []
        if "min" in shape and length < shape["min"]:
            problems.append(
                f"Member must have length greater than or equal to {shape['min']}"
            )
        if "max" in shape and length > shape["max"]:
            problems.append(
                f"Member must have length less than or equal to {shape['max']}"
            )
        return problems

    def range_constraints(self, shape: Shape, value: float) -> list[str]:
        problems = []
        if "min" in shape and value < shape["min"]:
            problems.append(
                f"Member must have value greater than or equal to {shape['min']}"
            )
        if "max" in shape and value > shape["max"]:
            problems.append(
                f"Member must have value less than or equal to {shape['max']}"
            )
        return problems


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
