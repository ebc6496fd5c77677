"""Responses are never checked against the constraints that apply to input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ivsrealtime_client import _schema
from ivsrealtime_client.models import (
    GetStageSessionResponse,
    ListStagesResponse,
    ParticipantToken,
    Stage,
)
from ivsrealtime_client.runtime.errors import ResponseParseError
from ivsrealtime_client.runtime.rest_json import decode_json_document, parse_members
from ivsrealtime_client.runtime.transport import HttpResponse

from .conftest import ClientFactory
from .model_examples import CONVERTER, STAGE_ARN

LONG_NAME = "Stage name with spaces, punctuation! and more than 128 characters " * 3
TAGS_OVER_MAX = {f"key{index}": "v" * 300 for index in range(60)}

# Each value breaks an input constraint of its shape in the model.
STAGE_DOCUMENT: dict[str, Any] = {
    "arn": "not-an-arn",
    "name": LONG_NAME,
    "activeSessionId": "st-short",
    "tags": TAGS_OVER_MAX,
}
TOKEN_DOCUMENT: dict[str, Any] = {
    "duration": 20161,
    "userId": "u" * 500,
    "capabilities": ["PUBLISH", "SUBSCRIBE", "PUBLISH", "ADMINISTER"],
}
LIST_STAGES_DOCUMENT: dict[str, Any] = {
    "stages": [{"name": "no-arn-here"}],
    "nextToken": "not a valid token %%%" + "x" * 2000,
}


def _stage() -> Stage:
    result: Stage = CONVERTER.from_json(STAGE_DOCUMENT, _schema.S_Stage)
    return result


def _token() -> ParticipantToken:
    result: ParticipantToken = CONVERTER.from_json(
        TOKEN_DOCUMENT, _schema.S_ParticipantToken
    )
    return result


def _list_stages() -> ListStagesResponse:
    body = json.dumps(LIST_STAGES_DOCUMENT).encode("utf-8")
    response = HttpResponse(200, {}, body)
    shape = _schema.S_ListStagesResponse
    document = decode_json_document(body)
    return ListStagesResponse(**parse_members(shape, response, CONVERTER, document))


def test_invalid_arn_kept() -> None:
    assert _stage().arn == "not-an-arn"


def test_name_over_max_length_kept() -> None:
    assert _stage().name == LONG_NAME


def test_session_id_under_min_length_kept() -> None:
    assert _stage().active_session_id == "st-short"


def test_tags_over_max_count_kept() -> None:
    assert _stage().tags == TAGS_OVER_MAX


def test_duration_over_max_kept() -> None:
    assert _token().duration == 20161


def test_user_id_over_max_length_kept() -> None:
    assert _token().user_id == "u" * 500


def test_capabilities_over_max_count_kept() -> None:
    capabilities = _token().capabilities or []
    assert [c.value for c in capabilities] == TOKEN_DOCUMENT["capabilities"]


def test_missing_required_member_parsed_as_none() -> None:
    stages = _list_stages().stages
    assert [stage.arn for stage in stages] == [None]


def test_missing_required_list_parsed_as_none() -> None:
    response = CONVERTER.from_json({}, _schema.S_ListStagesResponse)
    assert response.stages is None


def test_invalid_next_token_kept() -> None:
    assert _list_stages().next_token == LIST_STAGES_DOCUMENT["nextToken"]


def test_client_accepts_invalid_response(canned_client: ClientFactory) -> None:
    client = canned_client({"stage": STAGE_DOCUMENT})
    response = client.get_stage(arn=STAGE_ARN)
    assert response.stage == _stage()


def test_client_accepts_response_missing_required(canned_client: ClientFactory) -> None:
    client = canned_client({"nextToken": "AQICAHh+Zk9/TWdlc3NhZ2U="})
    response = client.list_stages()
    assert response.stages is None


# A value of the wrong JSON type cannot be decoded at all. Unlike a broken
# constraint, it raises the package's ResponseParseError.

_MALFORMED_NESTED = {"stageSession": {"startTime": "yesterday"}}


def test_bad_timestamp_raises_parse_error() -> None:
    with pytest.raises(ResponseParseError):
        CONVERTER.from_json("yesterday", _schema.S_Time)


def test_nested_bad_timestamp_raises_parse_error() -> None:
    with pytest.raises(ResponseParseError):
        CONVERTER.from_json(_MALFORMED_NESTED, _schema.S_GetStageSessionResponse)


def test_parse_members_bad_timestamp_raises() -> None:
    body = json.dumps(_MALFORMED_NESTED).encode("utf-8")
    response = HttpResponse(200, {}, body)
    shape = _schema.S_GetStageSessionResponse
    with pytest.raises(ResponseParseError):
        GetStageSessionResponse(
            **parse_members(shape, response, CONVERTER, decode_json_document(body))
        )


def test_list_for_map_raises_parse_error() -> None:
    with pytest.raises(ResponseParseError):
        CONVERTER.from_json({"stage": {"tags": ["a"]}}, _schema.S_GetStageResponse)


def test_deeply_nested_body_raises_parse_error() -> None:
    body = b'{"stages":' + b"[" * 100_000

    with pytest.raises(ResponseParseError, match="nested too deeply"):
        decode_json_document(body)
