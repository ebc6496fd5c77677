"""Values the real service returns or accepts pass every constraint of the model."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ivsrealtime_client import _schema
from ivsrealtime_client.models import (
    CreateParticipantTokenRequest,
    CreateStageRequest,
    DisconnectParticipantRequest,
    GetParticipantRequest,
    GetStageSessionRequest,
    ListParticipantEventsRequest,
    ListParticipantsRequest,
    ListStageSessionsRequest,
    ListStagesRequest,
    ListTagsForResourceRequest,
    ParticipantTokenCapability,
    ParticipantTokenConfiguration,
    TagResourceRequest,
    UntagResourceRequest,
    UpdateStageRequest,
)
from ivsrealtime_client.runtime.validate import collect_violations

from .model_examples import (
    PATTERN_EXAMPLES,
    PATTERN_SHAPES,
    STAGE_ARN,
    STAGE_SESSION_ID,
)

MODEL_FILE = (
    Path(__file__).resolve().parents[2]
    / "model"
    / "ivs-realtime-2020-07-14.service-2.json"
)

# Resource types of IVS Real-Time. The stage is the only one this model names.
# Newer models of the same service name the others, and TagResource takes them all.
RESOURCE_TYPES = [
    "stage",
    "composition",
    "encoder-configuration",
    "storage-configuration",
    "public-key",
    "ingest-configuration",
]
REGIONS = ["us-west-2", "us-east-1", "eu-west-1", "eu-central-1", "ap-northeast-1"]
STAGE_ARNS = [
    f"arn:aws:ivs:{region}:123456789012:stage/abcdABCDefgh" for region in REGIONS
]
RESOURCE_ARNS = [
    f"arn:aws:ivs:us-west-2:123456789012:{kind}/AbCdEfGh1234" for kind in RESOURCE_TYPES
]
STAGE_SESSION_IDS = [STAGE_SESSION_ID, "st-0123456789ABC", "st-ZZZZZZZZZZZZZ"]
PARTICIPANT_IDS = ["L0qVvbTmOKVN", "abcdEFGHijkl", "4ZjCzRJhWDq2"]
PAGINATION_TOKENS = [
    "AQICAHh+Zk9/TWdlc3NhZ2U=",
    "eyJzdGFnZUFybiI6ImFybjphd3M6aXZzIn0=",
    "YWJj+/==",
    "token_with-url_safe-alphabet",
]
STAGE_NAMES = ["", "demo", "team-standup_01", "Weekly_All-Hands-2024", "a" * 128]
UNICODE_TAGS = {
    "Équipe": "vidéo",
    "直播": "音乐 🎥",
    "cost-center": "",
    "aws-team:project/owner": "Zoë Müller",
    "🎥" * 128: "🌐" * 256,
}
CLIENT_ATTRIBUTES = {
    "browser_name": "Chrome",
    "browser_version": "120.0.6099.129",
    "os_name": "Mac OS X",
    "os_version": "10_15_7",
    "isp_name": "Comcast Cable Communications, LLC",
    "sdk_version": "1.5.2",
}


def _raw_model_pattern(shape_name: str) -> str:
    model = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return str(model["shapes"][shape_name]["pattern"])


def test_every_patterned_shape_has_example() -> None:
    assert sorted(s.name for s in PATTERN_SHAPES) == sorted(PATTERN_EXAMPLES)


@pytest.mark.parametrize("arn", STAGE_ARNS)
def test_stage_arn_accepted_as_stage_arn(arn: str) -> None:
    assert collect_violations(arn, _schema.S_StageArn, "arn") == []


@pytest.mark.parametrize("arn", STAGE_ARNS + RESOURCE_ARNS)
def test_resource_arn_accepted(arn: str) -> None:
    assert collect_violations(arn, _schema.S_ResourceArn, "resource_arn") == []


def test_stage_arn_needs_the_override() -> None:
    pattern = _raw_model_pattern("ResourceArn")
    assert re.search(pattern, STAGE_ARN) is None


def test_schema_pattern_differs_from_model() -> None:
    assert _schema.S_ResourceArn.pattern != _raw_model_pattern("ResourceArn")


def test_model_pattern_admits_one_letter_resource_type() -> None:
    pattern = _raw_model_pattern("ResourceArn")
    assert re.search(pattern, "arn:aws:ivs:us-west-2:123456789012:s/abcdABCDefgh")


def test_stage_arn_pattern_unchanged_from_model() -> None:
    assert _schema.S_StageArn.pattern == _raw_model_pattern("StageArn")


def _valid_requests() -> list[Any]:
    tagging: list[Any] = [
        TagResourceRequest(resource_arn=arn, tags={"team": "video"})
        for arn in STAGE_ARNS + RESOURCE_ARNS
    ]
    tagging += [
        UntagResourceRequest(resource_arn=STAGE_ARN, tag_keys=list(UNICODE_TAGS)),
        ListTagsForResourceRequest(resource_arn=STAGE_ARN),
        TagResourceRequest(resource_arn=STAGE_ARN, tags=UNICODE_TAGS),
    ]
    participants: list[Any] = [
        GetParticipantRequest(
            stage_arn=STAGE_ARN, session_id=session_id, participant_id=participant_id
        )
        for session_id in STAGE_SESSION_IDS
        for participant_id in PARTICIPANT_IDS
    ]
    participants += [
        DisconnectParticipantRequest(
            stage_arn=STAGE_ARN,
            participant_id=PARTICIPANT_IDS[0],
            reason="Removed by the moderator: spam, off-topic",
        ),
        GetStageSessionRequest(stage_arn=STAGE_ARN, session_id=STAGE_SESSION_IDS[1]),
    ]
    pages = [
        request
        for token in PAGINATION_TOKENS
        for request in (
            ListStagesRequest(max_results=100, next_token=token),
            ListStageSessionsRequest(stage_arn=STAGE_ARN, next_token=token),
            ListParticipantsRequest(
                stage_arn=STAGE_ARN,
                session_id=STAGE_SESSION_ID,
                next_token=token,
                filter_by_user_id="viewer-42",
            ),
            ListParticipantEventsRequest(
                stage_arn=STAGE_ARN,
                session_id=STAGE_SESSION_ID,
                participant_id=PARTICIPANT_IDS[0],
                max_results=1,
                next_token=token,
            ),
        )
    ]
    stages = [
        request
        for name in STAGE_NAMES
        for request in (
            CreateStageRequest(name=name, tags=UNICODE_TAGS),
            UpdateStageRequest(arn=STAGE_ARN, name=name),
        )
    ]
    tokens = [
        CreateParticipantTokenRequest(
            stage_arn=STAGE_ARN,
            user_id="用户-42 Zoë",
            attributes={"displayName": "Zoë"},
            capabilities=[
                ParticipantTokenCapability.PUBLISH,
                ParticipantTokenCapability.SUBSCRIBE,
            ],
            duration=20160,
        ),
        CreateStageRequest(
            name="broadcast",
            participant_token_configurations=[
                ParticipantTokenConfiguration(
                    user_id=f"guest-{index}",
                    duration=720,
                    capabilities=[ParticipantTokenCapability.SUBSCRIBE],
                )
                for index in range(12)
            ],
        ),
    ]
    return tagging + participants + pages + stages + tokens


def _request_id(request: Any) -> str:
    return type(request).__name__


@pytest.mark.parametrize("request_value", _valid_requests(), ids=_request_id)
def test_realistic_request_accepted(request_value: Any) -> None:
    shape = getattr(_schema, f"S_{type(request_value).__name__}")
    assert collect_violations(request_value, shape) == []


@pytest.mark.parametrize(("attr", "value"), sorted(CLIENT_ATTRIBUTES.items()))
def test_participant_client_attribute_accepted(attr: str, value: str) -> None:
    shape = _schema.S_ParticipantClientAttribute
    assert collect_violations(value, shape, attr) == []


@pytest.mark.parametrize("token", PAGINATION_TOKENS)
def test_pagination_token_accepted(token: str) -> None:
    assert collect_violations(token, _schema.S_PaginationToken, "next_token") == []


@pytest.mark.parametrize("session_id", STAGE_SESSION_IDS)
def test_stage_session_id_accepted(session_id: str) -> None:
    assert collect_violations(session_id, _schema.S_StageSessionId, "session_id") == []
