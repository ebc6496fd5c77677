"""Models and exceptions survive pickle and deepcopy, as across processes."""

from __future__ import annotations

import copy
import pickle

from ivsrealtime_client import errors, models


def test_model_with_unknown_fields_pickles() -> None:
    response = models.ListStagesResponse(stages=[models.StageSummary(arn="a")])
    response.stages[0].unknown_fields = {"newMember": 1}

    restored = pickle.loads(pickle.dumps(response))

    assert restored == response
    assert restored.stages[0].unknown_fields == {"newMember": 1}


def test_model_without_unknown_fields_deep_copies() -> None:
    configuration = models.ParticipantTokenConfiguration(user_id="host")

    copied = copy.deepcopy(configuration)

    assert copied == configuration
    assert copied.unknown_fields == {}


def test_unknown_enum_value_pickles() -> None:
    restored = pickle.loads(pickle.dumps(models.ParticipantState("RECONNECTING")))

    assert restored.value == "RECONNECTING"
    assert restored.is_known is False


def test_known_enum_member_pickles_to_itself() -> None:
    state = models.ParticipantState.CONNECTED

    assert pickle.loads(pickle.dumps(state)) is state


def test_modeled_error_pickles_with_data() -> None:
    error = errors.ResourceNotFoundException(
        data=models.ResourceNotFoundException(exception_message="no stage"),
        code="ResourceNotFoundException",
        message="no stage",
        status_code=404,
        request_id="req-1",
        operation="GetStage",
        headers={"X-Amzn-RequestId": "req-1"},
    )

    restored = pickle.loads(pickle.dumps(error))

    assert type(restored) is errors.ResourceNotFoundException
    assert str(restored) == str(error)
    assert restored.exception_message == "no stage"
    assert restored.status_code == 404
    assert restored.headers.get("x-amzn-requestid") == "req-1"


def test_validation_error_pickles_with_violations() -> None:
    error = errors.ParamValidationError("GetStage", [errors.Violation("arn", "bad")])

    restored = pickle.loads(pickle.dumps(error))

    assert restored.violations == error.violations
    assert restored.operation == "GetStage"


def test_transport_error_keeps_url() -> None:
    error = errors.EndpointConnectionError("refused", url="http://127.0.0.1:9/x")

    restored = copy.deepcopy(error)

    assert restored.url == "http://127.0.0.1:9/x"
    assert str(restored) == "refused"


def test_long_violation_list_is_cut_in_message() -> None:
    violations = [errors.Violation(f"items[{i}]", "bad") for i in range(200)]

    error = errors.ParamValidationError("CreateStage", violations)

    assert len(error.violations) == 200
    assert "items[49]: bad" in str(error)
    assert "items[50]: bad" not in str(error)
    assert "... and 150 more" in str(error)
