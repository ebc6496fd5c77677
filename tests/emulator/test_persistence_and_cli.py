"""State kept in a database file across restarts, and the command line."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ivsrealtime_client.emulator import DatabaseOpenError, Emulator
from ivsrealtime_client.emulator.cli import build_parser, main

from .support import boto3_client, error_of

KEYS = {"access_key_id": "AKIAEMULATORTEST0001", "secret_access_key": "emulator-secret"}


def keyed_emulator(**options: Any) -> Emulator:
    """Return an emulator that accepts the fixed KEYS, so restarts can reuse them."""
    return Emulator(
        access_key_id=KEYS["access_key_id"],
        secret_access_key=KEYS["secret_access_key"],
        **options,
    )


def test_restart_keeps_stages_tags_and_tokens(db_path: Path) -> None:
    with keyed_emulator(db_path=db_path) as emulator:
        ivs = boto3_client(emulator)
        first = ivs.create_stage(name="kept", tags={"a": "1"})
        arn = first["stage"]["arn"]
        ivs.tag_resource(resourceArn=arn, tags={"b": "2"})
        second = ivs.create_stage(name="deleted")["stage"]["arn"]
        ivs.delete_stage(arn=second)
        token = ivs.create_participant_token(stageArn=arn)["participantToken"]
        for _ in range(3):
            ivs.create_stage()
        page = ivs.list_stages(maxResults=2)

    with keyed_emulator(db_path=db_path) as emulator:
        ivs = boto3_client(emulator)
        stage = ivs.get_stage(arn=arn)["stage"]
        assert stage["name"] == "kept"
        assert stage["tags"] == {"a": "1", "b": "2"}
        with pytest.raises(ClientError) as raised:
            ivs.get_stage(arn=second)
        assert error_of(raised.value) == ("ResourceNotFoundException", 404)
        # Tokens and pagination tokens stay valid because their keys persist.
        joined = emulator.join(token["token"])
        assert joined.stage_arn == arn
        rest = ivs.list_stages(maxResults=10, nextToken=page["nextToken"])
        assert len(page["stages"]) + len(rest["stages"]) == 4


def test_restart_keeps_sessions_and_events(db_path: Path) -> None:
    with keyed_emulator(db_path=db_path) as emulator:
        ivs = boto3_client(emulator)
        created = ivs.create_stage(participantTokenConfigurations=[{}])
        arn = created["stage"]["arn"]
        joined = emulator.join(created["participantTokens"][0]["token"])
        emulator.publish(joined.participant_id)

    with keyed_emulator(db_path=db_path) as emulator:
        ivs = boto3_client(emulator)
        assert ivs.get_stage(arn=arn)["stage"]["activeSessionId"] == joined.session_id
        events = ivs.list_participant_events(
            stageArn=arn,
            sessionId=joined.session_id,
            participantId=joined.participant_id,
        )["events"]
        assert [event["name"] for event in events] == ["JOINED", "PUBLISH_STARTED"]
        emulator.leave(joined.participant_id)


@dataclass
class CliProcess:
    process: subprocess.Popen[str]
    url: str
    banner: str


@contextmanager
def running_cli(*arguments: str) -> Iterator[CliProcess]:
    """Start the emulator's command line and yield it once it printed its banner."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ivsrealtime_client.emulator",
            "--port",
            "0",
            *arguments,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = ""
        while "Ctrl+C" not in banner:
            line = process.stdout.readline()
            assert line, f"the emulator exited before its banner ended: {banner!r}"
            banner += line
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", banner)
        assert match, f"no URL in the banner {banner!r}"
        yield CliProcess(process, match.group(1), banner)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def cli_client(url: str, region: str = "us-east-1") -> Any:
    emulator = keyed_emulator(region=region)
    client = boto3_client(emulator, endpoint_url=url)
    return client


def test_cli_serves_until_terminated() -> None:
    arguments = ["--region", "eu-west-1", "--account-id", "210987654321"]
    arguments += ["--access-key-id", KEYS["access_key_id"]]
    arguments += ["--secret-access-key", KEYS["secret_access_key"]]
    with running_cli(*arguments) as cli:
        assert f"aws_access_key_id:     {KEYS['access_key_id']}" in cli.banner
        assert "region_name:           eu-west-1" in cli.banner
        ivs = cli_client(cli.url, region="eu-west-1")
        arn = ivs.create_stage(name="cli")["stage"]["arn"]
        assert arn.startswith("arn:aws:ivs:eu-west-1:210987654321:stage/")
        cli.process.send_signal(signal.SIGTERM)
        _, errors = cli.process.communicate()
        assert cli.process.returncode == 0, errors
        assert "stopped" in errors


