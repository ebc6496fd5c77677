"""Fixtures of the emulator tests: an isolated AWS environment and boto3 clients.

The ``ivsrealtime_emulator`` fixture itself comes from the package's pytest
plugin, so these tests also check that the plugin loads.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ivsrealtime_client.emulator import Emulator

from .support import boto3_client


@pytest.fixture(autouse=True)
def isolated_aws_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Keep botocore away from real credentials, config files and metadata."""
    config_dir = tmp_path_factory.mktemp("aws-config")
    config_file = config_dir / "config"
    credentials_file = config_dir / "credentials"
    config_file.write_text("")
    credentials_file.write_text("")
    for name in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_IVS_REALTIME",
        "AWS_ROLE_ARN",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAFAKEFAKEFAKEFAKE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "fake-secret-that-the-emulator-rejects")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config_file))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials_file))


@pytest.fixture
def ivs(ivsrealtime_emulator: Emulator) -> Any:
    """A boto3 ivs-realtime client bound to the emulator, without client-side checks."""
    return boto3_client(ivsrealtime_emulator)


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "emulator.sqlite3"
