"""RequestPipeline against loopback servers: signing, retries, logs and secrets."""

from __future__ import annotations

import datetime
import logging
import re
import threading

import attrs
import botocore.auth
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from ivsrealtime_client.runtime.config import Config
from ivsrealtime_client.runtime.errors import (
    EndpointConnectionError,
    ReadTimeoutError,
    TransportError,
)
from ivsrealtime_client.runtime.pipeline import RequestPipeline
from ivsrealtime_client.runtime.requests_transport import RequestsTransport
from ivsrealtime_client.runtime.retries import RetryPolicy, RetryQuota
from ivsrealtime_client.runtime.session import ClientContext, resolve_client_context
from ivsrealtime_client.runtime.transport import (
    HttpRequest,
    HttpResponse,
    Timeouts,
    Transport,
)

from .conftest import FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY, FAKE_SESSION_TOKEN
from .loopback import LoopbackServer, Reply, ResettingServer, closed_port_url

REGION = "us-west-2"
SIGNING_NAME = "example"
BODY_SECRET = "body-secret-participant-token-value"


@attrs.define
class Recorder:
    """Collects the delays the retry policy asked to sleep."""

    delays: list[float] = attrs.field(factory=list)

    def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)


def make_context(
    endpoint_url: str,
    recorder: Recorder,
    *,
    max_attempts: int = 3,
    quota: RetryQuota | None = None,
    transport: Transport | None = None,
    read_timeout: float = 5.0,
) -> ClientContext:
    context = resolve_client_context(
        service_name="example-service-without-rules",
        signing_name=SIGNING_NAME,
        endpoint_prefix="example",
        region_name=REGION,
        endpoint_url=endpoint_url,
        aws_access_key_id=FAKE_ACCESS_KEY_ID,
        aws_secret_access_key=FAKE_SECRET_ACCESS_KEY,
        aws_session_token=FAKE_SESSION_TOKEN,
        config=Config(
            connect_timeout=2.0, read_timeout=read_timeout, transport=transport
        ),
    )
    policy = RetryPolicy(
        max_attempts=max_attempts,
        quota=quota,
        sleep=recorder.sleep,
        random=lambda: 0.5,
    )
    return attrs.evolve(context, retry_policy=policy)


def create_request(endpoint_url: str) -> HttpRequest:
    return HttpRequest(
        method="POST",
        url=f"{endpoint_url}/CreateThing",
        headers={"Content-Type": "application/json"},
        body=f'{{"token": "{BODY_SECRET}"}}'.encode(),
    )


def error_reply(status: int, code: str = "", body: bytes = b"") -> Reply:
    headers = {"x-amzn-ErrorType": code} if code else {}
    return Reply(status=status, headers=headers, body=body)


def test_success_sends_signed_request(server: LoopbackServer) -> None:
    recorder = Recorder()
    pipeline = RequestPipeline(make_context(server.url, recorder))
    request = create_request(server.url)

    response = pipeline.send("CreateThing", request)

    assert response.status_code == 200
    assert len(server.requests) == 1
    received = server.requests[0].headers
    assert received["Authorization"].startswith(
        f"AWS4-HMAC-SHA256 Credential={FAKE_ACCESS_KEY_ID}/"
    )
    assert f"/{REGION}/{SIGNING_NAME}/aws4_request" in received["Authorization"]
    assert received["X-Amz-Security-Token"] == FAKE_SESSION_TOKEN
    assert received["User-Agent"].startswith("ivsrealtime-client/")
    assert received["amz-sdk-request"] == "attempt=1"
    assert recorder.delays == []
    assert request.headers == {"Content-Type": "application/json"}
    pipeline.close()


