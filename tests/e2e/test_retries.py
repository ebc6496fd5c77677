"""Retries end to end: throttling and 5xx are retried, other 4xx are not.

Each retry waits a random backoff of up to one second, so these tests keep to
one retry per call.
"""

from __future__ import annotations

import json

import pytest

from ivsrealtime_client import Config, IVSRealTimeClient
from ivsrealtime_client.emulator import Emulator
from ivsrealtime_client.errors import (
    AccessDeniedException,
    ConflictException,
    ResourceNotFoundException,
    ServiceError,
    ValidationException,
)
from ivsrealtime_client.models import ParticipantTokenConfiguration

from .support import RecordingTransport, missing_stage_arn, new_client

RETRIED_ERRORS = [
    pytest.param("ThrottlingException", 400, id="throttling-400"),
    pytest.param("TooManyRequestsException", 429, id="too-many-requests-429"),
    pytest.param("InternalServerException", 500, id="internal-500"),
    pytest.param("ServiceUnavailableException", 503, id="unavailable-503"),
]


def error_type(transport: RecordingTransport, index: int) -> str:
    return transport.exchanges[index].response.headers["x-amzn-ErrorType"]


@pytest.mark.parametrize(("code", "status"), RETRIED_ERRORS)
def test_transient_error_is_retried(
    code: str,
    status: int,
    recorded_client: IVSRealTimeClient,
    transport: RecordingTransport,
    ivsrealtime_emulator: Emulator,
) -> None:
    ivsrealtime_emulator.inject_error(
        code, operation="CreateStage", status=status, count=1
    )

    created = recorded_client.create_stage(name="retried")

    assert created.stage is not None
    assert transport.count == 2
    first, second = transport.exchanges
    assert first.response.status_code == status
    assert error_type(transport, 0) == code
    assert second.response.status_code == 200
    assert [s.arn for s in recorded_client.list_stages().stages] == [created.stage.arn]


def test_retry_keeps_invocation_id(
    recorded_client: IVSRealTimeClient,
    transport: RecordingTransport,
    ivsrealtime_emulator: Emulator,
) -> None:
    ivsrealtime_emulator.inject_error(
        "ThrottlingException", operation="ListStages", status=400
    )

    recorded_client.list_stages()

    first, second = (exchange.request.headers for exchange in transport.exchanges)
    assert first["amz-sdk-invocation-id"] == second["amz-sdk-invocation-id"]
    assert first["amz-sdk-request"] == "attempt=1"
    assert second["amz-sdk-request"].endswith("attempt=2; max=3")
    assert first["Authorization"].startswith("AWS4-HMAC-SHA256 ")
    assert second["Authorization"].startswith("AWS4-HMAC-SHA256 ")


def test_retried_tag_resource_applies_once(
    recorded_client: IVSRealTimeClient,
    transport: RecordingTransport,
    ivsrealtime_emulator: Emulator,
) -> None:
    stage = recorded_client.create_stage(tags={"a": "1"}).stage
    assert stage is not None
    ivsrealtime_emulator.inject_error(
        "InternalServerException", operation="TagResource"
    )

    recorded_client.tag_resource(resource_arn=stage.arn, tags={"b": "2"})

    tag_requests = [e for e in transport.exchanges if "/tags/" in e.request.url]
    assert [e.response.status_code for e in tag_requests] == [500, 200]
    assert tag_requests[0].request.body == tag_requests[1].request.body
    assert json.loads(tag_requests[1].request.body) == {"tags": {"b": "2"}}
    tags = recorded_client.list_tags_for_resource(resource_arn=stage.arn).tags
    assert tags == {"a": "1", "b": "2"}


def test_retries_stop_at_max_attempts(
    ivsrealtime_emulator: Emulator, transport: RecordingTransport
) -> None:
    ivsrealtime_emulator.inject_error(
        "ServiceUnavailableException", operation="ListStages", status=503, count=5
    )
    config = Config(transport=transport, max_attempts=2)

    with (
        new_client(ivsrealtime_emulator, config) as client,
        pytest.raises(ServiceError) as raised,
    ):
        client.list_stages()

    assert raised.value.status_code == 503
    assert raised.value.code == "ServiceUnavailableException"
    assert transport.count == 2


@pytest.mark.parametrize(
    ("code", "error_class"),
    [
        ("ValidationException", ValidationException),
        ("AccessDeniedException", AccessDeniedException),
        ("ConflictException", ConflictException),
    ],
)
def test_injected_client_error_is_not_retried(
    code: str,
    error_class: type[ServiceError],
    recorded_client: IVSRealTimeClient,
    transport: RecordingTransport,
    ivsrealtime_emulator: Emulator,
) -> None:
    ivsrealtime_emulator.inject_error(code, operation="ListStages", count=1)

    with pytest.raises(error_class):
        recorded_client.list_stages()

    assert transport.count == 1
    assert recorded_client.list_stages().stages == []
    assert transport.count == 2


def test_not_found_is_not_retried(
    recorded_client: IVSRealTimeClient,
    transport: RecordingTransport,
    ivsrealtime_emulator: Emulator,
) -> None:
    with pytest.raises(ResourceNotFoundException):
        recorded_client.get_stage(arn=missing_stage_arn(ivsrealtime_emulator))

    assert transport.count == 1


def test_conflict_is_not_retried(
    recorded_client: IVSRealTimeClient,
    transport: RecordingTransport,
    ivsrealtime_emulator: Emulator,
) -> None:
    created = recorded_client.create_stage(
        participant_token_configurations=[ParticipantTokenConfiguration()]
    )
    assert created.stage is not None
    assert created.participant_tokens is not None
    token = created.participant_tokens[0].token
    assert token is not None
    ivsrealtime_emulator.join(token)
    sent_before = transport.count

    with pytest.raises(ConflictException):
        recorded_client.delete_stage(arn=created.stage.arn)

    assert transport.count - sent_before == 1
