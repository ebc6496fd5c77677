"""Validation before sending: every violation is listed and nothing is sent."""

from __future__ import annotations

from typing import Any, cast

import pytest

from ivsrealtime_client import Config, IVSRealTimeClient
from ivsrealtime_client.emulator import Emulator
from ivsrealtime_client.errors import ParamValidationError, SDKError, Violation
from ivsrealtime_client.models import (
    ParticipantState,
    ParticipantTokenCapability,
    ParticipantTokenConfiguration,
)

from .support import RecordingTransport, new_client

VALID_ARN = "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCD1234"


def violation_paths(error: ParamValidationError) -> list[str]:
    return [violation.path for violation in error.violations]


def test_create_stage_lists_every_violation(
    recorded_client: IVSRealTimeClient,
    transport: RecordingTransport,
    ivsrealtime_client: IVSRealTimeClient,
) -> None:
    with pytest.raises(ParamValidationError) as raised:
        recorded_client.create_stage(
            name="no spaces allowed",
            participant_token_configurations=[
                ParticipantTokenConfiguration(user_id="fine", duration=60),
                ParticipantTokenConfiguration(
                    duration=0,
                    capabilities=[ParticipantTokenCapability("ADMIN")],
                    user_id="u" * 129,
                ),
            ],
            tags={"": "empty key", "long": "v" * 257},
        )

    error = raised.value
    assert error.operation == "CreateStage"
    assert sorted(violation_paths(error)) == [
        "name",
        "participant_token_configurations[1].capabilities[0]",
        "participant_token_configurations[1].duration",
        "participant_token_configurations[1].user_id",
        "tags key ''",
        "tags['long']",
    ]
    assert all(isinstance(v, Violation) for v in error.violations)
    assert f"{len(error.violations)} violations" in str(error)
    for violation in error.violations:
        assert str(violation) in str(error)
    assert transport.count == 0
    assert ivsrealtime_client.list_stages().stages == []


def test_violation_messages_name_the_bound(
    recorded_client: IVSRealTimeClient, transport: RecordingTransport
) -> None:
    with pytest.raises(ParamValidationError) as raised:
        recorded_client.create_participant_token(
            stage_arn=VALID_ARN, duration=20161, user_id="x" * 200
        )

    messages = {v.path: v.message for v in raised.value.violations}
    assert set(messages) == {"duration", "user_id"}
    assert "20160" in messages["duration"]
    assert "128" in messages["user_id"]
    assert transport.count == 0


def test_list_participants_lists_every_violation(
    recorded_client: IVSRealTimeClient, transport: RecordingTransport
) -> None:
    with pytest.raises(ParamValidationError) as raised:
        recorded_client.list_participants(
            stage_arn="arn:aws:ivs:us-east-1:123456789012:channel/abc",
            session_id="st-1",
            filter_by_state=ParticipantState("LEAVING"),
            max_results=101,
            next_token="spaces are not allowed",
        )

    assert sorted(violation_paths(raised.value)) == [
        "filter_by_state",
        "max_results",
        "next_token",
        "session_id",
        "stage_arn",
    ]
    assert transport.count == 0


def test_missing_and_mistyped_values(
    recorded_client: IVSRealTimeClient, transport: RecordingTransport
) -> None:
    with pytest.raises(ParamValidationError) as raised:
        recorded_client.create_participant_token(
            stage_arn=cast(Any, None), duration=cast(Any, "60")
        )

    assert sorted(violation_paths(raised.value)) == ["duration", "stage_arn"]
    assert transport.count == 0


def test_untag_lists_too_many_keys(
    recorded_client: IVSRealTimeClient, transport: RecordingTransport
) -> None:
    with pytest.raises(ParamValidationError) as raised:
        recorded_client.untag_resource(
            resource_arn=VALID_ARN, tag_keys=[f"key-{i}" for i in range(51)]
        )

    assert violation_paths(raised.value) == ["tag_keys"]
    assert transport.count == 0


def test_validation_error_is_sdk_error(
    recorded_client: IVSRealTimeClient, transport: RecordingTransport
) -> None:
    with pytest.raises(SDKError):
        recorded_client.get_stage(arn="not-an-arn")
    with pytest.raises(ValueError, match="arn"):
        recorded_client.delete_stage(arn="")

    assert transport.count == 0


def test_valid_bounds_are_sent(
    recorded_client: IVSRealTimeClient, transport: RecordingTransport
) -> None:
    created = recorded_client.create_stage(
        name="n" * 128,
        participant_token_configurations=[
            ParticipantTokenConfiguration(duration=1, user_id="u" * 128),
            ParticipantTokenConfiguration(duration=20160),
        ],
        tags={"k" * 128: "v" * 256},
    )

    assert created.stage is not None
    assert created.stage.name == "n" * 128
    assert transport.count == 1


def test_missing_uri_label_is_caught(
    recorded_client: IVSRealTimeClient, transport: RecordingTransport
) -> None:
    with pytest.raises(ParamValidationError) as raised:
        recorded_client.list_tags_for_resource(resource_arn=cast(Any, None))

    assert raised.value.operation == "ListTagsForResource"
    assert violation_paths(raised.value) == ["resource_arn"]
    assert transport.count == 0


def test_missing_uri_label_unvalidated(
    ivsrealtime_emulator: Emulator, transport: RecordingTransport
) -> None:
    config = Config(transport=transport, validate=False)
    with (
        new_client(ivsrealtime_emulator, config) as client,
        pytest.raises(ParamValidationError) as raised,
    ):
        client.list_tags_for_resource(resource_arn=cast(Any, None))

    assert transport.count == 0
    assert raised.value.operation == "ListTagsForResource"
    assert violation_paths(raised.value) == ["resource_arn"]


@pytest.mark.parametrize(
    "arguments",
    [
        {"participant_token_configurations": [{"user_id": "x"}]},
        {"tags": [("team", "events")]},
        {
            "participant_token_configurations": [
                ParticipantTokenConfiguration(capabilities=[cast(Any, object())])
            ]
        },
    ],
    ids=["dict-for-structure", "list-for-map", "object-in-list"],
)
def test_unserializable_input_unvalidated(
    ivsrealtime_emulator: Emulator,
    transport: RecordingTransport,
    arguments: dict[str, Any],
) -> None:
    config = Config(transport=transport, validate=False)
    with (
        new_client(ivsrealtime_emulator, config) as client,
        pytest.raises(ParamValidationError) as raised,
    ):
        client.create_stage(**arguments)

    assert transport.count == 0
    assert raised.value.operation == "CreateStage"
    assert "turn validation on" in str(raised.value)