def test_server_verifies_signature(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recompute with botocore's signer the signature that the server received."""
    pipeline = RequestPipeline(make_context(server.url, Recorder()))

    pipeline.send("CreateThing", create_request(server.url))

    received = server.requests[0]
    authorization = received.headers["Authorization"]
    signed_names = authorization.split("SignedHeaders=")[1].split(",")[0].split(";")
    resent_headers = {
        name: value
        for name, value in received.headers.items()
        if name.lower() in signed_names and name.lower() != "x-amz-date"
    }
    signing_time = datetime.datetime.strptime(
        received.headers["X-Amz-Date"], "%Y%m%dT%H%M%SZ"
    )
    monkeypatch.setattr(
        botocore.auth, "get_current_datetime", lambda *args, **kwargs: signing_time
    )
    check = AWSRequest(
        method=received.method,
        url=f"{server.url}{received.path}",
        headers=resent_headers,
        data=received.body,
    )
    credentials = Credentials(
        FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY, FAKE_SESSION_TOKEN
    )
    SigV4Auth(credentials, SIGNING_NAME, REGION).add_auth(check)

    assert check.headers["Authorization"] == authorization


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_retried(server: LoopbackServer, status: int) -> None:
    recorder = Recorder()
    server.add(error_reply(status), error_reply(status))
    pipeline = RequestPipeline(make_context(server.url, recorder))

    response = pipeline.send("CreateThing", create_request(server.url))

    assert response.status_code == 200
    assert len(server.requests) == 3
    assert recorder.delays == [0.5, 1.0]


def test_throttling_429_retried(server: LoopbackServer) -> None:
    recorder = Recorder()
    server.add(
        error_reply(429, "ThrottlingException", b'{"message": "slow down"}'),
        error_reply(429),
    )
    pipeline = RequestPipeline(make_context(server.url, recorder))

    response = pipeline.send("CreateThing", create_request(server.url))

    assert response.status_code == 200
    assert len(server.requests) == 3


def test_last_error_returned_after_max_attempts(server: LoopbackServer) -> None:
    recorder = Recorder()
    server.default = error_reply(503, "ServiceUnavailable", b'{"message": "busy"}')
    pipeline = RequestPipeline(make_context(server.url, recorder, max_attempts=4))

    response = pipeline.send("CreateThing", create_request(server.url))

    assert response.status_code == 503
    assert response.body == b'{"message": "busy"}'
    assert len(server.requests) == 4
    assert recorder.delays == [0.5, 1.0, 2.0]


def test_attempt_headers_per_attempt(server: LoopbackServer) -> None:
    server.add(error_reply(500), error_reply(500))
    pipeline = RequestPipeline(make_context(server.url, Recorder()))

    pipeline.send("CreateThing", create_request(server.url))

    attempts = [request.headers["amz-sdk-request"] for request in server.requests]
    invocation_ids = {
        request.headers["amz-sdk-invocation-id"] for request in server.requests
    }
    assert attempts[0] == "attempt=1"
    # http.server sends a Date header, so each retry carries a ttl.
    assert re.fullmatch(r"ttl=\d{8}T\d{6}Z; attempt=2; max=3", attempts[1])
    assert re.fullmatch(r"ttl=\d{8}T\d{6}Z; attempt=3; max=3", attempts[2])
    assert len(invocation_ids) == 1


@attrs.define
class ScriptedTransport:
    """Returns scripted responses and records the requests it was given."""

    responses: list[HttpResponse]
    requests: list[HttpRequest] = attrs.field(factory=list)
    closed: bool = False

    def send(self, request: HttpRequest, timeouts: Timeouts) -> HttpResponse:
        self.requests.append(request)
        if len(self.responses) > 1:
            return self.responses.pop(0)
        return self.responses[0]

    def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("Mon, 04 Mar 2024 10:00:00 GMT", "ttl=20240304T100100Z; attempt=2; max=3"),
        ("Mon, 04 Mar 2024 12:00:00 +0200", "ttl=20240304T100100Z; attempt=2; max=3"),
        ("not a date", "attempt=2; max=3"),
        (None, "attempt=2; max=3"),
    ],
)
def test_retry_ttl_from_date_header(date: str | None, expected: str) -> None:
    headers = {"Date": date} if date is not None else {}
    transport = ScriptedTransport(
        [
            HttpResponse(status_code=503, headers=headers, body=b""),
            HttpResponse(status_code=200, headers={}, body=b"{}"),
        ]
    )
    context = make_context("http://127.0.0.1:1", Recorder(), transport=transport)
    context = attrs.evolve(context, timeouts=Timeouts(connect=1.0, read=60.0))
    pipeline = RequestPipeline(context)

    pipeline.send("CreateThing", create_request("http://127.0.0.1:1"))

    assert transport.requests[1].headers["amz-sdk-request"] == expected


def test_retry_headers_unsigned() -> None:
    transport = ScriptedTransport(
        [
            HttpResponse(status_code=500, headers={}, body=b""),
            HttpResponse(200, {}, b""),
        ]
    )
    pipeline = RequestPipeline(
        make_context("http://127.0.0.1:1", Recorder(), transport=transport)
    )

    pipeline.send("CreateThing", create_request("http://127.0.0.1:1"))

    assert len(transport.requests) == 2
    for sent in transport.requests:
        signed_names = sent.headers["Authorization"].split("SignedHeaders=")[1]
        assert "amz-sdk" not in signed_names
        assert "user-agent" not in signed_names
        assert "x-amz-security-token" in signed_names


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "ValidationException"),
        (400, ""),
        (403, "AccessDeniedException"),
        (404, "ResourceNotFoundException"),
        (404, ""),
        (409, "ConflictException"),
        (402, "ServiceQuotaExceededException"),
    ],
)
def test_client_errors_not_retried(
    server: LoopbackServer, status: int, code: str
) -> None:
    recorder = Recorder()
    server.add(error_reply(status, code))
    pipeline = RequestPipeline(make_context(server.url, recorder))

    response = pipeline.send("CreateThing", create_request(server.url))

    assert response.status_code == status
    assert len(server.requests) == 1
    assert recorder.delays == []


