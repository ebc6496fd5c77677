"""SigV4 signing compared with botocore's own signer and a published vector."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import botocore.auth
import botocore.session
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials, RefreshableCredentials
from botocore.exceptions import CredentialRetrievalError

from ivsrealtime_client.runtime.errors import ConfigurationError
from ivsrealtime_client.runtime.signing import RequestSigner
from ivsrealtime_client.runtime.transport import HttpRequest

from .conftest import FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY, FAKE_SESSION_TOKEN

FIXED_TIME = datetime.datetime(2024, 3, 9, 21, 5, 33)


def credentials(token: str | None = FAKE_SESSION_TOKEN) -> Credentials:
    return Credentials(FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY, token)


def sample_request() -> HttpRequest:
    return HttpRequest(
        method="POST",
        url="https://service.us-west-2.example.com/stage/arn%3Aaws%3Ax/list?b=2&a=1&a=0",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "test-agent/1.0",
            "amz-sdk-request": "attempt=1; max=3",
            "X-Custom-Header": "  spaced   value ",
        },
        body=b'{"name": "stage", "tags": {"k": "v"}}',
    )


def botocore_signed_headers(
    request: HttpRequest,
    creds: Credentials,
    monkeypatch: pytest.MonkeyPatch,
    signing_name: str = "ivs",
    region: str = "us-west-2",
) -> dict[str, str]:
    monkeypatch.setattr(
        botocore.auth, "get_current_datetime", lambda *args, **kwargs: FIXED_TIME
    )
    aws_request = AWSRequest(
        method=request.method,
        url=request.url,
        headers=dict(request.headers),
        data=request.body,
    )
    SigV4Auth(creds, signing_name, region).add_auth(aws_request)
    return dict(aws_request.headers.items())


@pytest.mark.parametrize("token", [FAKE_SESSION_TOKEN, None])
def test_signature_equals_botocore(
    token: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = sample_request()
    RequestSigner(
        credentials(token), "ivs", "us-west-2", clock=lambda: FIXED_TIME
    ).sign(ours)

    expected = botocore_signed_headers(
        sample_request(), credentials(token), monkeypatch
    )

    assert ours.headers == expected
    assert ours.headers["X-Amz-Date"] == "20240309T210533Z"
    assert ("X-Amz-Security-Token" in ours.headers) is (token is not None)


def test_signature_equals_botocore_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sign the request a botocore client sends and compare the two signatures."""

    class Captured(Exception):
        def __init__(self, request: Any) -> None:
            self.request = request

    def capture(request: Any, **kwargs: Any) -> None:
        raise Captured(request)

    monkeypatch.setattr(
        botocore.auth, "get_current_datetime", lambda *args, **kwargs: FIXED_TIME
    )
    client = botocore.session.get_session().create_client(
        "ivs-realtime",
        region_name="eu-west-1",
        aws_access_key_id=FAKE_ACCESS_KEY_ID,
        aws_secret_access_key=FAKE_SECRET_ACCESS_KEY,
        aws_session_token=FAKE_SESSION_TOKEN,
    )
    client.meta.events.register("before-send", capture)
    with pytest.raises(Captured) as caught:
        client.list_stages(maxResults=5, nextToken="abc")
    sent = caught.value.request
    sent_headers = {
        name: value.decode() if isinstance(value, bytes) else value
        for name, value in sent.headers.items()
    }
    # botocore adds the amz-sdk-* headers after signing, as the pipeline does, and
    # Content-Length when it prepares the request, as the transports do.
    added_by_signing_or_later = {
        "Content-Length",
        "Authorization",
        "X-Amz-Date",
        "X-Amz-Security-Token",
        "amz-sdk-invocation-id",
        "amz-sdk-request",
    }
    unsigned_headers = {
        name: value
        for name, value in sent_headers.items()
        if name not in added_by_signing_or_later
    }
    ours = HttpRequest(
        method=sent.method, url=sent.url, headers=unsigned_headers, body=sent.body
    )

    RequestSigner(credentials(), "ivs", "eu-west-1", clock=lambda: FIXED_TIME).sign(
        ours
    )

    assert ours.headers["Authorization"] == sent_headers["Authorization"]
    assert ours.headers["X-Amz-Date"] == sent_headers["X-Amz-Date"]
    assert ours.headers["X-Amz-Security-Token"] == FAKE_SESSION_TOKEN


