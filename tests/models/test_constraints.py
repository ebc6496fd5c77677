"""Validation of every constraint kind of the model at its exact bounds.

Bounds, enums, patterns and required members come from the schema objects, so each
parametrized case names the shape it checks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ivsrealtime_client import _schema
from ivsrealtime_client.models import (
    CreateParticipantTokenRequest,
    CreateStageRequest,
    ParticipantTokenCapability,
    ParticipantTokenConfiguration,
)
from ivsrealtime_client.runtime.errors import ParamValidationError, Violation
from ivsrealtime_client.runtime.schema import Member, Shape
from ivsrealtime_client.runtime.validate import collect_violations, validate_input

from .model_examples import (
    ENUM_SHAPES,
    OPERATIONS,
    PATTERN_EXAMPLES,
    PATTERN_SHAPES,
    STAGE_ARN,
    distinct_entries,
    input_leaf_shapes,
    input_members,
    input_shapes,
    string_of_length,
    valid_value,
)

PATH = "value"


def _shape_id(shape: Shape) -> str:
    return shape.name


def _bounded(kind: str) -> list[Shape]:
    types = {"number": ("integer", "long", "float", "double")}.get(kind, (kind,))
    return [
        shape
        for shape in _schema.SHAPES
        if shape.type in types and (shape.min is not None or shape.max is not None)
    ]


def _bound_cases(kind: str, template: str) -> list[Any]:
    """Return (shape, size, expected message or None) at and beyond each bound.

    ``size`` is a length, a number or an item count, as the kind has it, and
    ``template`` formats the message of a violation from ``size``, ``sign``,
    ``bound_name`` and ``bound``.
    """
    cases = []
    for shape in _bounded(kind):
        for bound_name, sign, step in (("min", "<", -1), ("max", ">", 1)):
            bound = getattr(shape, bound_name)
            if bound is None:
                continue
            bound = int(bound)
            outside = bound + step
            message = template.format(
                size=outside, sign=sign, bound_name=bound_name, bound=bound
            )
            for size, expected in ((bound, None), (outside, message)):
                if size < 0:
                    continue
                case_id = f"{shape.name}-{bound_name}-{size}"
                cases.append(pytest.param(shape, size, expected, id=case_id))
    return cases


def test_every_constraint_kind_is_in_model() -> None:
    kinds = {
        "string length": bool(_bounded("string")),
        "numeric range": bool(_bounded("number")),
        "list size": bool(_bounded("list")),
        "map size": bool(_bounded("map")),
        "enum": bool(ENUM_SHAPES),
        "pattern": bool(PATTERN_SHAPES),
        "required": any(member.required for _, member in input_members()),
    }
    assert [kind for kind, present in kinds.items() if not present] == []


# Required members.


@pytest.mark.parametrize(
    "shape",
    [s for s in input_shapes() if any(m.required for m in s.members)],
    ids=_shape_id,
)
def test_required_members_all_missing(shape: Shape) -> None:
    required = [m.attr for m in shape.members if m.required]
    value = shape.python_class(**dict.fromkeys(required))
    expected = [Violation(attr, "missing required member") for attr in required]
    assert collect_violations(value, shape) == expected


@pytest.mark.parametrize(
    "operation",
    [op for op in OPERATIONS if op.input is not None],
    ids=lambda op: op.name,
)
def test_minimal_valid_input_passes(operation: Any) -> None:
    shape = operation.input
    assert collect_violations(valid_value(shape), shape) == []


@pytest.mark.parametrize("shape", input_shapes(), ids=_shape_id)
def test_every_member_set_and_valid_passes(shape: Shape) -> None:
    value = shape.python_class(**{m.attr: valid_value(m.shape) for m in shape.members})
    assert collect_violations(value, shape) == []


# Types.

_WRONG_VALUES: dict[str, tuple[Any, str]] = {
    "string": (123, "expected str, got int"),
    "integer": ("5", "expected int, got str"),
    "long": ("5", "expected int, got str"),
    "float": ("1.5", "expected float, got str"),
    "double": ("1.5", "expected float, got str"),
    "boolean": ("true", "expected bool, got str"),
    "timestamp": ("2024-05-01T12:00:00Z", "expected datetime, got str"),
    "blob": (12, "expected bytes, got int"),
    "list": ("PUBLISH", "expected list, got str"),
    "map": ([("key", "value")], "expected dict, got list"),
    "structure": ({}, "expected {class_name}, got dict"),
}


@pytest.mark.parametrize(
    ("shape", "member"),
    input_members(),
    ids=[f"{shape.name}.{member.attr}" for shape, member in input_members()],
)
def test_member_of_wrong_type_rejected(shape: Shape, member: Member) -> None:
    wrong, message = _WRONG_VALUES[member.shape.type]
    if member.shape.python_class is not None:
        message = message.format(class_name=member.shape.python_class.__name__)
    value = valid_value(shape)
    setattr(value, member.attr, wrong)
    assert collect_violations(value, shape) == [Violation(member.attr, message)]


@pytest.mark.parametrize("shape", _bounded("number"), ids=_shape_id)
def test_bool_for_integer_rejected(shape: Shape) -> None:
    assert collect_violations(True, shape, PATH) == [
        Violation(PATH, "expected int, got bool")
    ]


@pytest.mark.parametrize(
    "shape", [s for s in _schema.SHAPES if s.type == "timestamp"], ids=_shape_id
)
def test_aware_datetime_accepted(shape: Shape) -> None:
    value = dt.datetime(2024, 5, 1, tzinfo=dt.timezone(dt.timedelta(hours=-7)))
    assert collect_violations(value, shape, PATH) == []


# Enum membership.


def _enum_values() -> list[Any]:
    return [
        pytest.param(shape, value, id=f"{shape.name}-{value}")
        for shape in ENUM_SHAPES
        for value in sorted(shape.enum or ())
    ]


@pytest.mark.parametrize(("shape", "value"), _enum_values())
def test_enum_member_accepted(shape: Shape, value: str) -> None:
    assert collect_violations(shape.python_class(value), shape, PATH) == []


@pytest.mark.parametrize(("shape", "value"), _enum_values())
def test_enum_value_as_str_accepted(shape: Shape, value: str) -> None:
    assert collect_violations(value, shape, PATH) == []


@pytest.mark.parametrize("shape", ENUM_SHAPES, ids=_shape_id)
def test_enum_unknown_str_rejected(shape: Shape) -> None:
    allowed = ", ".join(sorted(shape.enum or ()))
    expected = Violation(PATH, f"'NOT_LISTED' is not one of {allowed}")
    assert collect_violations("NOT_LISTED", shape, PATH) == [expected]


@pytest.mark.parametrize("shape", ENUM_SHAPES, ids=_shape_id)
def test_enum_pseudo_member_rejected(shape: Shape) -> None:
    pseudo = shape.python_class("FUTURE_VALUE")
    violations = collect_violations(pseudo, shape, PATH)
    assert [v.path for v in violations] == [PATH]


@pytest.mark.parametrize(("shape", "value"), _enum_values())
def test_enum_value_in_lower_case_rejected(shape: Shape, value: str) -> None:
    violations = collect_violations(value.lower(), shape, PATH)
    assert [v.path for v in violations] == [PATH]


# String length.


_LENGTH = "length {size} {sign} {bound_name} {bound}"
_RANGE = "{size} {sign} {bound_name} {bound}"
_SIZE = "{size} items {sign} {bound_name} {bound}"


def _violations_expected(message: str | None) -> list[Violation]:
    return [] if message is None else [Violation(PATH, message)]


@pytest.mark.parametrize(
    ("shape", "length", "expected"), _bound_cases("string", _LENGTH)
)
def test_string_length_bound(shape: Shape, length: int, expected: str | None) -> None:
    violations = collect_violations(string_of_length(shape, length), shape, PATH)
    # A patterned string cut below its example's length may also break the
    # pattern, so only length violations count here. Patterns have their own tests.
    length_violations = [v for v in violations if v.message.startswith("length ")]
    assert length_violations == _violations_expected(expected)


@pytest.mark.parametrize("shape", _bounded("string"), ids=_shape_id)
def test_string_at_max_length_passes_every_check(shape: Shape) -> None:
    assert shape.max is not None
    value = string_of_length(shape, int(shape.max))
    assert collect_violations(value, shape, PATH) == []


def test_string_length_counts_code_points() -> None:
    # 128 emoji are 128 code points but 256 UTF-16 units and 512 UTF-8 bytes.
    tag_key = "\N{VIDEO CAMERA}" * 128
    assert collect_violations(tag_key, _schema.S_TagKey, PATH) == []


# Numeric range.


@pytest.mark.parametrize(
    ("shape", "number", "expected"), _bound_cases("number", _RANGE)
)
def test_numeric_range_bound(shape: Shape, number: int, expected: str | None) -> None:
    assert collect_violations(number, shape, PATH) == _violations_expected(expected)


@pytest.mark.parametrize("shape", _bounded("number"), ids=_shape_id)
def test_negative_number_rejected(shape: Shape) -> None:
    violations = collect_violations(-1, shape, PATH)
    assert [v.path for v in violations] == [PATH]


# List and map size.


@pytest.mark.parametrize(("shape", "size", "expected"), _bound_cases("list", _SIZE))
def test_list_size_bound(shape: Shape, size: int, expected: str | None) -> None:
    assert shape.member is not None
    value = [valid_value(shape.member)] * size
    assert collect_violations(value, shape, PATH) == _violations_expected(expected)


@pytest.mark.parametrize(("shape", "size", "expected"), _bound_cases("map", _SIZE))
def test_map_size_bound(shape: Shape, size: int, expected: str | None) -> None:
    value = distinct_entries(shape, size)
    assert collect_violations(value, shape, PATH) == _violations_expected(expected)


def _beyond_bound(shape: Shape, bound_name: str) -> Any:
    """Return a value one step beyond the shape's ``min`` or ``max``."""
    bound = getattr(shape, bound_name)
    size = int(bound) + (1 if bound_name == "max" else -1)
    if shape.type == "string":
        return string_of_length(shape, size)
    if shape.type == "list":
        assert shape.member is not None
        return [valid_value(shape.member)] * size
    if shape.type == "map":
        return distinct_entries(shape, size)
    return size


