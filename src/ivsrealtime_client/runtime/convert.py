"""cattrs converter between generated model classes and JSON documents.

Hooks are built from the declarative ``Shape`` table, not written per class:
``make_dict_structure_fn`` and ``make_dict_unstructure_fn`` generate the per-class
functions, and each attribute gets a hook for its shape (timestamp format, base64
blobs, special floats, enums, nested lists and maps).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from typing import Any

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .errors import ResponseParseError
from .schema import Member, Shape
from .timestamps import format_timestamp, parse_timestamp

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]

BODY_TIMESTAMP_FORMAT = "unixTimestamp"
"""Default ``timestampFormat`` of JSON bodies in the rest-json protocol."""

_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


class ShapeConverter:
    """Converts model instances to JSON-ready values and back, for one service."""

    def __init__(self, shapes: Iterable[Shape]) -> None:
        # Without detailed validation, cattrs lets the hooks' ResponseParseError
        # through instead of wrapping it in its own ClassValidationError.
        self.converter = cattrs.Converter(detailed_validation=False)
        for shape in shapes:
            if shape.type == "structure" and shape.python_class is not None:
                self._register(shape)

    def _register(self, shape: Shape) -> None:
        cls = shape.python_class
        wire_names = frozenset(member.wire_name for member in shape.members)
        required = tuple(m.wire_name for m in shape.members if m.required)
        structure_overrides: dict[str, Any] = {
            member.attr: override(
                rename=member.wire_name,
                struct_hook=_ignore_type(self.decoder(member.shape, member)),
            )
            for member in shape.members
        }
        unstructure_overrides: dict[str, Any] = {
            member.attr: override(
                rename=member.wire_name,
                unstruct_hook=self.encoder(member.shape, member),
            )
            for member in shape.members
        }
        generated_structure = make_dict_structure_fn(
            cls, self.converter, _cattrs_forbid_extra_keys=False, **structure_overrides
        )
        generated_unstructure = make_dict_unstructure_fn(
            cls,
            self.converter,
            _cattrs_omit_if_default=True,
            unknown_fields=override(omit=True),
            **unstructure_overrides,
        )

        def structure(data: Any, _: Any) -> Any:
            if not isinstance(data, dict):
                kind = type(data).__name__
                raise ResponseParseError(
                    f"expected a JSON object for {shape.name}, got {kind}"
                )
            if shape.union and "__type" in data:
                # Some services name the union's type in "__type"; it is no member.
                data = {k: v for k, v in data.items() if k != "__type"}
            missing = [key for key in required if key not in data]
            if missing:
                # A missing required member never fails a response. The
                # attribute is set to None, which its annotation does not allow.
                data = {**data, **dict.fromkeys(missing)}
            instance = generated_structure(data, cls)
            keep_unknown_fields(instance, data, wire_names)
            return instance

        self.converter.register_structure_hook(cls, structure)
        self.converter.register_unstructure_hook(cls, generated_unstructure)

    def to_json(self, value: Any, shape: Shape) -> Any:
        """Convert a value of ``shape`` to a JSON-ready value."""
        return self.encoder(shape, None)(value)

    def from_json(self, value: Any, shape: Shape) -> Any:
        """Convert a decoded JSON value of ``shape`` to its Python type."""
        return self.decoder(shape, None)(value)

    def encoder(self, shape: Shape, member: Member | None) -> Encoder:
        """Return a function that turns a Python value of ``shape`` into JSON."""
        kind = shape.type
        if kind == "structure":
            unstructure = self.converter.unstructure
            cls = shape.python_class
            return lambda value: unstructure(value, cls)
        if kind == "list":
            assert shape.member is not None
            item = _optional(self.encoder(shape.member, None))
            return lambda value: [item(v) for v in value]
        if kind == "map":
            assert shape.value is not None
            map_value = _optional(self.encoder(shape.value, None))
            return lambda value: {str(k): map_value(v) for k, v in value.items()}
        if kind == "timestamp":
            fmt = _timestamp_format(shape, member, BODY_TIMESTAMP_FORMAT)
            return lambda value: format_timestamp(value, fmt)
        if kind == "blob":
            return encode_blob
        if kind in ("float", "double"):
            return encode_float
        if kind == "string" and shape.enum is not None:
            return lambda value: value.value if hasattr(value, "value") else value
        return _identity

    def decoder(self, shape: Shape, member: Member | None) -> Decoder:
        """Return a function that turns a JSON value of ``shape`` into Python."""
        kind = shape.type
        decode: Decoder
        if kind == "structure":
            structure = self.converter.structure
            cls = shape.python_class
            decode = lambda value: structure(value, cls)  # noqa: E731
        elif kind == "list":
            assert shape.member is not None
            item = _optional(self.decoder(shape.member, None))
            decode = lambda value: [item(v) for v in _expect(value, list, shape)]  # noqa: E731
        elif kind == "map":
            assert shape.value is not None
            map_value = _optional(self.decoder(shape.value, None))
            # A map that is not sparse drops null values instead of keeping None,
            # which its type does not allow. botocore keeps them.
            keep_nulls = shape.sparse
            decode = lambda value: {  # noqa: E731
                k: map_value(v)
                for k, v in _expect(value, dict, shape).items()
                if v is not None or keep_nulls
            }
        elif kind == "timestamp":
            decode = _decode_timestamp
        elif kind == "blob":
            decode = decode_blob
        elif kind in ("float", "double"):
            decode = decode_float
        elif kind == "string" and shape.python_class is not None:
            enum_class = shape.python_class
            decode = lambda value: enum_class(_expect(value, str, shape))  # noqa: E731
        elif kind in _SCALAR_JSON_TYPES:
            # A value of the wrong JSON type would break the attribute's
            # annotation, so it fails the response instead of passing through.
            json_type = _SCALAR_JSON_TYPES[kind]
            decode = lambda value: _expect_scalar(value, json_type, shape)  # noqa: E731
        else:
            decode = _identity
        return _optional(decode)


def keep_unknown_fields(
    instance: Any, document: dict[str, Any], known: AbstractSet[str]
) -> None:
    """Store on ``instance`` the members of ``document`` that ``known`` lacks."""
    if document.keys() <= known:
        return
    instance.unknown_fields = {k: v for k, v in document.items() if k not in known}


def _ignore_type(function: Decoder) -> Callable[[Any, Any], Any]:
    return lambda value, _: function(value)


def _optional(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else function(value)


def _identity(value: Any) -> Any:
    return value


_SCALAR_JSON_TYPES: dict[str, type] = {
    "string": str,
    "integer": int,
    "long": int,
    "boolean": bool,
}


def _expect_scalar(value: Any, kind: type, shape: Shape) -> Any:
    # bool is an int in Python, but true is not a JSON number.
    if kind is int and isinstance(value, bool):
        raise ResponseParseError(f"expected a JSON number for {shape.name}, got bool")
    return _expect(value, kind, shape)


def _expect(value: Any, kind: type, shape: Shape) -> Any:
    if not isinstance(value, kind):
        raise ResponseParseError(
            f"expected a JSON {kind.__name__} for {shape.name}, "
            f"got {type(value).__name__}"
        )
    return value


def _timestamp_format(shape: Shape, member: Member | None, default: str) -> str:
    if member is not None and member.timestamp_format:
        return member.timestamp_format
    return shape.timestamp_format or default


def _decode_timestamp(value: Any) -> dt.datetime:
    try:
        return parse_timestamp(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ResponseParseError(f"invalid timestamp {value!r:.60}: {exc}") from exc


def encode_blob(value: bytes | bytearray | str) -> str:
    """Base64-encode a blob; text is encoded as UTF-8 first."""
    if isinstance(value, str):
        value = value.encode("utf-8")
    return base64.b64encode(value).decode("ascii")


def decode_blob(value: Any) -> bytes:
    """Decode a base64 blob, raising ResponseParseError on bad input."""
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, TypeError, ValueError) as exc:
        raise ResponseParseError(f"invalid base64 blob {value!r:.60}") from exc


def encode_float(value: float) -> float | str:
    """Encode NaN and infinities as the strings the JSON protocols use."""
    if isinstance(value, float) and not math.isfinite(value):
        if math.isnan(value):
            return "NaN"
        return "Infinity" if value > 0 else "-Infinity"
    return value


def decode_float(value: Any) -> float:
    """Decode a JSON number or one of the strings NaN, Infinity, -Infinity."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ResponseParseError(f"expected a JSON number, got {type(value).__name__}")
    if isinstance(value, str):
        if value in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value]
        raise ResponseParseError(f"invalid float {value!r}")
    try:
        return float(value)
    except OverflowError:
        raise ResponseParseError(f"number too large for a float: {value:.60}") from None
