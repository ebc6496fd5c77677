"""Paginators over more items than one page, against the emulator's page tokens."""

from __future__ import annotations

import pytest

from ivsrealtime_client import IVSRealTimeClient
from ivsrealtime_client.emulator import Emulator, JoinedParticipant
from ivsrealtime_client.models import (
    Event,
    EventName,
    ListStagesResponse,
    ParticipantState,
    ParticipantSummary,
    ParticipantTokenConfiguration,
    StageSessionSummary,
    StageSummary,
)

from .support import RecordingTransport


def create_stages(client: IVSRealTimeClient, count: int) -> list[str]:
    """Create ``count`` stages and return their ARNs in creation order."""
    arns = []
    for index in range(count):
        stage = client.create_stage(name=f"stage-{index}").stage
        assert stage is not None
        arns.append(stage.arn)
    return arns


def join_participants(
    client: IVSRealTimeClient, emulator: Emulator, count: int
) -> tuple[str, list[JoinedParticipant]]:
    """Create a stage with ``count`` tokens and join with each, in order."""
    created = client.create_stage(
        participant_token_configurations=[
            ParticipantTokenConfiguration(user_id=f"user-{i}") for i in range(count)
        ]
    )
    assert created.stage is not None
    assert created.participant_tokens is not None
    joined = []
    for token in created.participant_tokens:
        assert token.token is not None
        joined.append(emulator.join(token.token))
    return created.stage.arn, joined


def test_stage_pages_follow_tokens(
    recorded_client: IVSRealTimeClient, transport: RecordingTransport
) -> None:
    arns = create_stages(recorded_client, 7)
    sent_before = transport.count

    pages = list(recorded_client.paginate_list_stages(max_results=3))

    assert [len(page.stages) for page in pages] == [3, 3, 1]
    assert all(isinstance(page, ListStagesResponse) for page in pages)
    assert [s.arn for page in pages for s in page.stages] == arns
    assert pages[0].next_token
    assert pages[1].next_token
    assert pages[-1].next_token is None
    assert transport.count - sent_before == 3


def test_stage_items_span_pages(recorded_client: IVSRealTimeClient) -> None:
    arns = create_stages(recorded_client, 7)

    items = list(recorded_client.paginate_list_stages(max_results=3).items())

    assert all(isinstance(item, StageSummary) for item in items)
    assert [item.arn for item in items] == arns
    assert [item.name for item in items] == [f"stage-{i}" for i in range(7)]


def test_get_paginator_matches_method(
    recorded_client: IVSRealTimeClient, transport: RecordingTransport
) -> None:
    arns = create_stages(recorded_client, 5)
    sent_before = transport.count

    paginator = recorded_client.get_paginator("list_stages")
    items = list(paginator.paginate(max_results=2).items())

    assert [item.arn for item in items] == arns
    assert transport.count - sent_before == 3


def test_exact_multiple_stops_without_empty_page(
    recorded_client: IVSRealTimeClient, transport: RecordingTransport
) -> None:
    create_stages(recorded_client, 6)
    sent_before = transport.count

    pages = list(recorded_client.paginate_list_stages(max_results=3))

    assert [len(page.stages) for page in pages] == [3, 3]
    assert transport.count - sent_before == 2


def test_pages_are_fetched_lazily(
    recorded_client: IVSRealTimeClient, transport: RecordingTransport
) -> None:
    create_stages(recorded_client, 5)
    sent_before = transport.count

    first = next(iter(recorded_client.paginate_list_stages(max_results=2)))

    assert len(first.stages) == 2
    assert transport.count - sent_before == 1


def test_starting_token_resumes(recorded_client: IVSRealTimeClient) -> None:
    arns = create_stages(recorded_client, 7)
    first = recorded_client.list_stages(max_results=3)
    assert first.next_token is not None

    resumed = recorded_client.paginate_list_stages(
        max_results=3, starting_token=first.next_token
    )

    assert [item.arn for item in resumed.items()] == arns[3:]


