"""Every structure survives class -> JSON text -> class unchanged.

Instances come from a hypothesis strategy built from the ``Shape`` objects alone.
Strings keep within their length bounds and numbers within their range. Enum values
come from the enum, plus one value the model does not list. Lists and maps keep
within their size, timestamps are aware UTC datetimes with microseconds, and
structures nest up to a fixed depth.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ivsrealtime_client import _schema
from ivsrealtime_client.models import StageSession
from ivsrealtime_client.runtime.schema import Shape

from .model_examples import CONVERTER, STRUCTURE_SHAPES

MAX_DEPTH = 5
"""Nesting level beyond which optional members stay unset and lists keep min size."""

EXTRA_ITEMS = 3
"""Items a list or map may have beyond its minimum. The bounds have their own tests."""

EXTRA_CHARACTERS = 40
"""Characters a string may have beyond its minimum length."""

UNLISTED_ENUM_VALUE = "VALUE_FROM_A_NEWER_MODEL"

EARLIEST = dt.datetime(1, 1, 1)
LATEST = dt.datetime(9999, 12, 31, 23, 59, 59, 999999)

ROUND_TRIP_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def values(shape: Shape, depth: int = 0) -> st.SearchStrategy[Any]:
    """Return a strategy for Python values of ``shape`` within its constraints."""
    kind = shape.type
    if kind == "structure":
        return _structures(shape, depth)
    if kind in ("list", "map"):
        return _collections(shape, depth)
    if kind == "string":
        return _strings(shape)
    if kind in ("integer", "long"):
        return st.integers(min_value=_bound(shape.min), max_value=_bound(shape.max))
    if kind in ("float", "double"):
        return st.floats(
            min_value=shape.min, max_value=shape.max, allow_nan=False, width=64
        )
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return st.datetimes(
            min_value=EARLIEST, max_value=LATEST, timezones=st.just(dt.timezone.utc)
        )
    if kind == "blob":
        return st.binary(max_size=EXTRA_CHARACTERS)
    raise AssertionError(f"no strategy for shape {shape.name} of type {kind}")


def _bound(value: float | None) -> int | None:
    return None if value is None else int(value)


def _structures(shape: Shape, depth: int) -> st.SearchStrategy[Any]:
    members: dict[str, st.SearchStrategy[Any]] = {}
    for member in shape.members:
        if member.required:
            members[member.attr] = values(member.shape, depth + 1)
        elif depth < MAX_DEPTH:
            members[member.attr] = st.none() | values(member.shape, depth + 1)
        else:
            members[member.attr] = st.none()
    return st.builds(shape.python_class, **members)


def _collections(shape: Shape, depth: int) -> st.SearchStrategy[Any]:
    min_size = int(shape.min or 0)
    max_size = min_size if depth >= MAX_DEPTH else min_size + EXTRA_ITEMS
    if shape.max is not None:
        max_size = min(max_size, int(shape.max))
    if shape.type == "list":
        assert shape.member is not None
        item = values(shape.member, depth + 1)
        return st.lists(item, min_size=min_size, max_size=max_size)
    assert shape.key is not None and shape.value is not None
    return st.dictionaries(
        _strings(shape.key),
        values(shape.value, depth + 1),
        min_size=min_size,
        max_size=max_size,
    )


def _strings(shape: Shape) -> st.SearchStrategy[Any]:
    if shape.enum is not None:
        choices = [*sorted(shape.enum), UNLISTED_ENUM_VALUE]
        return st.sampled_from(choices).map(shape.python_class)
    min_size = int(shape.min or 0)
    max_size = min_size + EXTRA_CHARACTERS
    if shape.max is not None:
        max_size = min(max_size, int(shape.max))
    return st.text(min_size=min_size, max_size=max_size)


def _round_trip(value: Any, shape: Shape) -> Any:
    text = json.dumps(CONVERTER.to_json(value, shape))
    return CONVERTER.from_json(json.loads(text), shape)


def _type_tree(value: Any) -> Any:
    """Return the value with every leaf replaced by its type, to compare types."""
    if isinstance(value, list):
        return [_type_tree(item) for item in value]
    if isinstance(value, dict):
        return {key: _type_tree(item) for key, item in value.items()}
    if hasattr(value, "__attrs_attrs__"):
        fields = {
            field.name: _type_tree(getattr(value, field.name))
            for field in attrs.fields(type(value))
            if field.name != "unknown_fields"
        }
        return (type(value), fields)
    return type(value)


def _contains_null(document: Any) -> bool:
    if document is None:
        return True
    if isinstance(document, list):
        return any(_contains_null(item) for item in document)
    if isinstance(document, dict):
        return any(_contains_null(item) for item in document.values())
    return False


SHAPE_IDS = [shape.name for shape in STRUCTURE_SHAPES]


@pytest.mark.parametrize("shape", STRUCTURE_SHAPES, ids=SHAPE_IDS)
@ROUND_TRIP_SETTINGS
@given(data=st.data())
def test_structure_round_trip(shape: Shape, data: st.DataObject) -> None:
    instance = data.draw(values(shape))
    assert _round_trip(instance, shape) == instance


@pytest.mark.parametrize("shape", STRUCTURE_SHAPES, ids=SHAPE_IDS)
@ROUND_TRIP_SETTINGS
@given(data=st.data())
def test_round_trip_keeps_member_types(shape: Shape, data: st.DataObject) -> None:
    instance = data.draw(values(shape))
    assert _type_tree(_round_trip(instance, shape)) == _type_tree(instance)


@pytest.mark.parametrize("shape", STRUCTURE_SHAPES, ids=SHAPE_IDS)
@ROUND_TRIP_SETTINGS
@given(data=st.data())
def test_unset_members_not_in_json(shape: Shape, data: st.DataObject) -> None:
    instance = data.draw(values(shape))
    assert not _contains_null(CONVERTER.to_json(instance, shape))


def test_timestamp_before_year_1000_round_trip() -> None:
    start = dt.datetime(999, 12, 31, 23, 59, 59, 5, tzinfo=dt.timezone.utc)
    session = StageSession(start_time=start)
    assert _round_trip(session, _schema.S_StageSession) == session


def test_timestamp_keeps_microseconds() -> None:
    start = dt.datetime(2024, 5, 1, 12, 30, 15, 1, tzinfo=dt.timezone.utc)
    result = _round_trip(StageSession(start_time=start), _schema.S_StageSession)
    assert result.start_time.microsecond == 1


def test_timestamp_parsed_as_aware_utc() -> None:
    local = dt.timezone(dt.timedelta(hours=5, minutes=30))
    start = dt.datetime(2024, 5, 1, 18, 0, tzinfo=local)
    result = _round_trip(StageSession(start_time=start), _schema.S_StageSession)
    assert result.start_time.utcoffset() == dt.timedelta(0)
