"""Requests of every operation equal botocore's, down to the signature.

Parameters come from ``input_values``, which follows every constraint of the
model. botocore's client uses the model shipped with botocore. The newer model
there has more members, but binds the members of this model the same way.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from botocore import xform_name
from botocore.awsrequest import AWSPreparedRequest
from hypothesis import HealthCheck, given, settings

from ivsrealtime_client import IVSRealTimeClient, _schema
from ivsrealtime_client.runtime.pipeline import RequestPipeline
from ivsrealtime_client.runtime.schema import OperationSchema
from ivsrealtime_client.runtime.signing import RequestSigner
from ivsrealtime_client.runtime.transport import HttpRequest

from .conftest import SIGNING_TIME, BotocoreRecorder
from .conversions import to_plain
from .counts import count_example
from .strategies import input_values

EXAMPLES_PER_OPERATION = 30

OPERATIONS: list[OperationSchema] = sorted(
    (value for name, value in vars(_schema).items() if name.startswith("OP_")),
    key=lambda operation: operation.name,
)

# Headers left out of the comparison: the signing headers have their own test,
# and each SDK names itself in User-Agent.
UNCOMPARED_HEADERS = {
    "user-agent",
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
}
# botocore adds these while sending. Content-Length is checked against the body
# length, and the retry headers in the attempt tests below.
SENDING_HEADERS = {"content-length", "amz-sdk-invocation-id", "amz-sdk-request"}

PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def operation_id(operation: OperationSchema) -> str:
    return operation.name


def botocore_params(operation: OperationSchema, params: Any) -> dict[str, Any]:
    assert operation.input is not None
    plain: dict[str, Any] = to_plain(params, operation.input)
    return plain


def text_headers(headers: Any) -> dict[str, str]:
    """Return the headers with lower-case names and text values.

    botocore keeps some header values as bytes.
    """
    return {
        name.lower(): value.decode() if isinstance(value, bytes) else value
        for name, value in headers.items()
    }


def query_pairs(query: str) -> list[str]:
    """Return the query's ``key=value`` pairs as sent, sorted to ignore order."""
    return sorted(query.split("&")) if query else []


def json_body(body: bytes | None) -> Any:
    return json.loads(body) if body else None


def signing_clock() -> dt.datetime:
    return SIGNING_TIME


def test_schema_lists_every_model_operation(model_path: Any) -> None:
    model = json.loads(model_path.read_text(encoding="utf-8"))
    assert [op.name for op in OPERATIONS] == sorted(model["operations"])
    assert len(OPERATIONS) == 15


@pytest.mark.parametrize("operation", OPERATIONS, ids=operation_id)
def test_request_matches_botocore(
    operation: OperationSchema, ours: IVSRealTimeClient, recorder: BotocoreRecorder
) -> None:
    assert operation.input is not None

    @PROPERTY_SETTINGS
    @given(params=input_values(operation.input))
    def check(params: Any) -> None:
        count_example("request", operation.name)
        request = ours._prepare_request(operation, params)
        expected = recorder.send(
            xform_name(operation.name), botocore_params(operation, params)
        )

        url, expected_url = urlsplit(request.url), urlsplit(expected.url)
        assert request.method == expected.method
        assert url.netloc == expected_url.netloc
        assert url.path == expected_url.path
        assert query_pairs(url.query) == query_pairs(expected_url.query)

        headers = text_headers(request.headers)
        expected_headers = text_headers(expected.headers)
        assert {
            name: value
            for name, value in headers.items()
            if name not in UNCOMPARED_HEADERS
        } == {
            name: value
            for name, value in expected_headers.items()
            if name not in UNCOMPARED_HEADERS | SENDING_HEADERS
        }
        assert expected_headers.get("content-length", "0") == str(len(request.body))
        assert json_body(request.body) == json_body(expected.body)

    check()


@pytest.mark.parametrize("operation", OPERATIONS, ids=operation_id)
def test_signature_matches_botocore(
    operation: OperationSchema, ours: IVSRealTimeClient, recorder: BotocoreRecorder
) -> None:
    assert operation.input is not None
    context = ours._context
    signer = RequestSigner(
        context.credentials,
        context.signing_name,
        context.signing_region,
        clock=signing_clock,
    )

    @PROPERTY_SETTINGS
    @given(params=input_values(operation.input))
    def check(params: Any) -> None:
        count_example("signature", operation.name)
        request = ours._prepare_request(operation, params)
        signer.sign(request)
        expected = recorder.send(
            xform_name(operation.name), botocore_params(operation, params)
        )

        headers = text_headers(request.headers)
        expected_headers = text_headers(expected.headers)
        # The signature covers the body's hash, so equal bytes are a precondition;
        # comparing them first gives the clearer failure.
        assert request.body == (expected.body or b"")
        assert headers["x-amz-date"] == expected_headers["x-amz-date"]
        assert (
            headers["x-amz-security-token"] == expected_headers["x-amz-security-token"]
        )
        assert headers["authorization"] == expected_headers["authorization"]

    check()


def send_get_stage(
    ours: IVSRealTimeClient, recorder: BotocoreRecorder
) -> tuple[HttpRequest, AWSPreparedRequest]:
    """Prepare one GetStage attempt the way the pipeline does, and botocore's."""
    arn = "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh"
    params = _schema.OP_GetStage.input.python_class(arn=arn)  # type: ignore[union-attr]
    expected = recorder.send("get_stage", {"arn": arn})
    expected_headers = text_headers(expected.headers)

    context = ours._context
    signer = RequestSigner(
        context.credentials,
        context.signing_name,
        context.signing_region,
        clock=signing_clock,
    )
    pipeline = RequestPipeline(context, signer=signer)
    request = ours._prepare_request(_schema.OP_GetStage, params)
    attempt = pipeline._prepare_attempt(
        request, expected_headers["amz-sdk-invocation-id"], 1
    )
    return attempt, expected


def test_attempt_invocation_id_matches_botocore(
    ours: IVSRealTimeClient, recorder: BotocoreRecorder
) -> None:
    attempt, expected = send_get_stage(ours, recorder)
    invocation_id = text_headers(attempt.headers)["amz-sdk-invocation-id"]
    assert invocation_id == text_headers(expected.headers)["amz-sdk-invocation-id"]


def test_attempt_retry_header_matches_botocore(
    ours: IVSRealTimeClient, recorder: BotocoreRecorder
) -> None:
    attempt, expected = send_get_stage(ours, recorder)
    retry_header = text_headers(attempt.headers)["amz-sdk-request"]
    assert retry_header == text_headers(expected.headers)["amz-sdk-request"]


def test_attempt_signed_headers_match_botocore(
    ours: IVSRealTimeClient, recorder: BotocoreRecorder
) -> None:
    attempt, expected = send_get_stage(ours, recorder)
    signed = text_headers(attempt.headers)["authorization"].split(", ")[1]
    expected_signed = text_headers(expected.headers)["authorization"].split(", ")[1]
    assert signed == expected_signed
