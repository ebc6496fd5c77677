"""The demo command, run as a user runs it: a subprocess against the emulator."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def demo_output(
    tmp_path_factory: pytest.TempPathFactory,
) -> subprocess.CompletedProcess[str]:
    home = tmp_path_factory.mktemp("home")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": str(Path(home) / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(Path(home) / "credentials"),
    }
    return subprocess.run(
        [sys.executable, "-m", "ivsrealtime_client", "demo"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_demo_exits_zero(demo_output: subprocess.CompletedProcess[str]) -> None:
    assert demo_output.returncode == 0, demo_output.stderr


def test_demo_reports_every_step(demo_output: subprocess.CompletedProcess[str]) -> None:
    steps = re.findall(r"^\[\s*\d+\] (\w+)", demo_output.stdout, flags=re.MULTILINE)
    expected = {
        "create_stage",
        "tag_resource",
        "list_tags_for_resource",
        "create_participant_token",
        "list_stages",
        "get_stage",
        "list_stage_sessions",
        "get_stage_session",
        "list_participants",
        "list_participant_events",
        "disconnect_participant",
        "get_participant",
        "update_stage",
        "untag_resource",
        "delete_stage",
    }
    assert expected <= set(steps)


def test_demo_shows_simulated_session(
    demo_output: subprocess.CompletedProcess[str],
) -> None:
    output = demo_output.stdout
    assert "host CONNECTED, guest CONNECTED" in output
    assert "JOINED, PUBLISH_STARTED" in output
    assert "state DISCONNECTED" in output
    assert re.search(r"active session st-[A-Za-z0-9]{13}\b", output)


def test_demo_prints_no_token(demo_output: subprocess.CompletedProcess[str]) -> None:
    # The emulator's tokens are JWTs; the report names users, never tokens.
    jwt = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")
    assert jwt.search(demo_output.stdout) is None
    assert "token for viewer" in demo_output.stdout


def test_demo_finishes_with_summary(
    demo_output: subprocess.CompletedProcess[str],
) -> None:
    assert "demo finished: 16 calls, all succeeded" in demo_output.stdout
