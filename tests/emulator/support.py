"""Helpers of the emulator tests: boto3 clients and raw signed HTTP requests."""

from __future__ import annotations

import functools
import http.client
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from unittest import mock

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from ivsrealtime_client.emulator import Emulator


@functools.cache
def _boto3_session() -> Any:
    # One session for all tests, because a session caches the loaded service
    # model; clients get explicit credentials, so no test depends on its state.
    return boto3.session.Session()


def boto3_client(emulator: Emulator, **overrides: str) -> Any:
    """Return a boto3 client for the emulator.

    Client-side parameter validation is off, so invalid values reach the
    emulator, and retries are off, so every error surfaces at once. Create
    clients in the main thread: boto3 sessions are not thread-safe.
    """
    config = Config(
        parameter_validation=False,
        retries={"mode": "standard", "total_max_attempts": 1},
    )
    kwargs = {**emulator.client_kwargs(), **overrides}
    return _boto3_session().client("ivs-realtime", config=config, **kwargs)


def error_of(exc: Any) -> tuple[str, int]:
    """Return the error code and HTTP status of a botocore ClientError."""
    response = exc.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def error_type(self) -> str | None:
        return self.headers.get("x-amzn-errortype")

    @property
    def request_id(self) -> str | None:
        return self.headers.get("x-amzn-requestid")


def signed_headers(
    emulator: Emulator,
    method: str,
    path: str,
    *,
    query: str = "",
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
    region: str | None = None,
    service: str = "ivs",
    signed_at: datetime | None = None,
) -> dict[str, str]:
    """Sign a request with botocore's SigV4 signer and return all its headers."""
    url = emulator.url + path + (f"?{query}" if query else "")
    request = AWSRequest(method=method, url=url, data=body, headers=dict(headers or {}))
    credentials = Credentials(
        access_key_id or emulator.credentials.access_key_id,
        secret_access_key or emulator.credentials.secret_access_key,
    )
    signer = SigV4Auth(credentials, service, region or emulator.region)
    if signed_at is None:
        signer.add_auth(request)
    else:
        with mock.patch("botocore.auth.get_current_datetime", return_value=signed_at):
            signer.add_auth(request)
    return dict(request.headers.items())


def send(
    emulator: Emulator,
    method: str,
    path: str,
    *,
    query: str = "",
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    connection: http.client.HTTPConnection | None = None,
) -> RawResponse:
    """Send a request as given, without signing it, and read the whole response."""
    own_connection = connection is None
    if connection is None:
        connection = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=30)
    target = path + (f"?{query}" if query else "")
    try:
        connection.request(method, target, body=body, headers=dict(headers or {}))
        response = connection.getresponse()
        payload = response.read()
        return RawResponse(
            response.status,
            {key.lower(): value for key, value in response.getheaders()},
            payload,
        )
    finally:
        if own_connection:
            connection.close()


def send_signed(
    emulator: Emulator,
    method: str,
    path: str,
    *,
    query: str = "",
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    connection: http.client.HTTPConnection | None = None,
) -> RawResponse:
    """Sign a request with the emulator's credentials and send it."""
    all_headers = signed_headers(
        emulator, method, path, query=query, body=body, headers=headers
    )
    return send(
        emulator,
        method,
        path,
        query=query,
        body=body,
        headers=all_headers,
        connection=connection,
    )


def post_json(emulator: Emulator, operation: str, document: Any) -> RawResponse:
    """Call a POST operation with a signed JSON body."""
    return send_signed(
        emulator,
        "POST",
        f"/{operation}",
        body=json.dumps(document).encode(),
        headers={"Content-Type": "application/json"},
    )


def admin(
    emulator: Emulator, method: str, path: str, document: Any = None
) -> RawResponse:
    """Call the emulator's admin API, which takes no signature."""
    body = b"" if document is None else json.dumps(document).encode()
    return send(
        emulator,
        method,
        f"/_emulator/{path}",
        body=body,
        headers={"Content-Type": "application/json"},
    )
