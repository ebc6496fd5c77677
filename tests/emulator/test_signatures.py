"""SigV4 verification: requests signed with botocore's signer, then altered."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from ivsrealtime_client.emulator import Emulator

from .support import RawResponse, send, send_signed, signed_headers

BODY = json.dumps({"name": "signed"}).encode()
JSON = {"Content-Type": "application/json"}
MISMATCH = (
    "The request signature we calculated does not match the signature you "
    "provided. Check your AWS Secret Access Key and signing method. Consult the "
    "service documentation for details."
)


def sign_create_stage(emulator: Emulator, **options: Any) -> dict[str, str]:
    options.setdefault("headers", JSON)
    return signed_headers(emulator, "POST", "/CreateStage", body=BODY, **options)


def create_stage_with(
    emulator: Emulator, headers: dict[str, str], body: bytes = BODY
) -> RawResponse:
    return send(emulator, "POST", "/CreateStage", body=body, headers=headers)


def assert_auth_error(response: RawResponse, code: str) -> str:
    expected_status = 400 if code == "IncompleteSignatureException" else 403
    assert response.status == expected_status, response.body
    assert response.error_type is not None
    assert response.error_type.split(":", 1)[0] == code
    assert response.request_id
    message: str = response.json()["message"]
    return message


def test_valid_signature_accepted(ivsrealtime_emulator: Emulator) -> None:
    response = create_stage_with(
        ivsrealtime_emulator, sign_create_stage(ivsrealtime_emulator)
    )
    assert response.status == 200
    assert response.json()["stage"]["name"] == "signed"


def test_signature_with_date_header_accepted(ivsrealtime_emulator: Emulator) -> None:
    # botocore signs the Date header instead of X-Amz-Date when one is present.
    headers = sign_create_stage(
        ivsrealtime_emulator, headers={**JSON, "Date": "Mon, 01 Jan 2024 00:00:00 GMT"}
    )
    assert "X-Amz-Date" not in headers
    assert create_stage_with(ivsrealtime_emulator, headers).status == 200


def test_missing_signature(ivsrealtime_emulator: Emulator) -> None:
    response = create_stage_with(ivsrealtime_emulator, dict(JSON))
    message = assert_auth_error(response, "MissingAuthenticationTokenException")
    assert message == "Missing Authentication Token"


def test_tampered_body(ivsrealtime_emulator: Emulator) -> None:
    headers = sign_create_stage(ivsrealtime_emulator)
    response = create_stage_with(
        ivsrealtime_emulator, headers, BODY.replace(b"signed", b"forged")
    )
    assert assert_auth_error(response, "InvalidSignatureException") == MISMATCH
    assert (
        send_signed(ivsrealtime_emulator, "POST", "/ListStages").json()["stages"] == []
    )


def test_tampered_query(ivsrealtime_emulator: Emulator) -> None:
    path = (
        "/tags/" + "arn%3Aaws%3Aivs%3Aus-east-1%3A123456789012%3Astage%2FAAAAAAAAAAAA"
    )
    headers = signed_headers(ivsrealtime_emulator, "DELETE", path, query="tagKeys=a")
    response = send(
        ivsrealtime_emulator, "DELETE", path, query="tagKeys=b", headers=headers
    )
    assert assert_auth_error(response, "InvalidSignatureException") == MISMATCH


def test_tampered_path(ivsrealtime_emulator: Emulator) -> None:
    headers = signed_headers(ivsrealtime_emulator, "POST", "/ListStages", body=b"{}")
    response = send(
        ivsrealtime_emulator, "POST", "/CreateStage", body=b"{}", headers=headers
    )
    assert assert_auth_error(response, "InvalidSignatureException") == MISMATCH


def test_tampered_signed_header(ivsrealtime_emulator: Emulator) -> None:
    headers = sign_create_stage(
        ivsrealtime_emulator, headers={**JSON, "X-Trace": "one"}
    )
    assert "x-trace" in headers["Authorization"]
    headers["X-Trace"] = "two"
    response = create_stage_with(ivsrealtime_emulator, headers)
    assert assert_auth_error(response, "InvalidSignatureException") == MISMATCH


def test_unsigned_header_may_change(ivsrealtime_emulator: Emulator) -> None:
    headers = sign_create_stage(ivsrealtime_emulator)
    headers["User-Agent"] = "changed-after-signing"
    assert create_stage_with(ivsrealtime_emulator, headers).status == 200


def test_wrong_secret_key(ivsrealtime_emulator: Emulator) -> None:
    headers = sign_create_stage(
        ivsrealtime_emulator, secret_access_key="not-the-secret"
    )
    response = create_stage_with(ivsrealtime_emulator, headers)
    assert assert_auth_error(response, "InvalidSignatureException") == MISMATCH


def test_unknown_access_key(ivsrealtime_emulator: Emulator) -> None:
    headers = sign_create_stage(
        ivsrealtime_emulator, access_key_id="AKIAUNKNOWNUNKNOWN00"
    )
    message = assert_auth_error(
        create_stage_with(ivsrealtime_emulator, headers), "UnrecognizedClientException"
    )
    assert message == "The security token included in the request is invalid."


def test_wrong_region_in_scope(ivsrealtime_emulator: Emulator) -> None:
    headers = sign_create_stage(ivsrealtime_emulator, region="eu-west-1")
    message = assert_auth_error(
        create_stage_with(ivsrealtime_emulator, headers), "InvalidSignatureException"
    )
    assert message.startswith("Credential should be scoped to a valid region")


def test_wrong_service_in_scope(ivsrealtime_emulator: Emulator) -> None:
    headers = sign_create_stage(ivsrealtime_emulator, service="ivsrealtime")
    message = assert_auth_error(
        create_stage_with(ivsrealtime_emulator, headers), "InvalidSignatureException"
    )
    assert message.startswith("Credential should be scoped to correct service: 'ivs'")


@pytest.mark.parametrize(
    ("offset", "start"),
    [
        (timedelta(minutes=-20), "Signature expired: "),
        (timedelta(minutes=20), "Signature not yet current: "),
    ],
)
def test_date_outside_fifteen_minutes(
    ivsrealtime_emulator: Emulator, offset: timedelta, start: str
) -> None:
    signed_at = datetime.now(timezone.utc) + offset
    headers = sign_create_stage(ivsrealtime_emulator, signed_at=signed_at)
    message = assert_auth_error(
        create_stage_with(ivsrealtime_emulator, headers), "InvalidSignatureException"
    )
    assert message.startswith(start)


def test_date_within_fifteen_minutes(ivsrealtime_emulator: Emulator) -> None:
    signed_at = datetime.now(timezone.utc) - timedelta(minutes=10)
    headers = sign_create_stage(ivsrealtime_emulator, signed_at=signed_at)
    assert create_stage_with(ivsrealtime_emulator, headers).status == 200


def test_payload_hash_header_mismatch(ivsrealtime_emulator: Emulator) -> None:
    headers = sign_create_stage(
        ivsrealtime_emulator, headers={**JSON, "X-Amz-Content-SHA256": "0" * 64}
    )
    message = assert_auth_error(
        create_stage_with(ivsrealtime_emulator, headers), "InvalidSignatureException"
    )
    assert "x-amz-content-sha256" in message


@pytest.mark.parametrize(
    ("authorization", "fragment"),
    [
        (
            "AWS4-HMAC-SHA256 Credential=AKIA/20240101/us-east-1/ivs/aws4_request",
            "'Signature'",
        ),
        ("AWS4-HMAC-SHA256 Signature=abc, SignedHeaders=host", "'Credential'"),
        (
            "AWS4-HMAC-SHA256 Credential=AKIA, SignedHeaders=host, Signature=abc",
            "Credential",
        ),
        ("Basic dXNlcjpwYXNz", "AWS4-HMAC-SHA256"),
    ],
)
def test_incomplete_authorization_header(
    ivsrealtime_emulator: Emulator, authorization: str, fragment: str
) -> None:
    headers = {**JSON, "Authorization": authorization, "X-Amz-Date": "20240101T000000Z"}
    message = assert_auth_error(
        create_stage_with(ivsrealtime_emulator, headers), "IncompleteSignatureException"
    )
    assert fragment in message


def test_missing_date_header(ivsrealtime_emulator: Emulator) -> None:
    headers = sign_create_stage(ivsrealtime_emulator)
    del headers["X-Amz-Date"]
    message = assert_auth_error(
        create_stage_with(ivsrealtime_emulator, headers), "IncompleteSignatureException"
    )
    assert "'X-Amz-Date'" in message


def test_host_must_be_signed(ivsrealtime_emulator: Emulator) -> None:
    headers = sign_create_stage(ivsrealtime_emulator)
    headers["Authorization"] = headers["Authorization"].replace(
        "SignedHeaders=content-type;host;x-amz-date",
        "SignedHeaders=content-type;x-amz-date",
    )
    message = assert_auth_error(
        create_stage_with(ivsrealtime_emulator, headers), "InvalidSignatureException"
    )
    assert "'Host'" in message


def test_auth_error_type_carries_namespace(ivsrealtime_emulator: Emulator) -> None:
    response = create_stage_with(ivsrealtime_emulator, dict(JSON))
    assert response.error_type is not None
    assert response.error_type.startswith("MissingAuthenticationTokenException:http")


def test_signature_checked_before_routing(ivsrealtime_emulator: Emulator) -> None:
    response = send(ivsrealtime_emulator, "GET", "/no/such/path")
    assert_auth_error(response, "MissingAuthenticationTokenException")
