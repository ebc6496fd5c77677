"""Hypothesis strategies derived from the generated ``Shape`` table.

``input_values`` builds request parameters that satisfy every constraint of the
model, so that validation passes and the serializers are compared on valid input.
``response_documents`` and ``error_responses`` build what a service could send:
they follow the output shapes' types but not the input constraints, because a
response is never rejected for breaking one.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import attrs
from hypothesis import strategies as st

from ivsrealtime_client.runtime.schema import Member, OperationSchema, Shape

from .patterns import TILE_AFTER, pattern_text

UNBOUNDED_TEXT = 64
"""Maximum length drawn for a string the model gives no maximum."""

UNBOUNDED_ITEMS = 5
"""Maximum size drawn for a list or map the model gives no maximum."""

RESERVED = ":/?#[]@!$&'()*+,;=% \"<>\\^`{|}"
"""Characters with a meaning in URIs, JSON or headers, drawn often in free text."""

# Surrogates are left out because they cannot be encoded as UTF-8.
FREE_CHARACTERS = st.one_of(
    st.characters(exclude_categories=["Cs"]), st.sampled_from(RESERVED)
)

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def sizes(low: int, high: int) -> st.SearchStrategy[int]:
    """Sizes in ``low..high``, with both ends drawn as often as the middle."""
    return st.one_of(st.just(low), st.just(high), st.integers(low, high))


def free_text(
    min_size: int = 0, max_size: int = UNBOUNDED_TEXT
) -> st.SearchStrategy[str]:
    """Unicode text with many reserved characters.

    Text longer than ``TILE_AFTER`` repeats a shorter drawn run.
    """

    @st.composite
    def build(draw: st.DrawFn) -> str:
        size = draw(sizes(min_size, max_size))
        if size <= TILE_AFTER:
            return draw(st.text(FREE_CHARACTERS, min_size=size, max_size=size))
        run = draw(st.text(FREE_CHARACTERS, min_size=1, max_size=TILE_AFTER))
        return (run * (size // len(run) + 1))[:size]

    return build()


def _bounds(shape: Shape, default_max: int) -> tuple[int, int]:
    low = int(shape.min) if shape.min is not None else 0
    high = int(shape.max) if shape.max is not None else max(low, default_max)
    return low, high


def _numeric_bounds(shape: Shape, limits: tuple[int, int]) -> tuple[int, int]:
    low = int(shape.min) if shape.min is not None else limits[0]
    high = int(shape.max) if shape.max is not None else limits[1]
    return low, high


# Requests: valid values within every constraint.


def input_values(shape: Shape) -> st.SearchStrategy[Any]:
    """Python values of ``shape`` that pass the model's validation."""
    kind = shape.type
    if kind == "structure":
        return _input_structure(shape)
    if kind == "list":
        assert shape.member is not None
        low, high = _bounds(shape, UNBOUNDED_ITEMS)
        item = input_values(shape.member)
        return sizes(low, high).flatmap(
            lambda n: st.lists(item, min_size=n, max_size=n)
        )
    if kind == "map":
        assert shape.key is not None and shape.value is not None
        low, high = _bounds(shape, UNBOUNDED_ITEMS)
        keys, values = input_values(shape.key), input_values(shape.value)
        return sizes(low, high).flatmap(
            lambda n: st.dictionaries(keys, values, min_size=n, max_size=n)
        )
    if kind == "string":
        return _input_string(shape)
    return _scalar_values(shape, constrained=True)


def _input_structure(shape: Shape) -> st.SearchStrategy[Any]:
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for member in shape.members:
        value = input_values(member.shape)
        # An unset idempotency token is filled with a random UUID on both sides,
        # so it is always set here to keep the two requests comparable.
        if member.required or member.idempotency_token:
            fields[member.attr] = value
        else:
            fields[member.attr] = st.none() | value
    return st.fixed_dictionaries(fields).map(lambda kw: shape.python_class(**kw))


def _input_string(shape: Shape) -> st.SearchStrategy[Any]:
    if shape.enum is not None:
        if shape.python_class is None:
            return st.sampled_from(sorted(shape.enum))
        return st.sampled_from([shape.python_class(v) for v in sorted(shape.enum)])
    low, high = _bounds(shape, UNBOUNDED_TEXT)
    if shape.pattern is not None:
        return pattern_text(shape.pattern, low, high)
    return free_text(low, high)