@pytest.mark.parametrize(
    ("url", "signature"),
    [
        # The "get-vanilla" and "get-vanilla-query-order-key-case" cases of AWS's
        # Signature Version 4 test suite, as aws-crt-python's tests also use them.
        (
            "https://example.amazonaws.com/",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        ),
        (
            "https://example.amazonaws.com/?Param2=value2&Param1=value1",
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
        ),
    ],
)
def test_signature_test_suite_vectors(url: str, signature: str) -> None:
    creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    signer = RequestSigner(
        creds,
        "service",
        "us-east-1",
        clock=lambda: datetime.datetime(2015, 8, 30, 12, 36, 0),
    )
    request = HttpRequest(method="GET", url=url, headers={})

    signer.sign(request)

    assert request.headers["Authorization"] == (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
        f"aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}"
    )


def test_aware_clock_converted_to_utc() -> None:
    offset = datetime.timezone(datetime.timedelta(hours=2))
    aware = FIXED_TIME.replace(tzinfo=datetime.timezone.utc).astimezone(offset)
    naive_signed = sample_request()
    aware_signed = sample_request()

    RequestSigner(credentials(), "ivs", "us-west-2", clock=lambda: FIXED_TIME).sign(
        naive_signed
    )
    RequestSigner(credentials(), "ivs", "us-west-2", clock=lambda: aware).sign(
        aware_signed
    )

    assert aware_signed.headers == naive_signed.headers


def test_signing_twice_replaces_signature() -> None:
    request = sample_request()
    later = FIXED_TIME + datetime.timedelta(minutes=1)
    RequestSigner(credentials(), "ivs", "us-west-2", clock=lambda: FIXED_TIME).sign(
        request
    )
    first = request.headers["Authorization"]

    RequestSigner(credentials(), "ivs", "us-west-2", clock=lambda: later).sign(request)

    assert request.headers["Authorization"] != first
    assert request.headers["X-Amz-Date"] == "20240309T210633Z"
    names = [name.lower() for name in request.headers]
    assert names.count("authorization") == 1
    assert names.count("x-amz-security-token") == 1


def test_refreshable_credentials_reread() -> None:
    issued: list[str] = []

    def refresh() -> dict[str, str]:
        access_key = f"AKIDREFRESHED{len(issued)}"
        issued.append(access_key)
        # Expiring within botocore's mandatory refresh window forces a refresh on
        # every read.
        expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(
            seconds=120
        )
        return {
            "access_key": access_key,
            "secret_key": "refreshed-secret",
            "token": "refreshed-token",
            "expiry_time": expiry.isoformat(),
        }

    creds = RefreshableCredentials.create_from_metadata(
        metadata=refresh(), refresh_using=refresh, method="test"
    )
    signer = RequestSigner(creds, "ivs", "us-west-2")
    first = sample_request()
    second = sample_request()

    signer.sign(first)
    signer.sign(second)

    assert f"Credential={issued[-2]}/" in first.headers["Authorization"]
    assert f"Credential={issued[-1]}/" in second.headers["Authorization"]
    assert issued[-2] != issued[-1]


def test_credential_failure_raises_configuration_error() -> None:
    def refresh() -> dict[str, str]:
        raise CredentialRetrievalError(provider="test", error_msg="token expired")

    expired = {
        "access_key": "AKIDOLD",
        "secret_key": "old-secret",
        "token": "old-token",
        "expiry_time": "2000-01-01T00:00:00Z",
    }
    creds = RefreshableCredentials.create_from_metadata(
        metadata=expired, refresh_using=refresh, method="test"
    )

    with pytest.raises(ConfigurationError, match="token expired") as caught:
        RequestSigner(creds, "ivs", "us-west-2").sign(sample_request())

    assert "old-secret" not in str(caught.value)


def test_botocore_auth_logs_dropped_while_signing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)

    RequestSigner(credentials(), "ivs", "us-west-2").sign(sample_request())
    ours = [record for record in caplog.records if record.name == "botocore.auth"]
    caplog.clear()
    aws_request = AWSRequest(method="GET", url="https://example.com/", headers={})
    SigV4Auth(credentials(), "ivs", "us-west-2").add_auth(aws_request)
    direct = [record for record in caplog.records if record.name == "botocore.auth"]

    assert ours == []
    assert any("StringToSign" in record.getMessage() for record in direct)


def test_signer_repr_has_no_secret() -> None:
    text = repr(RequestSigner(credentials(), "ivs", "us-west-2"))

    assert FAKE_SECRET_ACCESS_KEY not in text
    assert FAKE_SESSION_TOKEN not in text
