"""Responses from a newer service: unlisted enum values and new fields are kept."""

from __future__ import annotations

import json
from typing import Any, cast

import pytest

from ivsrealtime_client import _schema
from ivsrealtime_client.models import (
    CreateParticipantTokenResponse,
    EventErrorCode,
    EventName,
    GetParticipantResponse,
    ListParticipantEventsResponse,
    Participant,
    ParticipantState,
    ParticipantTokenCapability,
)
from ivsrealtime_client.runtime.rest_json import decode_json_document, parse_members
from ivsrealtime_client.runtime.schema import OperationSchema
from ivsrealtime_client.runtime.transport import HttpResponse

from .conftest import ClientFactory
from .model_examples import CONVERTER, STAGE_ARN, STAGE_SESSION_ID

PARTICIPANT_ID = "L0qVvbTmOKVN"
NEW_NESTED_FIELDS = {"recordingState": "ACTIVE", "protocol": {"name": "WHIP"}}
NEW_TOP_LEVEL_FIELDS = {"requestedAt": "2024-05-01T12:30:16Z", "hint": None}

GET_PARTICIPANT_BODY: dict[str, Any] = {
    "participant": {
        "participantId": PARTICIPANT_ID,
        "state": "RECONNECTING",
        "userId": "viewer-42",
        "firstJoinTime": "2024-05-01T12:30:15.123Z",
        "published": True,
        **NEW_NESTED_FIELDS,
    },
    **NEW_TOP_LEVEL_FIELDS,
}

LIST_EVENTS_BODY: dict[str, Any] = {
    "events": [
        {
            "name": "NEW_EVENT",
            "errorCode": "NEW_ERROR_CODE",
            "participantId": PARTICIPANT_ID,
            "eventTime": "2024-05-01T12:30:15Z",
            **NEW_NESTED_FIELDS,
        },
        {
            "name": "JOINED",
            "participantId": PARTICIPANT_ID,
            "eventTime": "2024-05-01T12:30:14Z",
        },
    ],
    "nextToken": "AQICAHh+Zk9/TWdlc3NhZ2U=",
    **NEW_TOP_LEVEL_FIELDS,
}

TOKEN_BODY: dict[str, Any] = {
    "participantToken": {
        "participantId": PARTICIPANT_ID,
        "token": "eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.e30.c2lnbmF0dXJl",
        "capabilities": ["PUBLISH", "MODERATE", "SUBSCRIBE"],
        "expirationTime": "2024-05-02T00:30:15Z",
    }
}


def _from_json(document: Any, output: type[Any]) -> Any:
    shape = getattr(_schema, f"S_{output.__name__}")
    return CONVERTER.from_json(document, shape)


def _parse_members(operation: OperationSchema, document: Any, output: type[Any]) -> Any:
    """Parse ``document`` as the HTTP response body of ``operation``."""
    body = json.dumps(document).encode("utf-8")
    response = HttpResponse(200, {"content-type": "application/json"}, body)
    assert operation.output is not None
    members = parse_members(
        operation.output, response, CONVERTER, decode_json_document(body)
    )
    return output(**members)


def _participant_via_from_json() -> Any:
    return _from_json(GET_PARTICIPANT_BODY, GetParticipantResponse).participant


def _participant_via_parse_members() -> Any:
    operation = _schema.OP_GetParticipant
    response = _parse_members(operation, GET_PARTICIPANT_BODY, GetParticipantResponse)
    return response.participant


def _events_via_from_json() -> Any:
    return _from_json(LIST_EVENTS_BODY, ListParticipantEventsResponse).events


def _events_via_parse_members() -> Any:
    operation = _schema.OP_ListParticipantEvents
    output = ListParticipantEventsResponse
    return _parse_members(operation, LIST_EVENTS_BODY, output).events


PARTICIPANT_PARSERS = [_participant_via_from_json, _participant_via_parse_members]
EVENT_PARSERS = [_events_via_from_json, _events_via_parse_members]


def _parser_id(parser: Any) -> str:
    return str(parser.__name__).rsplit("_via_", 1)[1]


# Enum values this model does not list.


@pytest.mark.parametrize("parse", PARTICIPANT_PARSERS, ids=_parser_id)
def test_unlisted_participant_state_value_kept(parse: Any) -> None:
    assert parse().state.value == "RECONNECTING"


@pytest.mark.parametrize("parse", PARTICIPANT_PARSERS, ids=_parser_id)
def test_unlisted_participant_state_not_known(parse: Any) -> None:
    assert parse().state.is_known is False


@pytest.mark.parametrize("parse", PARTICIPANT_PARSERS, ids=_parser_id)
def test_unlisted_participant_state_has_enum_type(parse: Any) -> None:
    assert isinstance(parse().state, ParticipantState)


@pytest.mark.parametrize("parse", EVENT_PARSERS, ids=_parser_id)
def test_unlisted_event_name_kept(parse: Any) -> None:
    assert parse()[0].name.value == "NEW_EVENT"


@pytest.mark.parametrize("parse", EVENT_PARSERS, ids=_parser_id)
def test_unlisted_event_name_not_known(parse: Any) -> None:
    assert parse()[0].name.is_known is False


