"""A client whose transport returns one canned response, with no network at all."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from ivsrealtime_client import Config, IVSRealTimeClient
from ivsrealtime_client.runtime.transport import HttpRequest, HttpResponse, Timeouts

REQUEST_ID = "7f5b2a4e-0c1d-4e5f-8a9b-0c1d2e3f4a5b"
# Port 9 (discard) on loopback. Nothing is sent there, because the canned
# transport returns the response for every request itself.
ENDPOINT_URL = "http://127.0.0.1:9"


@attrs.define
class CannedTransport:
    """Transport that records each request and returns the same response."""

    body: bytes
    status_code: int = 200
    requests: list[HttpRequest] = attrs.field(factory=list)

    def send(self, request: HttpRequest, timeouts: Timeouts) -> HttpResponse:
        self.requests.append(request)
        headers = {
            "content-type": "application/json",
            "x-amzn-requestid": REQUEST_ID,
        }
        return HttpResponse(self.status_code, headers, self.body)

    def close(self) -> None:
        pass


ClientFactory = Callable[[Any], IVSRealTimeClient]


@pytest.fixture
def canned_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ClientFactory]:
    """Return a factory of clients whose every call gets ``document`` as JSON."""
    for name in list(os.environ):
        if name.upper().startswith("AWS_"):
            monkeypatch.delenv(name)
    empty = tmp_path / "empty-aws-file"
    empty.write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    clients: list[IVSRealTimeClient] = []

    def make(document: Any) -> IVSRealTimeClient:
        transport = CannedTransport(json.dumps(document).encode("utf-8"))
        client = IVSRealTimeClient(
            region_name="us-west-2",
            endpoint_url=ENDPOINT_URL,
            aws_access_key_id="AKIDEXAMPLEFAKE12345",
            aws_secret_access_key="fake/secret+KEY0123456789abcdefghijklmno",
            config=Config(transport=transport, max_attempts=1),
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