def _bounded_members() -> list[Any]:
    return [
        pytest.param(
            shape, member, bound_name, id=f"{shape.name}.{member.attr}-{bound_name}"
        )
        for shape, member in input_members()
        for bound_name in ("min", "max")
        if getattr(member.shape, bound_name)
    ]


@pytest.mark.parametrize(("shape", "member", "bound_name"), _bounded_members())
def test_member_beyond_bound_reported_at_its_path(
    shape: Shape, member: Member, bound_name: str
) -> None:
    value = valid_value(shape)
    setattr(value, member.attr, _beyond_bound(member.shape, bound_name))
    violations = collect_violations(value, shape)
    # A patterned string cut below its minimum also breaks the pattern, at the
    # same path.
    assert {v.path for v in violations} == {member.attr}


@pytest.mark.parametrize("shape", input_leaf_shapes("list"), ids=_shape_id)
def test_none_item_in_list_rejected(shape: Shape) -> None:
    assert shape.member is not None
    value = [valid_value(shape.member), None]
    expected = Violation(f"{PATH}[1]", "None is not allowed in this list")
    assert collect_violations(value, shape, PATH) == [expected]


@pytest.mark.parametrize("shape", input_leaf_shapes("map"), ids=_shape_id)
def test_none_value_in_map_rejected(shape: Shape) -> None:
    expected = Violation(f"{PATH}['key']", "None is not allowed in this map")
    assert collect_violations({"key": None}, shape, PATH) == [expected]


