"""The README's Python examples type-check and run against the emulator."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ivsrealtime_client.emulator import Emulator

README = Path(__file__).resolve().parents[2] / "README.md"


def python_examples() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def test_readme_has_examples() -> None:
    assert len(python_examples()) >= 2


def test_readme_examples_type_check(tmp_path: Path) -> None:
    paths = []
    for index, example in enumerate(python_examples()):
        path = tmp_path / f"readme_example_{index}.py"
        path.write_text(example, encoding="utf-8")
        paths.append(str(path))

    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *paths],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def us_west_2_emulator() -> Iterator[Emulator]:
    with Emulator(region="us-west-2") as emulator:
        yield emulator


def test_first_example_runs(us_west_2_emulator: Emulator, tmp_path: Path) -> None:
    # The example names only a region, so the endpoint and keys reach it through
    # the standard AWS environment variables, as they would for a user.
    empty = tmp_path / "empty"
    empty.write_text("", encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": str(empty),
        "AWS_SHARED_CREDENTIALS_FILE": str(empty),
        "AWS_ENDPOINT_URL": us_west_2_emulator.url,
        "AWS_ACCESS_KEY_ID": us_west_2_emulator.credentials.access_key_id,
        "AWS_SECRET_ACCESS_KEY": us_west_2_emulator.credentials.secret_access_key,
    }

    result = subprocess.run(
        [sys.executable, "-c", python_examples()[0]],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    arns = re.findall(r"arn:aws:ivs:us-west-2:\d{12}:stage/\w+", result.stdout)
    assert len(arns) == 2
    assert "town-hall" in result.stdout


def test_emulator_example_runs(tmp_path: Path) -> None:
    examples = [e for e in python_examples() if "start_emulator" in e]
    assert len(examples) == 1
    empty = tmp_path / "empty"
    empty.write_text("", encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": str(empty),
        "AWS_SHARED_CREDENTIALS_FILE": str(empty),
    }

    result = subprocess.run(
        [sys.executable, "-c", examples[0]],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )

    assert result.returncode == 0, result.stderr