@pytest.mark.parametrize(
    "error_type",
    [
        "ThrottlingException",
        "com.example.v1#ThrottlingException",
        "ThrottlingException:http://internal.example/doc/",
        "aws.example#ThrottlingException:http://internal.example/",
        "ThrottlingException,aws.example#ThrottlingException",
    ],
)
def test_error_type_header_variants(server: LoopbackServer, error_type: str) -> None:
    server.add(error_reply(400, error_type))
    pipeline = RequestPipeline(make_context(server.url, Recorder()))

    response = pipeline.send("CreateThing", create_request(server.url))

    assert response.status_code == 200
    assert len(server.requests) == 2


def test_throttling_code_in_body(server: LoopbackServer) -> None:
    server.add(Reply(status=400, body=b'{"__type": "ns#TooManyRequestsException"}'))
    pipeline = RequestPipeline(make_context(server.url, Recorder()))

    response = pipeline.send("CreateThing", create_request(server.url))

    assert response.status_code == 200
    assert len(server.requests) == 2


def test_empty_error_body(server: LoopbackServer) -> None:
    server.default = Reply(status=500, body=b"")
    pipeline = RequestPipeline(make_context(server.url, Recorder()))

    response = pipeline.send("CreateThing", create_request(server.url))

    assert response.status_code == 500
    assert response.body == b""
    assert len(server.requests) == 3


def test_non_json_error_body(server: LoopbackServer) -> None:
    server.add(Reply(status=502, body=b"<html>Bad Gateway</html>"))
    pipeline = RequestPipeline(make_context(server.url, Recorder()))

    response = pipeline.send("CreateThing", create_request(server.url))

    assert response.status_code == 200


def test_retry_quota_exhaustion(server: LoopbackServer) -> None:
    recorder = Recorder()
    quota = RetryQuota(capacity=12)
    server.default = error_reply(503)
    pipeline = RequestPipeline(
        make_context(server.url, recorder, max_attempts=10, quota=quota)
    )

    first = pipeline.send("CreateThing", create_request(server.url))
    requests_in_first_call = len(server.requests)
    second = pipeline.send("CreateThing", create_request(server.url))

    assert first.status_code == 503
    assert requests_in_first_call == 3
    assert second.status_code == 503
    assert len(server.requests) == 4
    assert quota.available == 2


def test_quota_refunded_on_success(server: LoopbackServer) -> None:
    quota = RetryQuota()
    server.add(error_reply(503))
    pipeline = RequestPipeline(make_context(server.url, Recorder(), quota=quota))

    pipeline.send("CreateThing", create_request(server.url))

    assert quota.available == 500


def test_connection_refused_retried_then_raised() -> None:
    recorder = Recorder()
    url = closed_port_url()
    pipeline = RequestPipeline(make_context(url, recorder))

    with pytest.raises(EndpointConnectionError):
        pipeline.send("CreateThing", create_request(url))

    assert recorder.delays == [0.5, 1.0]


def test_connection_reset_retried(resetting_server: ResettingServer) -> None:
    recorder = Recorder()
    pipeline = RequestPipeline(make_context(resetting_server.url, recorder))

    with pytest.raises(EndpointConnectionError):
        pipeline.send("CreateThing", create_request(resetting_server.url))

    assert resetting_server.connections == 3


def test_read_timeout_retried_with_timeout_cost(server: LoopbackServer) -> None:
    quota = RetryQuota()
    server.add(Reply(hold=True))
    pipeline = RequestPipeline(
        make_context(server.url, Recorder(), quota=quota, read_timeout=0.3)
    )

    response = pipeline.send("CreateThing", create_request(server.url))
    server.release()

    assert response.status_code == 200
    assert len(server.requests) == 2
    # The timeout retry took 10 units and the success refunded them.
    assert quota.available == 500


def test_read_timeout_raised_after_attempts(server: LoopbackServer) -> None:
    quota = RetryQuota()
    server.default = Reply(hold=True)
    pipeline = RequestPipeline(
        make_context(server.url, Recorder(), quota=quota, read_timeout=0.2)
    )

    with pytest.raises(ReadTimeoutError):
        pipeline.send("CreateThing", create_request(server.url))
    server.release()

    assert len(server.requests) == 3
    assert quota.available == 480


