"""Fixtures of the end-to-end tests: an isolated AWS environment and clients.

The ``ivsrealtime_emulator`` and ``ivsrealtime_client`` fixtures come from the
package's pytest plugin.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ivsrealtime_client import Config, IVSRealTimeClient
from ivsrealtime_client.emulator import Emulator

from .support import RecordingTransport, new_client

_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def isolated_aws_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep botocore away from the machine's credentials, config and metadata.

    Every ``AWS_*`` and proxy variable is removed, instance metadata is disabled,
    the shared files are empty temporary files and the keys are fake ones that
    the emulator rejects.
    """
    for name in list(os.environ):
        upper = name.upper()
        if upper.startswith("AWS_") or upper in _PROXY_VARIABLES:
            monkeypatch.delenv(name)

    config_file = tmp_path / "aws-config"
    credentials_file = tmp_path / "aws-credentials"
    config_file.write_text("")
    credentials_file.write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config_file))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials_file))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAFAKEE2EFAKEFAKE0")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "fake-secret-that-the-emulator-rejects")


@pytest.fixture
def transport() -> RecordingTransport:
    """A transport that records what reaches the emulator. The client closes it."""
    return RecordingTransport()


@pytest.fixture
def recorded_client(
    ivsrealtime_emulator: Emulator, transport: RecordingTransport
) -> Iterator[IVSRealTimeClient]:
    """A client of the emulator that sends through ``transport``, with defaults."""
    with new_client(ivsrealtime_emulator, Config(transport=transport)) as client:
        yield client


@pytest.fixture
def single_attempt_client(
    ivsrealtime_emulator: Emulator, transport: RecordingTransport
) -> Iterator[IVSRealTimeClient]:
    """A client that never retries, so that a 500 reaches the caller at once."""
    config = Config(transport=transport, max_attempts=1)
    with new_client(ivsrealtime_emulator, config) as client:
        yield client
