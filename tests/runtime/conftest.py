"""Fixtures shared by the runtime tests: an isolated AWS environment and servers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from .loopback import LoopbackServer, ResettingServer

FAKE_ACCESS_KEY_ID = "AKIDEXAMPLEFAKE12345"
FAKE_SECRET_ACCESS_KEY = "fake/secret+KEY0123456789abcdefghijklmno"
FAKE_SESSION_TOKEN = "FAKE-session-token-0123456789abcdefghij"

_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@attrs.frozen
class AwsFiles:
    """The temporary shared config and credentials files of one test."""

    config: Path
    credentials: Path

    def write_config(self, text: str) -> None:
        self.config.write_text(text)

    def write_credentials(self, text: str) -> None:
        self.credentials.write_text(text)


@pytest.fixture(autouse=True)
def aws_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AwsFiles:
    """Isolate every test from the machine's AWS settings and the network.

    All ``AWS_*`` and proxy variables are removed, instance metadata is disabled,
    fake keys are set, and the shared files point at empty temporary files.
    """
    for name in list(os.environ):
        upper = name.upper()
        if upper.startswith("AWS_") or upper in _PROXY_VARIABLES:
            monkeypatch.delenv(name)

    files = AwsFiles(
        config=tmp_path / "aws-config", credentials=tmp_path / "aws-credentials"
    )
    files.config.write_text("")
    files.credentials.write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(files.config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(files.credentials))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_ACCESS_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET_ACCESS_KEY)
    return files


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    loopback = LoopbackServer().start()
    yield loopback
    loopback.stop()


@pytest.fixture
def resetting_server() -> Iterator[ResettingServer]:
    resetter = ResettingServer(reset=True).start()
    yield resetter
    resetter.stop()


@pytest.fixture
def dropping_server() -> Iterator[ResettingServer]:
    dropper = ResettingServer(reset=False).start()
    yield dropper
    dropper.stop()