# Pattern.


@pytest.mark.parametrize("shape", PATTERN_SHAPES, ids=_shape_id)
def test_pattern_example_accepted(shape: Shape) -> None:
    assert collect_violations(PATTERN_EXAMPLES[shape.name], shape, PATH) == []


@pytest.mark.parametrize("shape", PATTERN_SHAPES, ids=_shape_id)
def test_pattern_example_with_bad_character_rejected(shape: Shape) -> None:
    value = PATTERN_EXAMPLES[shape.name][:-1] + "!"
    expected = Violation(PATH, f"{value!r} does not match pattern {shape.pattern}")
    assert collect_violations(value, shape, PATH) == [expected]


_INVALID_PATTERN_VALUES = [
    ("StageArn", "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh"),
    ("StageArn", "arn:aws:ivs:us-west-2:123456789012:stage/"),
    ("StageArn", "arn:aws:ivs:us-west-2:123456789012:stage/abcd_ABCD"),
    ("StageArn", "arn:aws:ivs:US-WEST-2:123456789012:stage/abcdABCDefgh"),
    ("StageArn", "stage/abcdABCDefgh"),
    ("StageArn", " " + STAGE_ARN),
    ("ResourceArn", "arn:aws:s3:::my-bucket/key"),
    ("ResourceArn", "arn:aws:ivs:us-west-2:123456789012:stage"),
    ("ResourceArn", "arn:aws:ivs:us-west-2:account:stage/abcdABCDefgh"),
    ("StageName", "team standup"),
    ("StageName", "team.standup"),
    ("StageName", "caf\N{LATIN SMALL LETTER E WITH ACUTE}"),
    ("StageSessionId", "ss-a1B2c3D4e5F6g"),
    ("StageSessionId", "st-a1B2c3D4e5F6_"),
    ("PaginationToken", "AQICAHh%2BZk9%2F"),
    ("PaginationToken", "next page"),
    ("ParticipantClientAttribute", "Chrome/120.0"),
]