def test_page_size_may_change_between_pages(
    recorded_client: IVSRealTimeClient,
) -> None:
    arns = create_stages(recorded_client, 7)
    first = recorded_client.list_stages(max_results=2)
    assert first.next_token is not None

    rest = recorded_client.paginate_list_stages(
        max_results=4, starting_token=first.next_token
    )

    assert [len(page.stages) for page in rest] == [4, 1]
    assert [s.arn for s in first.stages] == arns[:2]


def test_participant_pages(
    recorded_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    arn, joined = join_participants(recorded_client, ivsrealtime_emulator, 5)
    session_id = joined[0].session_id

    pages = list(
        recorded_client.paginate_list_participants(
            stage_arn=arn, session_id=session_id, max_results=2
        )
    )
    items = list(
        recorded_client.get_paginator("list_participants")
        .paginate(stage_arn=arn, session_id=session_id, max_results=2)
        .items()
    )

    assert [len(page.participants) for page in pages] == [2, 2, 1]
    assert all(isinstance(item, ParticipantSummary) for item in items)
    assert [p.participant_id for p in items] == [j.participant_id for j in joined]
    assert [p.user_id for p in items] == [f"user-{i}" for i in range(5)]


def test_filtered_participant_pages(
    recorded_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    arn, joined = join_participants(recorded_client, ivsrealtime_emulator, 6)
    leavers = joined[1::2]
    for participant in leavers:
        ivsrealtime_emulator.leave(participant.participant_id)

    items = list(
        recorded_client.paginate_list_participants(
            stage_arn=arn,
            session_id=joined[0].session_id,
            filter_by_state=ParticipantState.DISCONNECTED,
            max_results=2,
        ).items()
    )

    assert [p.participant_id for p in items] == [j.participant_id for j in leavers]
    assert all(p.state is ParticipantState.DISCONNECTED for p in items)


def test_participant_event_pages(
    recorded_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    arn, (host,) = join_participants(recorded_client, ivsrealtime_emulator, 1)
    for _ in range(2):
        ivsrealtime_emulator.publish(host.participant_id)
        ivsrealtime_emulator.unpublish(host.participant_id)
    ivsrealtime_emulator.leave(host.participant_id)
    paginator = recorded_client.get_paginator("list_participant_events")

    pages = list(
        paginator.paginate(
            stage_arn=arn,
            session_id=host.session_id,
            participant_id=host.participant_id,
            max_results=4,
        )
    )

    assert [len(page.events) for page in pages] == [4, 2]
    events = [event for page in pages for event in page.events]
    assert all(isinstance(event, Event) for event in events)
    assert [event.name for event in events] == [
        EventName.JOINED,
        EventName.PUBLISH_STARTED,
        EventName.PUBLISH_STOPPED,
        EventName.PUBLISH_STARTED,
        EventName.PUBLISH_STOPPED,
        EventName.LEFT,
    ]


def test_stage_session_pages(
    recorded_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> None:
    created = recorded_client.create_stage(
        participant_token_configurations=[ParticipantTokenConfiguration()]
    )
    assert created.stage is not None
    assert created.participant_tokens is not None
    token = created.participant_tokens[0].token
    assert token is not None
    session_ids = []
    for _ in range(3):
        joined = ivsrealtime_emulator.join(token)
        ivsrealtime_emulator.leave(joined.participant_id)
        session_ids.append(joined.session_id)

    pages = list(
        recorded_client.paginate_list_stage_sessions(
            stage_arn=created.stage.arn, max_results=2
        )
    )

    assert [len(page.stage_sessions) for page in pages] == [2, 1]
    items = [item for page in pages for item in page.stage_sessions]
    assert all(isinstance(item, StageSessionSummary) for item in items)
    assert [item.session_id for item in items] == session_ids[::-1]
    assert all(item.end_time is not None for item in items)


def test_unknown_paginator_is_rejected(recorded_client: IVSRealTimeClient) -> None:
    with pytest.raises(ValueError, match="list_stages"):
        recorded_client.get_paginator("list_tags_for_resource")  # type: ignore[call-overload]