@pytest.mark.parametrize("parse", EVENT_PARSERS, ids=_parser_id)
def test_unlisted_event_error_code_kept(parse: Any) -> None:
    error_code = parse()[0].error_code
    assert (type(error_code), error_code.value) == (EventErrorCode, "NEW_ERROR_CODE")


@pytest.mark.parametrize("parse", EVENT_PARSERS, ids=_parser_id)
def test_listed_event_name_is_enum_member(parse: Any) -> None:
    assert parse()[1].name is EventName.JOINED


@pytest.mark.parametrize("parse", EVENT_PARSERS, ids=_parser_id)
def test_listed_event_name_is_known(parse: Any) -> None:
    assert parse()[1].name.is_known is True


def test_unlisted_value_in_enum_list_kept() -> None:
    response = _from_json(TOKEN_BODY, CreateParticipantTokenResponse)
    assert response.participant_token.capabilities == [
        ParticipantTokenCapability.PUBLISH,
        ParticipantTokenCapability("MODERATE"),
        ParticipantTokenCapability.SUBSCRIBE,
    ]


def test_unlisted_value_in_enum_list_via_parse_members() -> None:
    operation = _schema.OP_CreateParticipantToken
    output = CreateParticipantTokenResponse
    response = _parse_members(operation, TOKEN_BODY, output)
    capability = response.participant_token.capabilities[1]
    assert (capability.value, capability.is_known) == ("MODERATE", False)


def test_listed_value_in_enum_list_is_member() -> None:
    response = _from_json(TOKEN_BODY, CreateParticipantTokenResponse)
    assert (
        response.participant_token.capabilities[0] is ParticipantTokenCapability.PUBLISH
    )


def test_unlisted_value_keeps_enum_repr() -> None:
    state = _participant_via_from_json().state
    assert repr(state) == "<ParticipantState.RECONNECTING: 'RECONNECTING'>"


def test_unlisted_value_sent_back_unchanged() -> None:
    participant = _participant_via_from_json()
    document = CONVERTER.to_json(participant, _schema.S_Participant)
    assert document["state"] == "RECONNECTING"


# Fields this model does not list.


@pytest.mark.parametrize("parse", PARTICIPANT_PARSERS, ids=_parser_id)
def test_new_nested_fields_kept(parse: Any) -> None:
    assert parse().unknown_fields == NEW_NESTED_FIELDS


@pytest.mark.parametrize("parse", PARTICIPANT_PARSERS, ids=_parser_id)
def test_listed_fields_parsed_beside_new_ones(parse: Any) -> None:
    assert parse().user_id == "viewer-42"


@pytest.mark.parametrize("parse", EVENT_PARSERS, ids=_parser_id)
def test_new_fields_in_list_item_kept(parse: Any) -> None:
    assert parse()[0].unknown_fields == NEW_NESTED_FIELDS


@pytest.mark.parametrize("parse", EVENT_PARSERS, ids=_parser_id)
def test_item_without_new_fields_has_none(parse: Any) -> None:
    assert dict(parse()[1].unknown_fields) == {}


def test_new_top_level_fields_kept_by_from_json() -> None:
    response = _from_json(GET_PARTICIPANT_BODY, GetParticipantResponse)
    assert response.unknown_fields == NEW_TOP_LEVEL_FIELDS


def test_new_fields_not_sent_back() -> None:
    participant = _participant_via_from_json()
    document = CONVERTER.to_json(participant, _schema.S_Participant)
    assert set(document) & set(NEW_NESTED_FIELDS) == set()


def test_new_fields_ignored_by_equality() -> None:
    parsed = _participant_via_from_json()
    document = dict(GET_PARTICIPANT_BODY["participant"])
    for name in NEW_NESTED_FIELDS:
        del document[name]
    assert CONVERTER.from_json(document, _schema.S_Participant) == parsed


# The same responses through a client call.


def test_client_keeps_new_top_level_fields(canned_client: ClientFactory) -> None:
    client = canned_client(GET_PARTICIPANT_BODY)
    response = client.get_participant(
        stage_arn=STAGE_ARN, session_id=STAGE_SESSION_ID, participant_id=PARTICIPANT_ID
    )
    assert response.unknown_fields == NEW_TOP_LEVEL_FIELDS


def test_client_keeps_new_nested_fields(canned_client: ClientFactory) -> None:
    client = canned_client(GET_PARTICIPANT_BODY)
    response = client.get_participant(
        stage_arn=STAGE_ARN, session_id=STAGE_SESSION_ID, participant_id=PARTICIPANT_ID
    )
    participant = cast(Participant, response.participant)
    assert participant.unknown_fields == NEW_NESTED_FIELDS


def test_client_keeps_unlisted_event_name(canned_client: ClientFactory) -> None:
    client = canned_client(LIST_EVENTS_BODY)
    response = client.list_participant_events(
        stage_arn=STAGE_ARN, session_id=STAGE_SESSION_ID, participant_id=PARTICIPANT_ID
    )
    assert [event.name for event in response.events] == ["NEW_EVENT", EventName.JOINED]
