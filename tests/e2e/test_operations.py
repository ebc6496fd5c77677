"""Each of the 15 operations through the typed client against the emulator.

The checks cover the types and values of what comes back: ARNs and ids in the
service's formats, aware UTC datetimes, enum members and hidden tokens.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from ivsrealtime_client import IVSRealTimeClient
from ivsrealtime_client.emulator import (
    Emulator,
    JoinedParticipant,
    ParticipantActionError,
)
from ivsrealtime_client.errors import ResourceNotFoundException
from ivsrealtime_client.models import (
    CreateParticipantTokenResponse,
    CreateStageResponse,
    DeleteStageResponse,
    DisconnectParticipantResponse,
    Event,
    EventErrorCode,
    EventName,
    GetParticipantResponse,
    GetStageResponse,
    GetStageSessionResponse,
    ListParticipantEventsResponse,
    ListParticipantsResponse,
    ListStageSessionsResponse,
    ListStagesResponse,
    ListTagsForResourceResponse,
    Participant,
    ParticipantState,
    ParticipantSummary,
    ParticipantToken,
    ParticipantTokenCapability,
    ParticipantTokenConfiguration,
    Stage,
    StageSession,
    StageSessionSummary,
    StageSummary,
    TagResourceResponse,
    UntagResourceResponse,
    UpdateStageResponse,
)

from .support import (
    PARTICIPANT_ID,
    SESSION_ID,
    assert_recent_utc,
    stage_arn_pattern,
)

SLACK = timedelta(minutes=1)


def token_string(token: ParticipantToken) -> str:
    assert isinstance(token.token, str)
    return token.token


def create_stage_with_users(
    client: IVSRealTimeClient, *user_ids: str
) -> tuple[Stage, list[ParticipantToken]]:
    """Create a stage with one default token per user id."""
    response = client.create_stage(
        name="operations",
        participant_token_configurations=[
            ParticipantTokenConfiguration(user_id=user_id) for user_id in user_ids
        ],
    )
    assert response.stage is not None
    assert response.participant_tokens is not None
    return response.stage, response.participant_tokens


def join_as(emulator: Emulator, token: ParticipantToken) -> JoinedParticipant:
    return emulator.join(token_string(token))


def test_create_stage_returns_stage_and_tokens(
    ivsrealtime_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    response = ivsrealtime_client.create_stage(
        name="weekly-show_1",
        participant_token_configurations=[
            ParticipantTokenConfiguration(
                user_id="host",
                attributes={"role": "host"},
                capabilities=[ParticipantTokenCapability.SUBSCRIBE],
                duration=60,
            ),
            ParticipantTokenConfiguration(),
        ],
        tags={"team": "video"},
    )

    assert isinstance(response, CreateStageResponse)
    stage = response.stage
    assert isinstance(stage, Stage)
    assert stage_arn_pattern(ivsrealtime_emulator).fullmatch(stage.arn)
    assert stage.name == "weekly-show_1"
    assert stage.tags == {"team": "video"}
    assert stage.active_session_id is None

    assert response.participant_tokens is not None
    host, anonymous = response.participant_tokens
    assert isinstance(host, ParticipantToken)
    assert host.participant_id is not None
    assert PARTICIPANT_ID.fullmatch(host.participant_id)
    assert host.user_id == "host"
    assert host.attributes == {"role": "host"}
    assert host.capabilities == [ParticipantTokenCapability.SUBSCRIBE]
    assert host.capabilities[0] is ParticipantTokenCapability.SUBSCRIBE
    assert host.duration == 60
    assert_recent_utc(host.expiration_time, slack=timedelta(minutes=61))
    assert host.expiration_time is not None
    assert_recent_utc(host.expiration_time - timedelta(minutes=60), slack=SLACK)
    assert token_string(host)

    assert anonymous.duration == 720
    assert anonymous.capabilities == [
        ParticipantTokenCapability.PUBLISH,
        ParticipantTokenCapability.SUBSCRIBE,
    ]
    assert anonymous.participant_id != host.participant_id


def test_create_stage_hides_tokens_in_repr(
    ivsrealtime_client: IVSRealTimeClient,
) -> None:
    response = ivsrealtime_client.create_stage(
        participant_token_configurations=[ParticipantTokenConfiguration(user_id="a")]
    )
    assert response.participant_tokens is not None
    token = response.participant_tokens[0]

    assert "token=<hidden>" in repr(token)
    assert token_string(token) not in repr(response)
    assert token_string(token) not in str(response)


def test_get_stage_returns_stage(
    ivsrealtime_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    created = ivsrealtime_client.create_stage(name="lobby", tags={"env": "test"})
    assert created.stage is not None

    response = ivsrealtime_client.get_stage(arn=created.stage.arn)

    assert isinstance(response, GetStageResponse)
    assert isinstance(response.stage, Stage)
    assert response.stage == created.stage


def test_get_stage_shows_active_session(
    ivsrealtime_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    stage, tokens = create_stage_with_users(ivsrealtime_client, "viewer")
    joined = join_as(ivsrealtime_emulator, tokens[0])

    response = ivsrealtime_client.get_stage(arn=stage.arn)

    assert response.stage is not None
    assert response.stage.active_session_id == joined.session_id
    assert SESSION_ID.fullmatch(joined.session_id)


def test_update_stage_renames_stage(
    ivsrealtime_client: IVSRealTimeClient,
) -> None:
    created = ivsrealtime_client.create_stage(name="before")
    assert created.stage is not None
    arn = created.stage.arn

    response = ivsrealtime_client.update_stage(arn=arn, name="after")

    assert isinstance(response, UpdateStageResponse)
    assert isinstance(response.stage, Stage)
    assert response.stage.arn == arn
    assert response.stage.name == "after"
    fetched = ivsrealtime_client.get_stage(arn=arn).stage
    assert fetched is not None
    assert fetched.name == "after"


def test_update_stage_without_name_keeps_it(
    ivsrealtime_client: IVSRealTimeClient,
) -> None:
    created = ivsrealtime_client.create_stage(name="kept")
    assert created.stage is not None

    response = ivsrealtime_client.update_stage(arn=created.stage.arn)

    assert response.stage is not None
    assert response.stage.name == "kept"


def test_delete_stage_removes_stage(
    ivsrealtime_client: IVSRealTimeClient,
) -> None:
    created = ivsrealtime_client.create_stage(name="short-lived")
    assert created.stage is not None

    response = ivsrealtime_client.delete_stage(arn=created.stage.arn)

    assert isinstance(response, DeleteStageResponse)
    with pytest.raises(ResourceNotFoundException):
        ivsrealtime_client.get_stage(arn=created.stage.arn)
    assert ivsrealtime_client.list_stages().stages == []


def test_list_stages_returns_summaries(
    ivsrealtime_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    first, tokens = create_stage_with_users(ivsrealtime_client, "guest")
    second = ivsrealtime_client.create_stage(name="second", tags={"k": "v"}).stage
    assert second is not None
    joined = join_as(ivsrealtime_emulator, tokens[0])

    response = ivsrealtime_client.list_stages()

    assert isinstance(response, ListStagesResponse)
    assert response.next_token is None
    assert all(isinstance(item, StageSummary) for item in response.stages)
    by_arn = {item.arn: item for item in response.stages}
    assert set(by_arn) == {first.arn, second.arn}
    assert by_arn[first.arn].active_session_id == joined.session_id
    assert by_arn[second.arn].active_session_id is None
    assert by_arn[second.arn].name == "second"
    assert by_arn[second.arn].tags == {"k": "v"}


def test_create_participant_token_applies_defaults(
    ivsrealtime_client: IVSRealTimeClient,
) -> None:
    stage, _ = create_stage_with_users(ivsrealtime_client)

    response = ivsrealtime_client.create_participant_token(stage_arn=stage.arn)

    assert isinstance(response, CreateParticipantTokenResponse)
    token = response.participant_token
    assert isinstance(token, ParticipantToken)
    assert token.duration == 720
    assert token.capabilities == [
        ParticipantTokenCapability.PUBLISH,
        ParticipantTokenCapability.SUBSCRIBE,
    ]
    assert all(c.is_known for c in token.capabilities)
    assert token.expiration_time is not None
    assert_recent_utc(token.expiration_time - timedelta(hours=12), slack=SLACK)
    assert token.participant_id is not None
    assert PARTICIPANT_ID.fullmatch(token.participant_id)
    assert token_string(token) not in repr(response)


def test_create_participant_token_keeps_request_values(
    ivsrealtime_client: IVSRealTimeClient,
) -> None:
    stage, _ = create_stage_with_users(ivsrealtime_client)

    response = ivsrealtime_client.create_participant_token(
        stage_arn=stage.arn,
        attributes={"seat": "12B", "display": "Zoë"},
        capabilities=[ParticipantTokenCapability.PUBLISH],
        duration=20160,
        user_id="user 42 ✓",
    )

    token = response.participant_token
    assert token is not None
    assert token.attributes == {"seat": "12B", "display": "Zoë"}
    assert token.capabilities == [ParticipantTokenCapability.PUBLISH]
    assert token.duration == 20160
    assert token.user_id == "user 42 ✓"
    assert token.expiration_time is not None
    assert_recent_utc(token.expiration_time - timedelta(days=14), slack=SLACK)


def test_list_stage_sessions_newest_first(
    ivsrealtime_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    stage, tokens = create_stage_with_users(ivsrealtime_client, "a", "b")
    first = join_as(ivsrealtime_emulator, tokens[0])
    ivsrealtime_emulator.leave(first.participant_id)
    second = join_as(ivsrealtime_emulator, tokens[1])

    response = ivsrealtime_client.list_stage_sessions(stage_arn=stage.arn)

    assert isinstance(response, ListStageSessionsResponse)
    assert response.next_token is None
    assert all(isinstance(s, StageSessionSummary) for s in response.stage_sessions)
    newest, oldest = response.stage_sessions
    assert newest.session_id == second.session_id
    assert oldest.session_id == first.session_id
    assert newest.end_time is None
    assert_recent_utc(newest.start_time, slack=SLACK)
    assert_recent_utc(oldest.start_time, slack=SLACK)
    assert_recent_utc(oldest.end_time, slack=SLACK)
    assert oldest.start_time is not None
    assert oldest.end_time is not None
    assert oldest.start_time <= oldest.end_time


def test_get_stage_session_returns_times(
    ivsrealtime_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    stage, tokens = create_stage_with_users(ivsrealtime_client, "solo")
    joined = join_as(ivsrealtime_emulator, tokens[0])

    active = ivsrealtime_client.get_stage_session(
        stage_arn=stage.arn, session_id=joined.session_id
    )
    ivsrealtime_emulator.leave(joined.participant_id)
    ended = ivsrealtime_client.get_stage_session(
        stage_arn=stage.arn, session_id=joined.session_id
    )

    assert isinstance(active, GetStageSessionResponse)
    assert isinstance(active.stage_session, StageSession)
    assert active.stage_session.session_id == joined.session_id
    assert active.stage_session.end_time is None
    assert_recent_utc(active.stage_session.start_time, slack=SLACK)
    assert ended.stage_session is not None
    assert ended.stage_session.start_time == active.stage_session.start_time
    assert_recent_utc(ended.stage_session.end_time, slack=SLACK)


def test_list_participants_returns_summaries(
    ivsrealtime_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    stage, tokens = create_stage_with_users(ivsrealtime_client, "host", "guest")
    host = join_as(ivsrealtime_emulator, tokens[0])
    guest = join_as(ivsrealtime_emulator, tokens[1])
    ivsrealtime_emulator.publish(host.participant_id)
    ivsrealtime_emulator.leave(guest.participant_id)

    response = ivsrealtime_client.list_participants(
        stage_arn=stage.arn, session_id=host.session_id
    )

    assert isinstance(response, ListParticipantsResponse)
    assert response.next_token is None
    assert all(isinstance(p, ParticipantSummary) for p in response.participants)
    by_user = {p.user_id: p for p in response.participants}
    assert set(by_user) == {"host", "guest"}
    assert by_user["host"].participant_id == host.participant_id
    assert by_user["host"].state is ParticipantState.CONNECTED
    assert by_user["host"].published is True
    assert by_user["guest"].state is ParticipantState.DISCONNECTED
    assert by_user["guest"].published is False
    assert_recent_utc(by_user["guest"].first_join_time, slack=SLACK)


def test_list_participants_filters(
    ivsrealtime_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    stage, tokens = create_stage_with_users(ivsrealtime_client, "host", "guest")
    host = join_as(ivsrealtime_emulator, tokens[0])
    guest = join_as(ivsrealtime_emulator, tokens[1])
    ivsrealtime_emulator.publish(host.participant_id)
    ivsrealtime_emulator.leave(guest.participant_id)

    def user_ids(**filters: Any) -> list[str | None]:
        response = ivsrealtime_client.list_participants(
            stage_arn=stage.arn, session_id=host.session_id, **filters
        )
        return [participant.user_id for participant in response.participants]

    assert user_ids(filter_by_published=True) == ["host"]
    assert user_ids(filter_by_published=False) == ["guest"]
    assert user_ids(filter_by_state=ParticipantState.DISCONNECTED) == ["guest"]
    assert user_ids(filter_by_state=ParticipantState.CONNECTED) == ["host"]
    assert user_ids(filter_by_user_id="guest") == ["guest"]


def test_get_participant_returns_details(
    ivsrealtime_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    created = ivsrealtime_client.create_stage(
        participant_token_configurations=[
            ParticipantTokenConfiguration(user_id="u-1", attributes={"team": "red"})
        ]
    )
    assert created.stage is not None
    assert created.participant_tokens is not None
    joined = ivsrealtime_emulator.join(
        token_string(created.participant_tokens[0]),
        client_attributes={
            "browserName": "Firefox",
            "browserVersion": "126.0",
            "osName": "Linux",
            "osVersion": "6.8",
            "ispName": "Example ISP",
            "sdkVersion": "1.14.0",
        },
    )

    response = ivsrealtime_client.get_participant(
        stage_arn=created.stage.arn,
        session_id=joined.session_id,
        participant_id=joined.participant_id,
    )

    assert isinstance(response, GetParticipantResponse)
    participant = response.participant
    assert isinstance(participant, Participant)
    assert participant.participant_id == joined.participant_id
    assert participant.user_id == "u-1"
    assert participant.attributes == {"team": "red"}
    assert participant.state is ParticipantState.CONNECTED
    assert participant.published is False
    assert participant.browser_name == "Firefox"
    assert participant.browser_version == "126.0"
    assert participant.os_name == "Linux"
    assert participant.os_version == "6.8"
    assert participant.isp_name == "Example ISP"
    assert participant.sdk_version == "1.14.0"
    assert_recent_utc(participant.first_join_time, slack=SLACK)


def test_list_participant_events_in_order(
    ivsrealtime_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    stage, tokens = create_stage_with_users(ivsrealtime_client, "host", "viewer")
    host = join_as(ivsrealtime_emulator, tokens[0])
    viewer = join_as(ivsrealtime_emulator, tokens[1])
    ivsrealtime_emulator.publish(host.participant_id)
    ivsrealtime_emulator.subscribe(viewer.participant_id, host.participant_id)
    ivsrealtime_emulator.unsubscribe(viewer.participant_id, host.participant_id)
    ivsrealtime_emulator.leave(viewer.participant_id)

    response = ivsrealtime_client.list_participant_events(
        stage_arn=stage.arn,
        session_id=viewer.session_id,
        participant_id=viewer.participant_id,
    )

    assert isinstance(response, ListParticipantEventsResponse)
    assert response.next_token is None
    assert all(isinstance(event, Event) for event in response.events)
    assert [event.name for event in response.events] == [
        EventName.JOINED,
        EventName.SUBSCRIBE_STARTED,
        EventName.SUBSCRIBE_STOPPED,
        EventName.LEFT,
    ]
    assert all(isinstance(event.name, EventName) for event in response.events)
    joined_event, started, _, _ = response.events
    assert joined_event.remote_participant_id is None
    assert started.remote_participant_id == host.participant_id
    assert all(e.participant_id == viewer.participant_id for e in response.events)
    assert all(e.error_code is None for e in response.events)
    for event in response.events:
        assert_recent_utc(event.event_time, slack=SLACK)


def test_list_participant_events_reports_errors(
    ivsrealtime_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    created = ivsrealtime_client.create_stage(
        participant_token_configurations=[
            ParticipantTokenConfiguration(
                capabilities=[ParticipantTokenCapability.SUBSCRIBE]
            )
        ]
    )
    assert created.stage is not None
    assert created.participant_tokens is not None
    viewer = join_as(ivsrealtime_emulator, created.participant_tokens[0])
    with pytest.raises(ParticipantActionError) as rejected:
        ivsrealtime_emulator.publish(viewer.participant_id)
    assert rejected.value.code == "InsufficientCapabilities"

    response = ivsrealtime_client.list_participant_events(
        stage_arn=created.stage.arn,
        session_id=viewer.session_id,
        participant_id=viewer.participant_id,
    )

    error_event = response.events[-1]
    assert error_event.name is EventName.PUBLISH_ERROR
    assert error_event.error_code is EventErrorCode.INSUFFICIENT_CAPABILITIES


def test_disconnect_participant_disconnects_and_revokes(
    ivsrealtime_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    stage, tokens = create_stage_with_users(ivsrealtime_client, "troll", "host")
    troll = join_as(ivsrealtime_emulator, tokens[0])
    join_as(ivsrealtime_emulator, tokens[1])

    response = ivsrealtime_client.disconnect_participant(
        stage_arn=stage.arn, participant_id=troll.participant_id, reason="spam"
    )

    assert isinstance(response, DisconnectParticipantResponse)
    participant = ivsrealtime_client.get_participant(
        stage_arn=stage.arn,
        session_id=troll.session_id,
        participant_id=troll.participant_id,
    ).participant
    assert participant is not None
    assert participant.state is ParticipantState.DISCONNECTED
    with pytest.raises(ParticipantActionError) as rejected:
        join_as(ivsrealtime_emulator, tokens[0])
    assert rejected.value.code == "ParticipantRevoked"


def test_tag_operations_return_typed_results(
    ivsrealtime_client: IVSRealTimeClient,
) -> None:
    created = ivsrealtime_client.create_stage(tags={"keep": "1"})
    assert created.stage is not None
    arn = created.stage.arn

    tagged = ivsrealtime_client.tag_resource(resource_arn=arn, tags={"drop": "2"})
    listed = ivsrealtime_client.list_tags_for_resource(resource_arn=arn)
    untagged = ivsrealtime_client.untag_resource(resource_arn=arn, tag_keys=["drop"])
    relisted = ivsrealtime_client.list_tags_for_resource(resource_arn=arn)

    assert isinstance(tagged, TagResourceResponse)
    assert isinstance(listed, ListTagsForResourceResponse)
    assert listed.tags == {"keep": "1", "drop": "2"}
    assert isinstance(untagged, UntagResourceResponse)
    assert relisted.tags == {"keep": "1"}
