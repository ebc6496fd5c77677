"""Typed use of every client method, for ``mypy --strict`` to check.

``test_usage.py`` runs mypy on this file. No function here is called, so nothing
is sent. Each ``assert_type`` fails the check when an inferred type changes.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from typing import Any

from ivsrealtime_client import Config, IVSRealTimeClient, errors, models
from ivsrealtime_client.paginators import (
    ListParticipantEventsPaginator,
    ListParticipantsPaginator,
    ListStageSessionsPaginator,
    ListStagesPaginator,
)
from ivsrealtime_client.runtime.pagination import PageIterator

if sys.version_info >= (3, 11):
    from typing import assert_type
else:
    from typing_extensions import assert_type

STAGE_ARN = "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh"
SESSION_ID = "st-a1b2c3d4e5f6g"
PARTICIPANT_ID = "p1a2b3c4d5e6"


def build_clients() -> None:
    client = IVSRealTimeClient(
        region_name="us-west-2",
        endpoint_url="http://127.0.0.1:4566",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        aws_session_token="token",
        config=Config(max_attempts=5, read_timeout=5.0, validate=False),
    )
    assert_type(client, IVSRealTimeClient)
    assert_type(client.region_name, str)
    assert_type(client.endpoint_url, str)

    with IVSRealTimeClient(profile_name="dev") as scoped:
        assert_type(scoped, IVSRealTimeClient)
    client.close()


def build_models() -> None:
    capability = models.ParticipantTokenCapability("PUBLISH")
    assert_type(capability, models.ParticipantTokenCapability)
    assert_type(capability.value, str)
    assert_type(capability.is_known, bool)

    configuration = models.ParticipantTokenConfiguration(
        attributes={"role": "host"},
        capabilities=[models.ParticipantTokenCapability.PUBLISH, capability],
        duration=60,
        user_id="user-1",
    )
    assert_type(configuration, models.ParticipantTokenConfiguration)
    assert_type(
        configuration.capabilities, list[models.ParticipantTokenCapability] | None
    )
    assert_type(configuration.attributes, dict[str, str] | None)
    assert_type(configuration.duration, int | None)

    request = models.UntagResourceRequest(resource_arn=STAGE_ARN, tag_keys=["team"])
    assert_type(request.tag_keys, list[str])
    assert_type(request.unknown_fields, Mapping[str, Any])

    stage = models.Stage(arn=STAGE_ARN, name="demo")
    assert_type(stage, models.Stage)
    assert_type(stage.arn, str)
    assert_type(stage.active_session_id, str | None)


def manage_stages(client: IVSRealTimeClient) -> None:
    created = client.create_stage(
        name="demo-stage",
        participant_token_configurations=[
            models.ParticipantTokenConfiguration(
                capabilities=[models.ParticipantTokenCapability.SUBSCRIBE]
            )
        ],
        tags={"team": "video"},
    )
    assert_type(created, models.CreateStageResponse)
    assert_type(created.stage, models.Stage | None)
    assert_type(created.participant_tokens, list[models.ParticipantToken] | None)
    if created.participant_tokens:
        token = created.participant_tokens[0]
        assert_type(token.token, str | None)
        assert_type(token.expiration_time, dt.datetime | None)
        assert_type(token.capabilities, list[models.ParticipantTokenCapability] | None)

    fetched = client.get_stage(arn=STAGE_ARN)
    assert_type(fetched, models.GetStageResponse)
    if fetched.stage is not None:
        assert_type(fetched.stage.arn, str)
        assert_type(fetched.stage.tags, dict[str, str] | None)

    updated = client.update_stage(arn=STAGE_ARN, name="renamed")
    assert_type(updated, models.UpdateStageResponse)
    assert_type(updated.stage, models.Stage | None)

    listed = client.list_stages(max_results=10, next_token=None)
    assert_type(listed, models.ListStagesResponse)
    assert_type(listed.stages, list[models.StageSummary])
    assert_type(listed.next_token, str | None)

    deleted = client.delete_stage(arn=STAGE_ARN)
    assert_type(deleted, models.DeleteStageResponse)


def manage_participants(client: IVSRealTimeClient) -> None:
    token = client.create_participant_token(
        stage_arn=STAGE_ARN,
        attributes={"seat": "1"},
        capabilities=[models.ParticipantTokenCapability.PUBLISH],
        duration=720,
        user_id="user-2",
    )
    assert_type(token, models.CreateParticipantTokenResponse)
    assert_type(token.participant_token, models.ParticipantToken | None)

    participant = client.get_participant(
        participant_id=PARTICIPANT_ID, session_id=SESSION_ID, stage_arn=STAGE_ARN
    )
    assert_type(participant, models.GetParticipantResponse)
    if participant.participant is not None:
        assert_type(participant.participant.state, models.ParticipantState | None)
        assert_type(participant.participant.first_join_time, dt.datetime | None)
        assert_type(participant.participant.published, bool | None)

    participants = client.list_participants(
        session_id=SESSION_ID,
        stage_arn=STAGE_ARN,
        filter_by_published=True,
        filter_by_state=models.ParticipantState.CONNECTED,
        filter_by_user_id="user-2",
        max_results=50,
        next_token=None,
    )
    assert_type(participants, models.ListParticipantsResponse)
    assert_type(participants.participants, list[models.ParticipantSummary])

    events = client.list_participant_events(
        participant_id=PARTICIPANT_ID,
        session_id=SESSION_ID,
        stage_arn=STAGE_ARN,
        max_results=100,
    )
    assert_type(events, models.ListParticipantEventsResponse)
    for event in events.events:
        assert_type(event.name, models.EventName | None)
        assert_type(event.error_code, models.EventErrorCode | None)
        assert_type(event.event_time, dt.datetime | None)

    disconnected = client.disconnect_participant(
        participant_id=PARTICIPANT_ID, stage_arn=STAGE_ARN, reason="spam"
    )
    assert_type(disconnected, models.DisconnectParticipantResponse)


def inspect_sessions(client: IVSRealTimeClient) -> None:
    session = client.get_stage_session(session_id=SESSION_ID, stage_arn=STAGE_ARN)
    assert_type(session, models.GetStageSessionResponse)
    if session.stage_session is not None:
        assert_type(session.stage_session.start_time, dt.datetime | None)
        assert_type(session.stage_session.end_time, dt.datetime | None)

    sessions = client.list_stage_sessions(stage_arn=STAGE_ARN, max_results=5)
    assert_type(sessions, models.ListStageSessionsResponse)
    assert_type(sessions.stage_sessions, list[models.StageSessionSummary])


def manage_tags(client: IVSRealTimeClient) -> None:
    tagged = client.tag_resource(resource_arn=STAGE_ARN, tags={"team": "video"})
    assert_type(tagged, models.TagResourceResponse)

    tags = client.list_tags_for_resource(resource_arn=STAGE_ARN)
    assert_type(tags, models.ListTagsForResourceResponse)
    assert_type(tags.tags, dict[str, str])

    untagged = client.untag_resource(resource_arn=STAGE_ARN, tag_keys=["team"])
    assert_type(untagged, models.UntagResourceResponse)


def paginate(client: IVSRealTimeClient) -> None:
    stage_pages = client.paginate_list_stages(max_results=10)
    assert_type(
        stage_pages, PageIterator[models.ListStagesResponse, models.StageSummary]
    )
    for page in stage_pages:
        assert_type(page, models.ListStagesResponse)
    for summary in stage_pages.items():
        assert_type(summary, models.StageSummary)

    session_pages = client.paginate_list_stage_sessions(stage_arn=STAGE_ARN)
    for stage_session in session_pages.items():
        assert_type(stage_session, models.StageSessionSummary)

    participant_pages = client.paginate_list_participants(
        session_id=SESSION_ID, stage_arn=STAGE_ARN, starting_token="abc"
    )
    for participant in participant_pages.items():
        assert_type(participant, models.ParticipantSummary)

    event_pages = client.paginate_list_participant_events(
        participant_id=PARTICIPANT_ID, session_id=SESSION_ID, stage_arn=STAGE_ARN
    )
    for event in event_pages.items():
        assert_type(event, models.Event)

    stages_paginator = client.get_paginator("list_stages")
    assert_type(stages_paginator, ListStagesPaginator)
    assert_type(
        stages_paginator.paginate(max_results=5),
        PageIterator[models.ListStagesResponse, models.StageSummary],
    )
    assert_type(client.get_paginator("list_stage_sessions"), ListStageSessionsPaginator)
    assert_type(client.get_paginator("list_participants"), ListParticipantsPaginator)
    assert_type(
        client.get_paginator("list_participant_events"),
        ListParticipantEventsPaginator,
    )


def handle_errors(client: IVSRealTimeClient) -> None:
    try:
        client.get_stage(arn=STAGE_ARN)
    except errors.ResourceNotFoundException as exc:
        assert_type(exc.exception_message, str | None)
        assert_type(exc.data, models.ResourceNotFoundException)
        assert_type(exc.code, str)
        assert_type(exc.message, str)
        assert_type(exc.status_code, int)
        assert_type(exc.request_id, str | None)
    except errors.ServiceError as exc:
        assert_type(exc.headers, Mapping[str, str])
    except errors.ParamValidationError as exc:
        for violation in exc.violations:
            assert_type(violation, errors.Violation)
            assert_type(violation.path, str)
    except errors.SDKError as exc:
        assert_type(exc, errors.SDKError)
