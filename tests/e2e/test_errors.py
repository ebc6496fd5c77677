"""Modeled errors of every operation reach the caller as their generated classes.

Natural errors come from the emulator's own semantics and validation, and the
others are injected. Each error must carry its code, the text of the body's
``exceptionMessage``, the HTTP status and the response's request id.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import attrs
import pytest

from ivsrealtime_client import Config, IVSRealTimeClient
from ivsrealtime_client import errors as client_errors
from ivsrealtime_client.emulator import Emulator, start_emulator
from ivsrealtime_client.errors import (
    AccessDeniedException,
    ConflictException,
    InternalServerException,
    ModeledServiceError,
    PendingVerification,
    ResourceNotFoundException,
    ServiceError,
    ServiceQuotaExceededException,
    ValidationException,
)
from ivsrealtime_client.models import (
    ParticipantState,
    ParticipantTokenConfiguration,
)

from .support import REQUEST_ID, RecordingTransport, missing_stage_arn, new_client

MODEL_RESOURCE = "data/ivs-realtime-2020-07-14.service-2.json"
UNKNOWN_PARTICIPANT_ID = "unknownPart1"
UNKNOWN_SESSION_ID = "st-0000000000000"
OVERSIZED_ATTRIBUTES = {"notes": "n" * 1100}


def load_model() -> dict[str, Any]:
    text = resources.files("ivsrealtime_client").joinpath(MODEL_RESOURCE).read_text()
    model: dict[str, Any] = json.loads(text)
    return model


MODEL = load_model()
MODELED_ERRORS = [
    (operation, error["shape"])
    for operation, spec in sorted(MODEL["operations"].items())
    for error in spec.get("errors", [])
]


@attrs.frozen
class LiveStage:
    """A stage with one connected participant, and an ARN that does not exist."""

    arn: str
    session_id: str
    participant_id: str
    missing_arn: str


@pytest.fixture
def live_stage(
    ivsrealtime_client: IVSRealTimeClient, ivsrealtime_emulator: Emulator
) -> LiveStage:
    created = ivsrealtime_client.create_stage(
        name="live",
        participant_token_configurations=[ParticipantTokenConfiguration()],
        tags={"existing": "tag"},
    )
    assert created.stage is not None
    assert created.participant_tokens is not None
    token = created.participant_tokens[0].token
    assert token is not None
    joined = ivsrealtime_emulator.join(token)
    return LiveStage(
        arn=created.stage.arn,
        session_id=joined.session_id,
        participant_id=joined.participant_id,
        missing_arn=missing_stage_arn(ivsrealtime_emulator),
    )


Call = Callable[[IVSRealTimeClient, LiveStage], object]


def assert_modeled_error(
    error: ServiceError,
    expected: type[ModeledServiceError],
    status: int,
    transport: RecordingTransport,
) -> None:
    """Check class, code, status, message and request id against the response."""
    response = transport.exchanges[-1].response
    body = json.loads(response.body)

    assert type(error) is expected
    assert error.code == expected.__name__
    assert error.status_code == status
    assert response.status_code == status
    assert error.message
    assert error.message == body["exceptionMessage"]
    assert isinstance(error, ModeledServiceError)
    # The base class types ``data`` as object; each generated class narrows it.
    assert error.data.exception_message == error.message  # type: ignore[attr-defined]
    assert error.request_id is not None
    assert REQUEST_ID.fullmatch(error.request_id)
    assert error.request_id == response.headers["x-amzn-RequestId"]
    assert error.code in str(error)
    assert error.message in str(error)
    assert error.request_id in str(error)


@pytest.fixture
def unchecked_client(
    ivsrealtime_emulator: Emulator, transport: RecordingTransport
) -> Iterator[IVSRealTimeClient]:
    """A client that sends invalid input, so that the emulator validates it."""
    config = Config(transport=transport, validate=False)
    with new_client(ivsrealtime_emulator, config) as client:
        yield client


NOT_FOUND_CALLS: dict[str, Call] = {
    "CreateParticipantToken": lambda c, s: c.create_participant_token(
        stage_arn=s.missing_arn
    ),
    "DeleteStage": lambda c, s: c.delete_stage(arn=s.missing_arn),
    "DisconnectParticipant": lambda c, s: c.disconnect_participant(
        stage_arn=s.arn, participant_id=UNKNOWN_PARTICIPANT_ID
    ),
    "GetParticipant": lambda c, s: c.get_participant(
        stage_arn=s.arn, session_id=s.session_id, participant_id=UNKNOWN_PARTICIPANT_ID
    ),
    "GetStage": lambda c, s: c.get_stage(arn=s.missing_arn),
    "GetStageSession": lambda c, s: c.get_stage_session(
        stage_arn=s.arn, session_id=UNKNOWN_SESSION_ID
    ),
    "ListTagsForResource": lambda c, s: c.list_tags_for_resource(
        resource_arn=s.missing_arn
    ),
    "TagResource": lambda c, s: c.tag_resource(
        resource_arn=s.missing_arn, tags={"k": "v"}
    ),
    "UntagResource": lambda c, s: c.untag_resource(
        resource_arn=s.missing_arn, tag_keys=["k"]
    ),
    "UpdateStage": lambda c, s: c.update_stage(arn=s.missing_arn, name="renamed"),
}


@pytest.mark.parametrize("operation", sorted(NOT_FOUND_CALLS))
def test_not_found_error(
    operation: str,
    recorded_client: IVSRealTimeClient,
    transport: RecordingTransport,
    live_stage: LiveStage,
) -> None:
    with pytest.raises(ResourceNotFoundException) as raised:
        NOT_FOUND_CALLS[operation](recorded_client, live_stage)

    assert_modeled_error(raised.value, ResourceNotFoundException, 404, transport)
    assert raised.value.operation == operation
    assert "not found" in raised.value.message


def test_not_found_covers_every_modeled_operation() -> None:
    modeled = {
        op for op, error in MODELED_ERRORS if error == "ResourceNotFoundException"
    }
    assert set(NOT_FOUND_CALLS) == modeled


# Values that break one model constraint each, with the emulator's wording of
# the member that failed. Only a client with validation off sends them.
INVALID_CALLS: dict[str, tuple[Call, str]] = {
    "CreateParticipantToken": (
        lambda c, s: c.create_participant_token(stage_arn=s.arn, duration=0),
        "at 'duration'",
    ),
    "CreateStage": (lambda c, s: c.create_stage(name="x" * 129), "at 'name'"),
    "DeleteStage": (lambda c, s: c.delete_stage(arn="not-an-arn"), "at 'arn'"),
    "DisconnectParticipant": (
        lambda c, s: c.disconnect_participant(
            stage_arn=s.arn, participant_id=s.participant_id, reason="r" * 129
        ),
        "at 'reason'",
    ),
    "GetParticipant": (
        lambda c, s: c.get_participant(
            stage_arn=s.arn, session_id="st-short", participant_id=s.participant_id
        ),
        "at 'sessionId'",
    ),
    "GetStage": (
        lambda c, s: c.get_stage(arn=s.arn.replace(":stage/", ":channel/")),
        "at 'arn'",
    ),
    "GetStageSession": (
        lambda c, s: c.get_stage_session(stage_arn=s.arn, session_id="session-1234567"),
        "at 'sessionId'",
    ),
    "ListParticipantEvents": (
        lambda c, s: c.list_participant_events(
            stage_arn=s.arn,
            session_id=s.session_id,
            participant_id=s.participant_id,
            max_results=101,
        ),
        "at 'maxResults'",
    ),
    "ListParticipants": (
        lambda c, s: c.list_participants(
            stage_arn=s.arn,
            session_id=s.session_id,
            filter_by_state=ParticipantState("GONE"),
        ),
        "at 'filterByState'",
    ),
    "ListStageSessions": (
        lambda c, s: c.list_stage_sessions(stage_arn=s.arn, max_results=0),
        "at 'maxResults'",
    ),
    "ListStages": (
        lambda c, s: c.list_stages(next_token="not a token!"),
        "at 'nextToken'",
    ),
    "ListTagsForResource": (
        lambda c, s: c.list_tags_for_resource(resource_arn="not-an-arn"),
        "at 'resourceArn'",
    ),
    "TagResource": (
        lambda c, s: c.tag_resource(resource_arn=s.arn, tags={"k": "v" * 257}),
        "at 'tags",
    ),
    "UntagResource": (
        lambda c, s: c.untag_resource(resource_arn=s.arn, tag_keys=["k" * 129]),
        "at 'tagKeys",
    ),
    "UpdateStage": (
        lambda c, s: c.update_stage(arn=s.arn, name="has spaces"),
        "at 'name'",
    ),
}


@pytest.mark.parametrize("operation", sorted(INVALID_CALLS))
def test_emulator_validation_error(
    operation: str,
    unchecked_client: IVSRealTimeClient,
    transport: RecordingTransport,
    live_stage: LiveStage,
) -> None:
    call, member = INVALID_CALLS[operation]

    with pytest.raises(ValidationException) as raised:
        call(unchecked_client, live_stage)

    assert_modeled_error(raised.value, ValidationException, 400, transport)
    assert raised.value.operation == operation
    assert "failed to satisfy constraint" in raised.value.message
    assert member in raised.value.message


def test_emulator_validation_covers_every_operation() -> None:
    assert set(INVALID_CALLS) == set(MODEL["operations"])


# Rules that the model states only in documentation or that depend on state, so
# the client's validation passes them and the emulator rejects them.
SERVICE_RULE_CALLS: dict[str, tuple[Call, str]] = {
    "two participant filters": (
        lambda c, s: c.list_participants(
            stage_arn=s.arn,
            session_id=s.session_id,
            filter_by_published=True,
            filter_by_state=ParticipantState.CONNECTED,
        ),
        "Only one of filterByUserId",
    ),
    "reserved tag prefix on create": (
        lambda c, s: c.create_stage(tags={"aws:team": "video"}),
        "reserved prefix",
    ),
    "reserved tag prefix on tag": (
        lambda c, s: c.tag_resource(resource_arn=s.arn, tags={"AWS:team": "video"}),
        "reserved prefix",
    ),
    "more than 50 tags in all": (
        lambda c, s: c.tag_resource(
            resource_arn=s.arn, tags={f"key-{i}": "v" for i in range(50)}
        ),
        "more than the maximum of 50",
    ),
    "token attributes over 1 KB": (
        lambda c, s: c.create_participant_token(
            stage_arn=s.arn, attributes=OVERSIZED_ATTRIBUTES
        ),
        "maximum of 1024 bytes",
    ),
    "stage token attributes over 1 KB": (
        lambda c, s: c.create_stage(
            participant_token_configurations=[
                ParticipantTokenConfiguration(attributes=OVERSIZED_ATTRIBUTES)
            ]
        ),
        "maximum of 1024 bytes",
    ),
    "forged page token": (
        lambda c, s: c.list_stages(next_token="Zm9yZ2VkLXRva2Vu"),
        "nextToken is not valid",
    ),
    "page token of other parameters": (
        lambda c, s: c.list_participant_events(
            stage_arn=s.arn,
            session_id=s.session_id,
            participant_id=UNKNOWN_PARTICIPANT_ID,
            next_token=first_events_token(c, s),
        ),
        "issued for a different request",
    ),
}


def first_events_token(client: IVSRealTimeClient, stage: LiveStage) -> str:
    """Return the page token after the first event of the live participant."""
    page = client.list_participant_events(
        stage_arn=stage.arn,
        session_id=stage.session_id,
        participant_id=stage.participant_id,
        max_results=1,
    )
    assert page.next_token is not None, "the participant needs two events"
    return page.next_token


@pytest.mark.parametrize("case", sorted(SERVICE_RULE_CALLS))
def test_service_rule_validation_error(
    case: str,
    recorded_client: IVSRealTimeClient,
    transport: RecordingTransport,
    live_stage: LiveStage,
    ivsrealtime_emulator: Emulator,
) -> None:
    call, fragment = SERVICE_RULE_CALLS[case]
    # A second event for the live participant, so that its events have two pages.
    ivsrealtime_emulator.publish(live_stage.participant_id)

    with pytest.raises(ValidationException) as raised:
        call(recorded_client, live_stage)

    assert_modeled_error(raised.value, ValidationException, 400, transport)
    assert fragment in raised.value.message


def test_untag_without_keys_is_rejected(
    recorded_client: IVSRealTimeClient,
    transport: RecordingTransport,
    live_stage: LiveStage,
) -> None:
    # An empty list is valid for the model but sends no tagKeys at all, and the
    # member is required.
    with pytest.raises(ValidationException) as raised:
        recorded_client.untag_resource(resource_arn=live_stage.arn, tag_keys=[])

    assert_modeled_error(raised.value, ValidationException, 400, transport)
    assert "at 'tagKeys'" in raised.value.message


def test_delete_stage_with_participants_conflicts(
    recorded_client: IVSRealTimeClient,
    transport: RecordingTransport,
    live_stage: LiveStage,
) -> None:
    with pytest.raises(ConflictException) as raised:
        recorded_client.delete_stage(arn=live_stage.arn)

    assert_modeled_error(raised.value, ConflictException, 409, transport)
    assert live_stage.session_id in raised.value.message
    assert recorded_client.get_stage(arn=live_stage.arn).stage is not None


def test_create_stage_over_quota(transport: RecordingTransport) -> None:
    with (
        start_emulator(stage_quota=2) as emulator,
        new_client(emulator, Config(transport=transport)) as client,
    ):
        client.create_stage(name="one")
        client.create_stage(name="two")

        with pytest.raises(ServiceQuotaExceededException) as raised:
            client.create_stage(name="three")

        assert_modeled_error(
            raised.value, ServiceQuotaExceededException, 402, transport
        )
        assert "quota of 2 stages" in raised.value.message
        assert len(client.list_stages().stages) == 2


# One call per operation that passes validation, so that an injected error
# replaces it.
VALID_CALLS: dict[str, Call] = {
    "CreateParticipantToken": lambda c, s: c.create_participant_token(stage_arn=s.arn),
    "CreateStage": lambda c, s: c.create_stage(name="injected"),
    "DeleteStage": lambda c, s: c.delete_stage(arn=s.arn),
    "DisconnectParticipant": lambda c, s: c.disconnect_participant(
        stage_arn=s.arn, participant_id=s.participant_id
    ),
    "GetParticipant": lambda c, s: c.get_participant(
        stage_arn=s.arn, session_id=s.session_id, participant_id=s.participant_id
    ),
    "GetStage": lambda c, s: c.get_stage(arn=s.arn),
    "GetStageSession": lambda c, s: c.get_stage_session(
        stage_arn=s.arn, session_id=s.session_id
    ),
    "ListParticipantEvents": lambda c, s: c.list_participant_events(
        stage_arn=s.arn, session_id=s.session_id, participant_id=s.participant_id
    ),
    "ListParticipants": lambda c, s: c.list_participants(
        stage_arn=s.arn, session_id=s.session_id
    ),
    "ListStageSessions": lambda c, s: c.list_stage_sessions(stage_arn=s.arn),
    "ListStages": lambda c, s: c.list_stages(),
    "ListTagsForResource": lambda c, s: c.list_tags_for_resource(resource_arn=s.arn),
    "TagResource": lambda c, s: c.tag_resource(resource_arn=s.arn, tags={"k": "v"}),
    "UntagResource": lambda c, s: c.untag_resource(
        resource_arn=s.arn, tag_keys=["existing"]
    ),
    "UpdateStage": lambda c, s: c.update_stage(arn=s.arn, name="renamed"),
}


@pytest.mark.parametrize(("operation", "error_name"), MODELED_ERRORS)
def test_injected_modeled_error(
    operation: str,
    error_name: str,
    single_attempt_client: IVSRealTimeClient,
    transport: RecordingTransport,
    live_stage: LiveStage,
    ivsrealtime_emulator: Emulator,
) -> None:
    expected: type[ModeledServiceError] = getattr(client_errors, error_name)
    status = MODEL["shapes"][error_name]["error"]["httpStatusCode"]
    message = f"{error_name} of {operation}, injected by the test"
    ivsrealtime_emulator.inject_error(error_name, operation=operation, message=message)

    with pytest.raises(expected) as raised:
        VALID_CALLS[operation](single_attempt_client, live_stage)

    assert_modeled_error(raised.value, expected, status, transport)
    assert raised.value.message == message
    assert raised.value.operation == operation
    assert transport.count == 1


def test_valid_calls_cover_every_operation() -> None:
    assert set(VALID_CALLS) == set(MODEL["operations"])


@pytest.mark.parametrize(
    ("error_class", "status", "documented_message"),
    [
        (
            AccessDeniedException,
            403,
            "User does not have sufficient access to perform this action.",
        ),
        (PendingVerification, 403, "Your account is pending verification."),
        (
            InternalServerException,
            500,
            "Unexpected error during processing of request.",
        ),
    ],
)
def test_injected_error_with_default_message(
    error_class: type[ModeledServiceError],
    status: int,
    documented_message: str,
    single_attempt_client: IVSRealTimeClient,
    transport: RecordingTransport,
    live_stage: LiveStage,
    ivsrealtime_emulator: Emulator,
) -> None:
    operation = next(
        op for op, error in MODELED_ERRORS if error == error_class.__name__
    )
    ivsrealtime_emulator.inject_error(error_class.__name__, operation=operation)

    with pytest.raises(error_class) as raised:
        VALID_CALLS[operation](single_attempt_client, live_stage)

    assert_modeled_error(raised.value, error_class, status, transport)
    assert raised.value.message == documented_message


def test_unmodeled_error_code_raises_service_error(
    recorded_client: IVSRealTimeClient,
    transport: RecordingTransport,
    ivsrealtime_emulator: Emulator,
) -> None:
    ivsrealtime_emulator.inject_error(
        "UnknownOperationException",
        operation="ListStages",
        status=400,
        message="This code is in no model.",
    )

    with pytest.raises(ServiceError) as raised:
        recorded_client.list_stages()

    error = raised.value
    assert type(error) is ServiceError
    assert error.code == "UnknownOperationException"
    assert error.status_code == 400
    assert (
        error.request_id == transport.exchanges[-1].response.headers["x-amzn-RequestId"]
    )
    assert transport.count == 1


@pytest.mark.parametrize(
    ("use_known_key", "code"),
    [
        pytest.param(True, "InvalidSignatureException", id="wrong-secret"),
        pytest.param(False, "UnrecognizedClientException", id="unknown-key"),
    ],
)
def test_rejected_credentials_raise_service_error(
    use_known_key: bool,
    code: str,
    ivsrealtime_emulator: Emulator,
    transport: RecordingTransport,
) -> None:
    known_key = ivsrealtime_emulator.credentials.access_key_id
    client = IVSRealTimeClient(
        endpoint_url=ivsrealtime_emulator.url,
        region_name=ivsrealtime_emulator.region,
        aws_access_key_id=known_key if use_known_key else "AKIAUNKNOWNKEY000000",
        aws_secret_access_key="not-the-emulator-secret",
        config=Config(transport=transport),
    )

    with client, pytest.raises(ServiceError) as raised:
        client.list_stages()

    error = raised.value
    # The header carries a ":<namespace URL>" suffix that the client removes.
    assert ":" in transport.exchanges[-1].response.headers["x-amzn-ErrorType"]
    assert type(error) is ServiceError
    assert error.code == code
    assert error.status_code == 403
    assert error.message
    assert (
        error.request_id == transport.exchanges[-1].response.headers["x-amzn-RequestId"]
    )
    assert transport.count == 1
