"""Every modeled error of every operation, with its AWS shape, through boto3."""

from __future__ import annotations

import json
from typing import Any

import botocore
import pytest
from botocore.exceptions import ClientError

from ivsrealtime_client.emulator import Emulator
from ivsrealtime_client.emulator.servicemodel import load_service_model

from .support import admin, error_of, post_json

STAGE = "arn:aws:ivs:us-east-1:123456789012:stage/AAAAAAAAAAAA"
SESSION = "st-AAAAAAAAAAAAA"

# Valid arguments of each operation; the injected error replaces the result.
VALID_CALLS: dict[str, dict[str, Any]] = {
    "CreateParticipantToken": {"stageArn": STAGE},
    "CreateStage": {},
    "DeleteStage": {"arn": STAGE},
    "DisconnectParticipant": {"stageArn": STAGE, "participantId": "p"},
    "GetParticipant": {"stageArn": STAGE, "sessionId": SESSION, "participantId": "p"},
    "GetStage": {"arn": STAGE},
    "GetStageSession": {"stageArn": STAGE, "sessionId": SESSION},
    "ListParticipantEvents": {
        "stageArn": STAGE,
        "sessionId": SESSION,
        "participantId": "p",
    },
    "ListParticipants": {"stageArn": STAGE, "sessionId": SESSION},
    "ListStageSessions": {"stageArn": STAGE},
    "ListStages": {},
    "ListTagsForResource": {"resourceArn": STAGE},
    "TagResource": {"resourceArn": STAGE, "tags": {"k": "v"}},
    "UntagResource": {"resourceArn": STAGE, "tagKeys": ["k"]},
    "UpdateStage": {"arn": STAGE},
}

MODEL = load_service_model()
MODELED_ERRORS = [
    (operation.name, error)
    for operation in MODEL.operations.values()
    for error in operation.errors
]


def test_valid_calls_cover_every_operation() -> None:
    assert set(VALID_CALLS) == set(MODEL.operations)
    assert len(MODEL.operations) == 15


@pytest.mark.parametrize(("operation", "code"), MODELED_ERRORS)
def test_modeled_error_reaches_boto3(
    ivs: Any, ivsrealtime_emulator: Emulator, operation: str, code: str
) -> None:
    ivsrealtime_emulator.inject_error(code, operation=operation)
    method = getattr(ivs, botocore.xform_name(operation))
    with pytest.raises(ClientError) as raised:
        method(**VALID_CALLS[operation])

    status = MODEL.error_status(code)
    assert error_of(raised.value) == (code, status)
    response = raised.value.response
    assert response["exceptionMessage"]
    assert response["ResponseMetadata"]["RequestId"]
    # boto3 models each of these errors as an exception class of its own.
    assert type(raised.value).__name__ == code


def test_injected_error_applies_once(ivs: Any, ivsrealtime_emulator: Emulator) -> None:
    ivsrealtime_emulator.inject_error("AccessDeniedException", operation="ListStages")
    with pytest.raises(ClientError):
        ivs.list_stages()
    assert ivs.list_stages()["stages"] == []


def test_injected_unmodeled_error_needs_status(
    ivs: Any, ivsrealtime_emulator: Emulator
) -> None:
    with pytest.raises(ValueError, match="HTTP status"):
        ivsrealtime_emulator.inject_error("ThrottlingException")
    ivsrealtime_emulator.inject_error(
        "ThrottlingException", status=400, message="Rate exceeded", count=2
    )
    for call in (ivs.list_stages, ivs.create_stage):
        with pytest.raises(ClientError) as raised:
            call()
        assert error_of(raised.value) == ("ThrottlingException", 400)
    ivs.create_stage()
    assert len(ivs.list_stages()["stages"]) == 1


def test_injected_error_for_unknown_operation_rejected(
    ivsrealtime_emulator: Emulator,
) -> None:
    with pytest.raises(ValueError, match="unknown operation"):
        ivsrealtime_emulator.inject_error("AccessDeniedException", operation="Nope")


def test_clear_injected_errors(ivs: Any, ivsrealtime_emulator: Emulator) -> None:
    ivsrealtime_emulator.inject_error("PendingVerification", count=5)
    ivsrealtime_emulator.clear_injected_errors()
    assert ivs.list_stages()["stages"] == []


def test_error_response_shape(ivsrealtime_emulator: Emulator) -> None:
    response = post_json(ivsrealtime_emulator, "GetStage", {"arn": STAGE})
    assert response.status == 404
    assert response.error_type == "ResourceNotFoundException"
    assert response.headers["content-type"] == "application/json"
    assert response.request_id
    assert set(response.json()) == {"exceptionMessage"}
    assert STAGE in response.json()["exceptionMessage"]


def test_validation_error_message_lists_violations(
    ivsrealtime_emulator: Emulator,
) -> None:
    response = post_json(
        ivsrealtime_emulator,
        "CreateStage",
        {"name": "x" * 129, "participantTokenConfigurations": [{"duration": 0}]},
    )
    assert response.status == 400
    assert response.error_type == "ValidationException"
    message = response.json()["exceptionMessage"]
    assert message.startswith("2 validation errors detected: ")
    assert "at 'name' failed to satisfy constraint: Member must have length less" in (
        message
    )
    assert (
        "Value '0' at 'participantTokenConfigurations.1.member.duration' failed to "
        "satisfy constraint: Member must have value greater than or equal to 1"
    ) in message


def test_injected_error_through_admin_api(ivsrealtime_emulator: Emulator) -> None:
    added = admin(
        ivsrealtime_emulator,
        "POST",
        "faults",
        {"operation": "GetStage", "errorCode": "AccessDeniedException"},
    )
    assert added.status == 200
    response = post_json(ivsrealtime_emulator, "GetStage", {"arn": STAGE})
    assert response.status == 403
    assert response.error_type == "AccessDeniedException"
    assert json.loads(response.body)["exceptionMessage"] == (
        "User does not have sufficient access to perform this action."
    )
