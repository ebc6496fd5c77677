"""Parsed responses and errors of every operation carry the same data as botocore's.

botocore's rest-json parser reads this project's model file, so both sides parse
against the same shapes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from botocore.awsrequest import HeadersDict
from botocore.loaders import JSONFileLoader
from botocore.model import ServiceModel
from botocore.parsers import create_parser
from hypothesis import HealthCheck, given, settings

from ivsrealtime_client import IVSRealTimeClient
from ivsrealtime_client.errors import ModeledServiceError, ServiceError
from ivsrealtime_client.runtime.schema import OperationSchema
from ivsrealtime_client.runtime.transport import HttpResponse

from .conversions import naive_as_utc, strip_metadata, to_plain
from .counts import count_example
from .strategies import ErrorResponse, ResponseBody, error_responses, response_documents
from .test_requests import OPERATIONS, operation_id

EXAMPLES_PER_OPERATION = 40

PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

REQUEST_ID = "0d3a9e9c-5e0b-4a7c-9d1e-differential"


@pytest.fixture(scope="module")
def service_model(model_path: Path) -> ServiceModel:
    document = JSONFileLoader().load_file(str(model_path.with_suffix("")))
    return ServiceModel(document, service_name="ivs-realtime")


def botocore_response(status: int, headers: dict[str, str], body: bytes) -> Any:
    return {"status_code": status, "headers": HeadersDict(headers), "body": body}


@pytest.mark.parametrize("operation", OPERATIONS, ids=operation_id)
def test_output_matches_botocore(
    operation: OperationSchema, ours: IVSRealTimeClient, service_model: ServiceModel
) -> None:
    shape = operation.output
    assert shape is not None
    output_shape = service_model.operation_model(operation.name).output_shape
    parser = create_parser("rest-json")

    @PROPERTY_SETTINGS
    @given(response=response_documents(shape))
    def check(response: ResponseBody) -> None:
        count_example("output", operation.name)
        headers = {"content-type": "application/json", "x-amzn-requestid": REQUEST_ID}
        parsed = ours._parse_output(
            operation, HttpResponse(200, headers, response.body), shape.python_class
        )
        expected = parser.parse(
            botocore_response(200, headers, response.body), output_shape
        )

        # botocore returns ISO 8601 text without an offset as a naive datetime;
        # this client reads it as UTC (a deliberate difference).
        assert to_plain(parsed, shape) == naive_as_utc(strip_metadata(expected))
        # botocore drops members it does not know; this client keeps them, but
        # not yet for an output with no members (see the test below).
        if shape.members:
            known = {member.wire_name for member in shape.members}
            unknown = {k: v for k, v in response.document.items() if k not in known}
            assert dict(parsed.unknown_fields) == unknown

    check()


def test_empty_output_keeps_unknown_members(ours: IVSRealTimeClient) -> None:
    operation = next(op for op in OPERATIONS if op.name == "DeleteStage")
    assert operation.output is not None
    body = b'{"newerMember": "kept"}'
    parsed = ours._parse_output(
        operation, HttpResponse(200, {}, body), operation.output.python_class
    )
    assert dict(parsed.unknown_fields) == {"newerMember": "kept"}


def botocore_error(
    error: ErrorResponse, operation: OperationSchema, service_model: ServiceModel
) -> tuple[dict[str, Any], str | None, dict[str, Any]]:
    """Parse an error as botocore's client does.

    Returns botocore's ``Error`` and ``ResponseMetadata`` merged, the name of the
    modeled error its code selects (or None) and that error's modeled members.
    """
    parser = create_parser("rest-json")
    response = botocore_response(error.status, error.headers, error.body)
    operation_model = service_model.operation_model(operation.name)
    parsed = parser.parse(response, operation_model.output_shape)
    summary = {**parsed["Error"], **parsed["ResponseMetadata"]}
    error_shape = service_model.shape_for_error_code(summary["Code"])
    if error_shape is None:
        return summary, None, {}
    modeled = parser.parse(response, error_shape)
    members = {k: v for k, v in modeled.items() if k in error_shape.members}
    return summary, error_shape.name, members


def botocore_modeled_members(
    error: ErrorResponse, shape_name: str, service_model: ServiceModel
) -> dict[str, Any]:
    parser = create_parser("rest-json")
    error_shape = service_model.shape_for(shape_name)
    response = botocore_response(error.status, error.headers, error.body)
    modeled = parser.parse(response, error_shape)
    return {k: v for k, v in modeled.items() if k in error_shape.members}


def has_no_code(error: ErrorResponse) -> bool:
    body = json.loads(error.body) if error.body else {}
    return "x-amzn-errortype" not in error.headers and not (
        {"__type", "code", "Code"} & body.keys()
    )


def is_generic_for_botocore(error: ErrorResponse) -> bool:
    """Whether botocore ignores the response's code: a 5xx status and no body."""
    return error.status >= 500 and not error.body.strip()