def _scalar_values(shape: Shape, *, constrained: bool) -> st.SearchStrategy[Any]:
    kind = shape.type
    if kind in ("integer", "long"):
        limits = _INT32 if kind == "integer" else _INT64
        if constrained:
            low, high = _numeric_bounds(shape, limits)
            return sizes(low, high)
        return st.integers(*limits)
    if kind == "boolean":
        return st.booleans()
    if kind in ("float", "double"):
        low_bound = shape.min if constrained else None
        high_bound = shape.max if constrained else None
        return st.floats(min_value=low_bound, max_value=high_bound, allow_nan=False)
    if kind == "timestamp":
        # Below 2**32 epoch seconds (year 2106) adjacent doubles are less than half
        # a microsecond apart, so epoch numbers round back to the exact microsecond.
        return st.datetimes(
            min_value=dt.datetime(1970, 1, 1),
            max_value=dt.datetime(2100, 1, 1),
            timezones=st.just(dt.timezone.utc),
        )
    if kind == "blob":
        low, high = _bounds(shape, UNBOUNDED_TEXT) if constrained else (0, 64)
        return st.binary(min_size=low, max_size=high)
    raise NotImplementedError(f"shape type {kind} of {shape.name} is not supported")


# Responses: JSON documents a service could send.


@attrs.frozen
class ResponseBody:
    """A generated success response: the body bytes and the document they encode."""

    document: dict[str, Any]
    body: bytes


def response_documents(shape: Shape) -> st.SearchStrategy[ResponseBody]:
    """JSON bodies of an output shape, with some members a newer service adds."""
    for member in shape.members:
        if member.location != "body":
            raise NotImplementedError(
                f"{shape.name}.{member.name} is bound to {member.location}; only "
                "JSON body members are generated"
            )
    unknown = st.dictionaries(
        st.sampled_from(["newerMember", "anotherNewMember"]),
        st.one_of(st.integers(), free_text(0, 8), st.lists(st.booleans(), max_size=2)),
        max_size=2,
    )
    return st.builds(
        _encode_document,
        _json_structure(shape, required_always=True),
        unknown,
        st.booleans(),
    )


def _encode_document(
    document: dict[str, Any], unknown: dict[str, Any], ascii_only: bool
) -> ResponseBody:
    full = {**document, **unknown}
    return ResponseBody(full, json.dumps(full, ensure_ascii=ascii_only).encode("utf-8"))


def _json_structure(shape: Shape, *, required_always: bool) -> st.SearchStrategy[Any]:
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for member in shape.members:
        value = json_values(member.shape, member)
        if member.required and required_always:
            required[member.wire_name] = value
        else:
            optional[member.wire_name] = value
    return st.fixed_dictionaries(required, optional=optional)


def json_values(shape: Shape, member: Member | None = None) -> st.SearchStrategy[Any]:
    """JSON values of ``shape`` as a service could send them."""
    kind = shape.type
    if kind == "structure":
        return _json_structure(shape, required_always=True)
    if kind == "list":
        assert shape.member is not None
        return st.lists(json_values(shape.member), max_size=UNBOUNDED_ITEMS)
    if kind == "map":
        assert shape.value is not None
        return st.dictionaries(
            free_text(0, 16), json_values(shape.value), max_size=UNBOUNDED_ITEMS
        )
    if kind == "string" and shape.enum is not None:
        # Values this model does not list are like those a newer service adds.
        unlisted = st.from_regex(r"[A-Z][A-Z_]{0,15}", fullmatch=True)
        return st.one_of(st.sampled_from(sorted(shape.enum)), unlisted)
    if kind == "string":
        return free_text()
    if kind == "timestamp":
        return _scalar_values(shape, constrained=False).flatmap(wire_timestamps)
    if kind == "blob":
        return st.binary(max_size=32).map(lambda b: base64.b64encode(b).decode())
    return _scalar_values(shape, constrained=False)


