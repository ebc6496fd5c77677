"""A small workflow through ``RequestsTransport`` instead of the urllib3 default."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from ivsrealtime_client import Config, IVSRealTimeClient
from ivsrealtime_client.emulator import Emulator
from ivsrealtime_client.errors import ResourceNotFoundException
from ivsrealtime_client.models import (
    ParticipantState,
    ParticipantTokenConfiguration,
)
from ivsrealtime_client.runtime.requests_transport import RequestsTransport

from .support import REQUEST_ID, missing_stage_arn, new_client


class ResponseLog:
    """A ``requests`` response hook that keeps method, path and status."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str, int]] = []

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        request = response.request
        path = urlsplit(request.url or "").path
        self.entries.append((request.method or "", path, response.status_code))


@pytest.fixture
def response_log() -> ResponseLog:
    return ResponseLog()


@pytest.fixture
def requests_client(
    ivsrealtime_emulator: Emulator, response_log: ResponseLog
) -> Iterator[IVSRealTimeClient]:
    with requests.Session() as session:
        session.hooks["response"].append(response_log)
        config = Config(transport=RequestsTransport(session))
        with new_client(ivsrealtime_emulator, config) as client:
            yield client


def test_workflow_over_requests(
    requests_client: IVSRealTimeClient,
    ivsrealtime_emulator: Emulator,
    response_log: ResponseLog,
) -> None:
    created = requests_client.create_stage(
        name="over-requests",
        participant_token_configurations=[ParticipantTokenConfiguration(user_id="a")],
        tags={"transport": "requests", "drop": "me"},
    )
    assert created.stage is not None
    assert created.participant_tokens is not None
    arn = created.stage.arn
    token = created.participant_tokens[0].token
    assert token is not None
    joined = ivsrealtime_emulator.join(token)

    participants = requests_client.list_participants(
        stage_arn=arn, session_id=joined.session_id
    ).participants
    requests_client.untag_resource(resource_arn=arn, tag_keys=["drop", "absent"])
    tags = requests_client.list_tags_for_resource(resource_arn=arn).tags
    requests_client.disconnect_participant(
        stage_arn=arn, participant_id=joined.participant_id
    )
    requests_client.delete_stage(arn=arn)

    assert [p.participant_id for p in participants] == [joined.participant_id]
    assert participants[0].state is ParticipantState.CONNECTED
    assert tags == {"transport": "requests"}
    assert requests_client.list_stages().stages == []
    methods = [(method, status) for method, _, status in response_log.entries]
    assert ("DELETE", 200) in methods
    assert ("GET", 200) in methods
    assert len(response_log.entries) == 7


def test_errors_over_requests(
    requests_client: IVSRealTimeClient,
    ivsrealtime_emulator: Emulator,
    response_log: ResponseLog,
) -> None:
    missing = missing_stage_arn(ivsrealtime_emulator)

    with pytest.raises(ResourceNotFoundException) as raised:
        requests_client.get_stage(arn=missing)

    assert raised.value.status_code == 404
    assert missing in raised.value.message
    assert raised.value.request_id is not None
    assert REQUEST_ID.fullmatch(raised.value.request_id)
    assert response_log.entries == [("POST", "/GetStage", 404)]


def test_retry_over_requests(
    requests_client: IVSRealTimeClient,
    ivsrealtime_emulator: Emulator,
    response_log: ResponseLog,
) -> None:
    ivsrealtime_emulator.inject_error(
        "ServiceUnavailableException", operation="ListStages", status=503
    )

    response = requests_client.list_stages()

    assert response.stages == []
    assert response_log.entries == [
        ("POST", "/ListStages", 503),
        ("POST", "/ListStages", 200),
    ]