def only_error_with_status(operation: OperationSchema, status: int) -> str | None:
    matching = [
        shape.name for shape in operation.errors if shape.error_status == status
    ]
    return matching[0] if len(matching) == 1 else None


@pytest.mark.parametrize("operation", OPERATIONS, ids=operation_id)
def test_error_matches_botocore(
    operation: OperationSchema, ours: IVSRealTimeClient, service_model: ServiceModel
) -> None:
    @PROPERTY_SETTINGS
    @given(error=error_responses(operation))
    def check(error: ErrorResponse) -> None:
        count_example("error", operation.name)
        raised = ours._build_error(
            operation, HttpResponse(error.status, error.headers, error.body)
        )
        expected, expected_class, expected_members = botocore_error(
            error, operation, service_model
        )
        if is_generic_for_botocore(error):
            # botocore reads neither code nor request id from a 5xx response
            # without a body, and sets the HTTP reason phrase as the message.
            # This client reads the headers as botocore does when a body is
            # present, which is the reference here (a deliberate difference).
            assert expected["Code"] == str(error.status)
            reason_phrase = expected["Message"]
            expected, expected_class, expected_members = botocore_error(
                attrs.evolve(error, body=b"{}"), operation, service_model
            )
            if has_no_code(error):
                # With no code in the headers either, the client keeps
                # botocore's reason phrase as the message.
                expected["Message"] = reason_phrase
        body = json.loads(error.body) if error.body else {}
        status_pick = only_error_with_status(operation, error.status)

        assert raised.status_code == expected["HTTPStatusCode"]
        assert raised.request_id == expected.get("RequestId")
        if has_no_code(error) and status_pick is not None:
            # With no code anywhere, botocore's code is the status, such as "404".
            # This client picks the operation's only modeled error with that
            # status (a deliberate difference).
            assert expected["Code"] == str(error.status)
            assert raised.code == status_pick
            assert type(raised).__name__ == status_pick
        else:
            assert raised.code == expected["Code"]
            assert type(raised).__name__ == (expected_class or "ServiceError")

        if isinstance(raised, ModeledServiceError):
            shape_name = type(raised).__name__
            members = botocore_modeled_members(error, shape_name, service_model)
            plain = to_plain(raised.data, error_shape_of(operation, shape_name))
            assert plain == members
            if expected_class == shape_name:
                assert members == expected_members
        else:
            assert type(raised) is ServiceError

        exception_message = body.get("exceptionMessage")
        if isinstance(raised, ModeledServiceError) and exception_message:
            # IVS sends the text in the modeled member exceptionMessage, which
            # botocore's Message ignores (a deliberate difference).
            assert raised.message == exception_message
        else:
            assert raised.message == expected["Message"]

    check()


def error_shape_of(operation: OperationSchema, name: str) -> Any:
    return next(shape for shape in operation.errors if shape.name == name)


def operation_named(name: str) -> OperationSchema:
    return next(operation for operation in OPERATIONS if operation.name == name)


@pytest.mark.parametrize(
    "code",
    [
        "aws.ivs#ValidationException",
        "aws.ivs#ValidationException:http://internal.example/doc",
    ],
)
def test_body_code_namespace_removed(
    code: str, ours: IVSRealTimeClient, service_model: ServiceModel
) -> None:
    operation = operation_named("GetStage")
    error = ErrorResponse(400, {}, json.dumps({"code": code}).encode(), None)
    expected, expected_class, _ = botocore_error(error, operation, service_model)
    raised = ours._build_error(operation, HttpResponse(400, {}, error.body))
    assert expected["Code"] == "ValidationException"
    assert raised.code == expected["Code"]
    assert type(raised).__name__ == expected_class


def test_body_code_outranks_dunder_type(
    ours: IVSRealTimeClient, service_model: ServiceModel
) -> None:
    operation = operation_named("DeleteStage")
    body = {"__type": "ConflictException", "code": "ValidationException"}
    error = ErrorResponse(400, {}, json.dumps(body).encode(), None)
    expected, _, _ = botocore_error(error, operation, service_model)
    raised = ours._build_error(operation, HttpResponse(400, {}, error.body))
    assert expected["Code"] == "ValidationException"
    assert raised.code == expected["Code"]


def test_server_error_without_body_message(
    ours: IVSRealTimeClient, service_model: ServiceModel
) -> None:
    operation = operation_named("ListTagsForResource")
    error = ErrorResponse(500, {}, b"", None)
    expected, _, _ = botocore_error(error, operation, service_model)
    raised = ours._build_error(operation, HttpResponse(500, {}, b""))
    assert expected["Message"] == "Internal Server Error"
    assert raised.message == expected["Message"]