@pytest.mark.parametrize(
    ("shape_name", "value"),
    _INVALID_PATTERN_VALUES,
    ids=[v for _, v in _INVALID_PATTERN_VALUES],
)
def test_pattern_rejects_value(shape_name: str, value: str) -> None:
    shape = getattr(_schema, f"S_{shape_name}")
    violations = collect_violations(value, shape, PATH)
    assert (
        Violation(PATH, f"{value!r} does not match pattern {shape.pattern}")
        in violations
    )


@pytest.mark.parametrize("shape_name", ["StageArn", "StageName", "PaginationToken"])
def test_pattern_rejects_trailing_newline(shape_name: str) -> None:
    shape = getattr(_schema, f"S_{shape_name}")
    value = PATTERN_EXAMPLES[shape_name] + "\n"
    violations = collect_violations(value, shape, PATH)
    assert any("does not match pattern" in v.message for v in violations)


# Several problems in one call.


def _request_with_problems() -> CreateStageRequest:
    too_many = [ParticipantTokenCapability.PUBLISH] * 3
    configurations = [
        ParticipantTokenConfiguration(duration=20160, user_id="viewer-1"),
        ParticipantTokenConfiguration(capabilities=too_many),
        ParticipantTokenConfiguration(duration=20161, user_id="u" * 129),
    ]
    return CreateStageRequest(
        name="team standup",
        participant_token_configurations=configurations,
        tags={"": "ok", "team": "v" * 257},
    )


def test_every_problem_reported_with_path() -> None:
    violations = collect_violations(
        _request_with_problems(), _schema.S_CreateStageRequest
    )
    assert [str(v) for v in violations] == [
        "name: 'team standup' does not match pattern ^[a-zA-Z0-9-_]*$",
        "participant_token_configurations[1].capabilities: 3 items > max 2",
        "participant_token_configurations[2].duration: 20161 > max 20160",
        "participant_token_configurations[2].user_id: length 129 > max 128",
        "tags key '': length 0 < min 1",
        "tags['team']: length 257 > max 256",
    ]


def test_validate_input_raises_with_every_violation() -> None:
    request = _request_with_problems()
    with pytest.raises(ParamValidationError) as caught:
        validate_input("CreateStage", request, _schema.S_CreateStageRequest)
    expected = collect_violations(request, _schema.S_CreateStageRequest)
    assert caught.value.violations == tuple(expected)


def test_validation_error_message_lists_every_path() -> None:
    request = _request_with_problems()
    with pytest.raises(ParamValidationError) as caught:
        validate_input("CreateStage", request, _schema.S_CreateStageRequest)
    paths = [v.path for v in caught.value.violations]
    assert [p for p in paths if p not in str(caught.value)] == []


def test_missing_and_invalid_members_reported_together() -> None:
    request = CreateParticipantTokenRequest(
        stage_arn=None,  # type: ignore[arg-type]
        duration=0,
        capabilities=[ParticipantTokenCapability("ADMIN")],
    )
    violations = collect_violations(request, _schema.S_CreateParticipantTokenRequest)
    assert [v.path for v in violations] == [
        "capabilities[0]",
        "duration",
        "stage_arn",
    ]


def test_validation_leaves_input_unchanged() -> None:
    request = _request_with_problems()
    before = repr(request)
    collect_violations(request, _schema.S_CreateStageRequest)
    assert repr(request) == before
