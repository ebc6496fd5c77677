"""``mypy --strict`` accepts typed use of the client and rejects wrong use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USAGE = Path(__file__).with_name("usage.py")

# Each misuse is on the line number that its expected error gives.
WRONG_USAGE = """\
from ivsrealtime_client import IVSRealTimeClient, models


def misuse(client: IVSRealTimeClient) -> None:
    client.get_stage(arn=123)
    client.get_stage(stage_arn="arn:aws:ivs:us-west-2:1:stage/a")
    models.CreateStageRequest(name=5)
    print(client.get_stage(arn="arn:aws:ivs:us-west-2:1:stage/a").stage.arn)
    client.untag_resource(resource_arn="arn", tag_keys="team")
"""

EXPECTED_ERRORS = [
    (
        5,
        'Argument "arn" to "get_stage" of "IVSRealTimeClient" has incompatible '
        'type "int"; expected "str"  [arg-type]',
    ),
    (
        6,
        'Unexpected keyword argument "stage_arn" for "get_stage" of '
        '"IVSRealTimeClient"  [call-arg]',
    ),
    (
        7,
        'Argument "name" to "CreateStageRequest" has incompatible type "int"; '
        'expected "str | None"  [arg-type]',
    ),
    (8, 'Item "None" of "Stage | None" has no attribute "arn"  [union-attr]'),
    (
        9,
        'Argument "tag_keys" to "untag_resource" of "IVSRealTimeClient" has '
        'incompatible type "str"; expected "list[str]"  [arg-type]',
    ),
]


def run_mypy(path: Path, cache_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``mypy --strict`` on one file with the project's configuration."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(cache_dir),
            "--hide-error-context",
            "--no-pretty",
            "--no-error-summary",
            str(path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_typed_usage_passes_mypy(tmp_path: Path) -> None:
    result = run_mypy(USAGE, tmp_path / "mypy-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_wrong_usage_fails_mypy(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong_usage.py"
    wrong.write_text(WRONG_USAGE, encoding="utf-8")
    result = run_mypy(wrong, tmp_path / "mypy-cache")
    assert result.returncode == 1, result.stdout + result.stderr
    reported = [
        line.split(": error: ", 1)
        for line in result.stdout.splitlines()
        if ": error: " in line
    ]
    for line_number, message in EXPECTED_ERRORS:
        assert [f"{wrong}:{line_number}", message] in reported, result.stdout
    assert len(reported) == len(EXPECTED_ERRORS), result.stdout