def wire_timestamps(value: dt.datetime) -> st.SearchStrategy[Any]:
    """Spellings of one instant that a service may send for a timestamp member.

    Most are ISO 8601 text with ``T`` or a space between date and time and a
    fraction of zero to nine digits. The zone is ``Z``, ``z``, ``+00:00``, another
    offset with or without its colon, or missing. The rest are epoch seconds.
    """
    iso = st.builds(
        _iso_text,
        st.just(value),
        st.sampled_from(["T", " "]),
        st.integers(0, 9),
        st.sampled_from(["Z", "z", "+00:00", "+05:30", "-08:00", "+0530", ""]),
    )
    return st.one_of(iso, st.just(_epoch_number(value)))


def _iso_text(value: dt.datetime, separator: str, digits: int, zone: str) -> str:
    offset = dt.timedelta(0)
    if zone and zone[0] in "+-":
        hours, minutes = int(zone[1:3]), int(zone[-2:])
        offset = dt.timedelta(hours=hours, minutes=minutes)
        offset = -offset if zone[0] == "-" else offset
    local = value.astimezone(dt.timezone(offset))
    text = local.strftime(f"%Y-%m-%d{separator}%H:%M:%S")
    if digits:
        # Digits past the sixth are zeros, so no parser has to round.
        text += "." + f"{local.microsecond:06d}000"[:digits]
    return text + zone


def _epoch_number(value: dt.datetime) -> int | float:
    delta = value - _EPOCH
    if delta.microseconds:
        return delta.total_seconds()
    return delta.days * 86400 + delta.seconds


# Errors.


@attrs.frozen
class ErrorResponse:
    """A generated error response and how its code was sent."""

    status: int
    headers: dict[str, str]
    body: bytes
    shape_name: str | None
    """Name of the modeled error sent, or None for a code the model lacks."""


UNMODELED_CODES = ("ThrottlingException", "ServiceUnavailableException")


def error_code_spellings(code: str) -> st.SearchStrategy[str]:
    """Ways an ``x-amzn-ErrorType`` header or a body member spells a code."""
    return st.sampled_from(
        [
            code,
            f"aws.ivs#{code}",
            f"{code}:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            f"com.amazonaws.ivsrealtime#{code}:http://internal.example/doc",
            f"{code},aws.ivs#{code}",
        ]
    )


def error_responses(operation: OperationSchema) -> st.SearchStrategy[ErrorResponse]:
    """Error responses of one operation: modeled errors and unknown codes.

    The code is sent in the header, in ``__type``, in ``code`` or not at all. At
    most one body member contains it, because botocore and this client rank
    ``__type`` and ``code`` differently. A separate test sends both.
    """
    modeled = st.sampled_from(operation.errors).map(
        lambda shape: (
            shape.error_code or shape.name,
            shape.error_status or 400,
            shape.name,
        )
    )
    unmodeled = st.tuples(
        st.sampled_from(UNMODELED_CODES), st.sampled_from([400, 429, 503]), st.none()
    )
    return st.one_of(modeled, unmodeled).flatmap(
        lambda picked: _error_response(*picked)
    )


def _error_response(
    code: str, status: int, shape_name: str | None
) -> st.SearchStrategy[ErrorResponse]:
    @st.composite
    def build(draw: st.DrawFn) -> ErrorResponse:
        headers: dict[str, str] = {}
        where = draw(st.sampled_from(["header", "__type", "code", "nowhere"]))
        if where == "header":
            headers["x-amzn-errortype"] = draw(error_code_spellings(code))
        if draw(st.booleans()):
            headers["x-amzn-requestid"] = draw(st.uuids()).hex
        if draw(st.integers(0, 4)) == 0:
            return ErrorResponse(status, headers, b"", shape_name)

        body: dict[str, Any] = {}
        if where == "__type":
            body["__type"] = draw(error_code_spellings(code))
        elif where == "code":
            body["code"] = draw(error_code_spellings(code))
        for key in draw(
            st.sets(st.sampled_from(["exceptionMessage", "message", "Message"]))
        ):
            body[key] = draw(free_text(1, 40))
        ascii_only = draw(st.booleans())
        return ErrorResponse(
            status,
            headers,
            json.dumps(body, ensure_ascii=ascii_only).encode(),
            shape_name,
        )

    return build()
