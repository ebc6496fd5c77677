"""Checks that --db runs on opening a file: its origin, region and account id."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from ivsrealtime_client.emulator import DatabaseOpenError, Emulator, cli
from ivsrealtime_client.emulator.cli import main

from .support import boto3_client

DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT_ID = "123456789012"


def create_stage_in(db_path: Path) -> str:
    """Create a stage in a database with the default region and account id."""
    with Emulator(db_path=db_path) as emulator:
        stage = boto3_client(emulator).create_stage(name="kept")["stage"]
    return str(stage["arn"])


def write_sqlite_file(path: Path, *statements: str) -> bytes:
    """Write a SQLite file with the given statements and return its bytes."""
    connection = sqlite3.connect(path)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()
    return path.read_bytes()


@pytest.fixture
def cli_stops_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make main() stop as soon as it has started, instead of serving forever.

    A database check that wrongly passes then shows as exit status 0, not as a
    test that never ends.
    """
    stopped = threading.Event()
    stopped.set()
    monkeypatch.setattr(cli, "threading", SimpleNamespace(Event=lambda: stopped))


def start_error(
    db_path: Path,
    region: str = DEFAULT_REGION,
    account_id: str = DEFAULT_ACCOUNT_ID,
) -> DatabaseOpenError:
    emulator = Emulator(db_path=db_path, region=region, account_id=account_id)
    with pytest.raises(DatabaseOpenError) as raised:
        emulator.start()
    assert not emulator.is_running
    return raised.value


@pytest.mark.parametrize(
    ("region", "account_id", "stored", "requested"),
    [
        (
            "eu-west-1",
            DEFAULT_ACCOUNT_ID,
            f"region {DEFAULT_REGION} and account {DEFAULT_ACCOUNT_ID}",
            f"region eu-west-1 and account {DEFAULT_ACCOUNT_ID}",
        ),
        (
            DEFAULT_REGION,
            "210987654321",
            f"region {DEFAULT_REGION} and account {DEFAULT_ACCOUNT_ID}",
            f"region {DEFAULT_REGION} and account 210987654321",
        ),
    ],
    ids=["region", "account"],
)
def test_reopen_with_other_identity_fails(
    db_path: Path, region: str, account_id: str, stored: str, requested: str
) -> None:
    arn = create_stage_in(db_path)

    error = start_error(db_path, region, account_id)

    message = str(error)
    assert error.path == str(db_path)
    assert "\n" not in message
    assert f"created for {stored}," in message
    assert f"not {requested};" in message

    with Emulator(db_path=db_path) as emulator:
        stage = boto3_client(emulator).get_stage(arn=arn)["stage"]
    assert stage["name"] == "kept"


@pytest.mark.usefixtures("cli_stops_at_once")
def test_cli_rejects_other_region(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create_stage_in(db_path)

    assert main(["--db", str(db_path), "--region", "eu-west-1"]) == 2

    errors = capsys.readouterr().err
    assert errors.count("\n") == 1, errors
    assert errors.startswith("ivsrealtime-emulator: ")
    assert str(db_path) in errors
    assert f"region {DEFAULT_REGION}" in errors
    assert "region eu-west-1" in errors
    assert "Traceback" not in errors


def test_old_database_adopts_current_identity(db_path: Path) -> None:
    arn = create_stage_in(db_path)
    # Turn the file into one written before the identity and the application
    # id were stored.
    connection = sqlite3.connect(db_path)
    try:
        connection.execute("PRAGMA application_id=0")
        connection.execute("DELETE FROM meta WHERE name IN ('region', 'account_id')")
        connection.commit()
    finally:
        connection.close()

    with Emulator(db_path=db_path) as emulator:
        stage = boto3_client(emulator).get_stage(arn=arn)["stage"]
    assert stage["name"] == "kept"

    error = start_error(db_path, region="eu-west-1")
    assert "region eu-west-1" in str(error)


@pytest.mark.usefixtures("cli_stops_at_once")
@pytest.mark.parametrize(
    "statements",
    [
        ("CREATE TABLE stages (x)", "INSERT INTO stages VALUES (1)"),
        ("CREATE TABLE foo (a)",),
        ("PRAGMA application_id=7",),
    ],
    ids=["own-stages-table", "foo-table", "other-application"],
)
def test_unrelated_sqlite_file_rejected(
    tmp_path: Path, statements: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "user.db"
    content = write_sqlite_file(path, *statements)

    error = start_error(path)
    assert "not an emulator database" in str(error)
    assert path.read_bytes() == content

    assert main(["--db", str(path)]) == 2
    errors = capsys.readouterr().err
    assert errors.count("\n") == 1, errors
    assert str(path) in errors
    assert "not an emulator database" in errors
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["user.db"]


def test_empty_file_becomes_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    arn = create_stage_in(path)

    with Emulator(db_path=path) as emulator:
        stage = boto3_client(emulator).get_stage(arn=arn)["stage"]
    assert stage["name"] == "kept"