def test_cli_prints_generated_credentials() -> None:
    with running_cli() as cli:
        values = dict(
            line.strip().split(":", 1)
            for line in cli.banner.splitlines()
            if ": " in line
        )
        key_id = values["aws_access_key_id"].strip()
        secret = values["aws_secret_access_key"].strip()
        assert re.fullmatch(r"AKIA[A-Z0-9]{16}", key_id)
        emulator = Emulator(access_key_id=key_id, secret_access_key=secret)
        ivs = boto3_client(emulator, endpoint_url=cli.url)
        assert ivs.list_stages()["stages"] == []
        cli.process.send_signal(signal.SIGINT)
        cli.process.communicate()
        assert cli.process.returncode == 0


def test_kill_loses_no_acknowledged_write(db_path: Path) -> None:
    arguments = ["--db", str(db_path), "--access-key-id", KEYS["access_key_id"]]
    arguments += ["--secret-access-key", KEYS["secret_access_key"]]
    with running_cli(*arguments) as cli:
        ivs = cli_client(cli.url)
        arns = [ivs.create_stage(tags={"n": str(i)})["stage"]["arn"] for i in range(5)]
        cli.process.kill()
        cli.process.wait()

    with keyed_emulator(db_path=db_path) as emulator:
        ivs = boto3_client(emulator)
        listed = ivs.list_stages()["stages"]
        assert [stage["arn"] for stage in listed] == arns
        assert [stage["tags"] for stage in listed] == [{"n": str(i)} for i in range(5)]


def test_console_script_installed() -> None:
    script = Path(sys.executable).parent / "ivsrealtime-emulator"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "--secret-access-key" in result.stdout


@pytest.mark.parametrize(
    "arguments",
    [
        ["--access-key-id", "AKIAONLYONE000000000"],
        ["--region", "Not A Region"],
        ["--account-id", "12"],
        ["--port", "70000"],
    ],
)
def test_cli_rejects_bad_arguments(
    arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(arguments) == 2
    assert "ivsrealtime-emulator:" in capsys.readouterr().err


def test_cli_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with Emulator() as emulator:
        assert main(["--port", str(emulator.port)]) == 2
    assert "ivsrealtime-emulator:" in capsys.readouterr().err


def test_database_file_created(db_path: Path) -> None:
    with Emulator(db_path=db_path):
        pass
    assert db_path.exists()
    assert os.path.getsize(db_path) > 0


@pytest.mark.parametrize(
    ("arguments", "option"),
    [
        (["--max-body-bytes", "-1"], "--max-body-bytes"),
        (["--stage-quota", "-5"], "--stage-quota"),
        (["--publisher-quota", "-1"], "--publisher-quota"),
        (["--subscriber-quota", "many"], "--subscriber-quota"),
        (["--access-key-id", "", "--secret-access-key", "s"], "--access-key-id"),
        (
            ["--access-key-id", "AKIA1", "--secret-access-key", ""],
            "--secret-access-key",
        ),
    ],
)
def test_cli_parser_rejects_invalid_values(
    arguments: list[str], option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The parser alone, because main() with accepted values would serve forever.
    with pytest.raises(SystemExit) as raised:
        build_parser().parse_args(arguments)
    assert raised.value.code == 2
    errors = capsys.readouterr().err
    assert f"argument {option}: " in errors
    assert "Traceback" not in errors


def write_text_file(path: Path) -> Path:
    path.write_bytes(b"plain text, not a SQLite database\n" * 40)
    return path


@pytest.mark.parametrize(
    ("make_path", "reason"),
    [
        (lambda tmp: write_text_file(tmp / "notes.txt"), "file is not a database"),
        (lambda tmp: tmp / "missing" / "state.db", "does not exist"),
        (lambda tmp: tmp, "is a directory"),
    ],
    ids=["not-sqlite", "missing-directory", "directory"],
)
def test_cli_rejects_unusable_database(
    tmp_path: Path,
    make_path: Callable[[Path], Path],
    reason: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = make_path(tmp_path)
    content = path.read_bytes() if path.is_file() else None

    assert main(["--db", str(path)]) == 2

    errors = capsys.readouterr().err
    assert errors.count("\n") == 1, errors
    assert errors.startswith("ivsrealtime-emulator: ")
    assert str(path) in errors
    assert reason in errors
    if content is not None:
        assert path.read_bytes() == content


def test_unusable_database_raises_open_error(tmp_path: Path) -> None:
    path = write_text_file(tmp_path / "notes.txt")
    emulator = Emulator(db_path=path)
    with pytest.raises(DatabaseOpenError) as raised:
        emulator.start()
    assert raised.value.path == str(path)
    assert "file is not a database" in str(raised.value)
    assert not emulator.is_running
