"""Fixtures of the differential tests: an isolated environment and both clients.

Nothing is sent anywhere. This client only prepares, signs and parses. botocore's
client gets a loopback endpoint, and a ``before-send`` handler captures each
request and returns a canned response in its place.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import botocore.auth
import botocore.config
import botocore.session
import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from ivsrealtime_client import IVSRealTimeClient

from .counts import EXAMPLE_COUNTS, format_counts

REGION = "us-west-2"
ENDPOINT = "http://127.0.0.1:1"
ACCESS_KEY_ID = "AKIDDIFFERENTIAL0001"
SECRET_ACCESS_KEY = "fake+secret/key/for/differential/tests00"
SESSION_TOKEN = "FAKE-session-token/differential+tests=="
SIGNING_TIME = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="session", autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Hide the machine's AWS settings and disable the instance metadata service."""
    folder = tmp_path_factory.mktemp("aws")
    empty_file = folder / "empty"
    empty_file.write_text("")
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.upper().startswith("AWS_") or name.upper().endswith("_PROXY"):
                patch.delenv(name)
        patch.setenv("AWS_CONFIG_FILE", str(empty_file))
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty_file))
        patch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        yield


@pytest.fixture(scope="session")
def ours(isolated_environment: None) -> Iterator[IVSRealTimeClient]:
    """This package's client; tests call its preparing and parsing steps only."""
    client = IVSRealTimeClient(
        region_name=REGION,
        endpoint_url=ENDPOINT,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
        aws_session_token=SESSION_TOKEN,
    )
    yield client
    client.close()


class BotocoreRecorder:
    """botocore's ``ivs-realtime`` client with every request captured, not sent."""

    def __init__(self) -> None:
        session = botocore.session.get_session()
        self.client: Any = session.create_client(
            "ivs-realtime",
            region_name=REGION,
            endpoint_url=ENDPOINT,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
            aws_session_token=SESSION_TOKEN,
            config=botocore.config.Config(retries={"mode": "standard"}),
        )
        self.client.meta.events.register("before-send", self._capture)
        self._captured: list[AWSPreparedRequest] = []

    def _capture(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        self._captured.append(request)
        return AWSResponse(request.url, 200, {}, _EmptyRaw())

    def send(self, method_name: str, params: dict[str, Any]) -> AWSPreparedRequest:
        """Call ``method_name`` with ``params`` signed at ``SIGNING_TIME``.

        Returns the request botocore would have sent.
        """
        self._captured.clear()
        signing_time = SIGNING_TIME.replace(tzinfo=None)
        with mock.patch.object(
            botocore.auth, "get_current_datetime", lambda **_: signing_time
        ):
            getattr(self.client, method_name)(**params)
        assert len(self._captured) == 1, "botocore sent more than one request"
        return self._captured[0]


class _EmptyRaw:
    """Raw body of the canned response: ``{}``, which every output shape accepts."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield b"{}"


@pytest.fixture(scope="session")
def recorder(isolated_environment: None) -> BotocoreRecorder:
    return BotocoreRecorder()


@pytest.fixture(scope="session")
def model_path() -> Path:
    return (
        Path(__file__).parents[2] / "model" / "ivs-realtime-2020-07-14.service-2.json"
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print how many generated examples each check ran per operation."""
    if EXAMPLE_COUNTS:
        terminalreporter.write_sep("-", "differential examples run")
        terminalreporter.write_line(format_counts(EXAMPLE_COUNTS))