def test_requests_transport_retries(server: LoopbackServer) -> None:
    transport = RequestsTransport()
    server.add(error_reply(503), error_reply(429, "ThrottlingException"))
    pipeline = RequestPipeline(
        make_context(server.url, Recorder(), transport=transport)
    )

    response = pipeline.send("CreateThing", create_request(server.url))

    assert response.status_code == 200
    assert len(server.requests) == 3
    assert server.connection_count() == 1
    pipeline.close()


def test_shared_by_threads(server: LoopbackServer) -> None:
    pipeline = RequestPipeline(make_context(server.url, Recorder()))
    statuses: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(5):
            status = pipeline.send(
                "CreateThing", create_request(server.url)
            ).status_code
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * 40
    assert len({r.headers["amz-sdk-invocation-id"] for r in server.requests}) == 40


def test_close_closes_transport() -> None:
    transport = ScriptedTransport([HttpResponse(200, {}, b"{}")])
    context = make_context("http://127.0.0.1:1", Recorder(), transport=transport)

    with RequestPipeline(context) as pipeline:
        pipeline.send("CreateThing", create_request("http://127.0.0.1:1"))

    assert transport.closed


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("x-amzn-RequestId", "amzn-request-id-1"),
        ("x-amz-request-id", "amz-request-id-2"),
        ("x-amz-id-2", "amz-id-2-value"),
    ],
)
def test_request_id_logged(
    server: LoopbackServer,
    caplog: pytest.LogCaptureFixture,
    header: str,
    value: str,
) -> None:
    caplog.set_level(logging.DEBUG, logger="ivsrealtime_client")
    server.add(Reply(status=503, headers={header: value}, body=b""))
    pipeline = RequestPipeline(make_context(server.url, Recorder()))

    pipeline.send("CreateThing", create_request(server.url))

    messages = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("ivsrealtime_client")
    ]
    assert any(f"request id {value}" in message for message in messages)


def test_attempt_log_contents(
    server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="ivsrealtime_client")
    server.add(error_reply(503))
    pipeline = RequestPipeline(make_context(server.url, Recorder()))
    request = create_request(server.url)
    request.url += "?secretQuery=hidden-value"

    pipeline.send("CreateThing", request)

    records = [
        r for r in caplog.records if r.name == "ivsrealtime_client.runtime.pipeline"
    ]
    first, second = (record.getMessage() for record in records)
    assert "CreateThing attempt 1/3" in first
    assert f"POST {server.url}/CreateThing with {len(request.body)} body bytes" in first
    assert "HTTP 503" in first
    assert "retrying in 0.500 s (HTTP 503)" in first
    assert "attempt 2/3" in second
    assert "HTTP 200" in second
    assert "done" in second
    assert "hidden-value" not in caplog.text
    assert all(record.levelno == logging.DEBUG for record in records)


def secrets_in(text: str, extra: list[str]) -> list[str]:
    candidates = [FAKE_SECRET_ACCESS_KEY, FAKE_SESSION_TOKEN, BODY_SECRET, *extra]
    return [secret for secret in candidates if secret in text]


def all_log_text(caplog: pytest.LogCaptureFixture) -> str:
    parts: list[str] = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        if record.exc_text:
            parts.append(record.exc_text)
    return "\n".join(parts)


def test_no_secret_in_logs_or_errors(
    server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("botocore", "urllib3", "ivsrealtime_client"):
        caplog.set_level(logging.DEBUG, logger=name)
    server.add(error_reply(503, "ServiceUnavailableException"))
    recorder = Recorder()

    pipeline = RequestPipeline(make_context(server.url, recorder))
    pipeline.send("CreateThing", create_request(server.url))
    url = closed_port_url()
    failing = RequestPipeline(make_context(url, recorder))
    with pytest.raises(TransportError) as caught:
        failing.send("CreateThing", create_request(url))

    signatures = [
        request.headers["Authorization"].split("Signature=")[1]
        for request in server.requests
    ]
    log_text = all_log_text(caplog)
    error_text = f"{caught.value}\n{caught.value!r}\n{caught.value.__cause__}"
    assert any(r.name.startswith("botocore") for r in caplog.records)
    assert any(r.name.startswith("ivsrealtime_client") for r in caplog.records)
    assert secrets_in(log_text, signatures) == []
    assert secrets_in(error_text, signatures) == []
    assert "Authorization" not in log_text
    assert "X-Amz-Security-Token" not in log_text


def test_no_secret_in_botocore_logs_of_signing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    transport = ScriptedTransport([HttpResponse(200, {}, b"{}")])
    context = make_context("http://127.0.0.1:1", Recorder(), transport=transport)

    RequestPipeline(context).send("CreateThing", create_request("http://127.0.0.1:1"))

    signature = transport.requests[0].headers["Authorization"].split("Signature=")[1]
    assert secrets_in(all_log_text(caplog), [signature]) == []
