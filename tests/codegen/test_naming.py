"""Naming rules: snake_case as botocore, keywords, reserved names, collisions."""

from __future__ import annotations

import pytest

from codegen import naming


@pytest.mark.parametrize(
    ("model_name", "python_name"),
    [
        ("participantTokenConfigurations", "participant_token_configurations"),
        ("ListTagsForResource", "list_tags_for_resource"),
        ("arn", "arn"),
        ("activeSessionId", "active_session_id"),
        ("S3BucketName", "s3_bucket_name"),
        ("HTTPHeaders", "http_headers"),
    ],
)
def test_snake_case_matches_botocore(model_name: str, python_name: str) -> None:
    assert naming.snake_case(model_name) == python_name


def test_keyword_gets_trailing_underscore() -> None:
    assert naming.member_names(["from", "class", "None"]) == ["from_", "class_", "none"]


def test_reserved_attribute_gets_trailing_underscore() -> None:
    assert naming.member_names(["unknownFields"]) == ["unknown_fields_"]


def test_builtin_names_are_kept() -> None:
    assert naming.member_names(["type", "id"]) == ["type", "id"]


def test_colliding_members_get_numbered_suffix() -> None:
    names = naming.member_names(["fooBar", "FooBar", "foo_bar"])
    assert names == ["foo_bar", "foo_bar_2", "foo_bar_3"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["JOINED", "PUBLISH_ERROR"], ["JOINED", "PUBLISH_ERROR"]),
        (["us-east-1", "application/json"], ["US_EAST_1", "APPLICATION_JSON"]),
        (["1080p", ""], ["V_1080P", "V_"]),
        (["a", "A"], ["A", "A_2"]),
    ],
)
def test_enum_member_names(values: list[str], expected: list[str]) -> None:
    assert naming.enum_member_names(values) == expected


def test_invalid_class_name_is_rejected() -> None:
    with pytest.raises(ValueError, match="not a valid Python class name"):
        naming.class_name("class")
