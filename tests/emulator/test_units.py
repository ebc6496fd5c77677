"""Unit tests of the emulator's building blocks, on the shipped model."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from ivsrealtime_client.emulator import Emulator, ServiceError
from ivsrealtime_client.emulator.app import EmulatorCredentials
from ivsrealtime_client.emulator.identifiers import (
    LATEST_TIME,
    Clock,
    new_session_id,
)
from ivsrealtime_client.emulator.operations import HANDLERS
from ivsrealtime_client.emulator.protocol import format_timestamp
from ivsrealtime_client.emulator.servicemodel import (
    MethodNotAllowed,
    RouteNotFound,
    load_service_model,
)
from ivsrealtime_client.emulator.signed_tokens import (
    decode_page_token,
    decode_participant_token,
    encode_page_token,
    encode_participant_token,
)
from ivsrealtime_client.emulator.validation import validate_input, validate_value

MODEL = load_service_model()
KEY = b"k" * 32


def test_every_operation_has_a_handler() -> None:
    assert set(HANDLERS) == set(MODEL.operations)


def test_route_decodes_arn_label_once() -> None:
    encoded = "arn%3Aaws%3Aivs%3Aus-east-1%3A1%3Astage%2Fabc%2525"
    operation, labels = MODEL.route("DELETE", f"/tags/{encoded}")
    assert operation.name == "UntagResource"
    assert labels == {"resourceArn": "arn:aws:ivs:us-east-1:1:stage/abc%25"}


def test_route_errors() -> None:
    with pytest.raises(RouteNotFound):
        MODEL.route("POST", "/tags")
    with pytest.raises(RouteNotFound):
        MODEL.route("POST", "/CreateStage/extra")
    with pytest.raises(MethodNotAllowed) as raised:
        MODEL.route("PUT", "/tags/x")
    assert raised.value.allowed == ["DELETE", "GET", "POST"]


def test_resource_arn_pattern_accepts_stage_arns() -> None:
    arn = "arn:aws:ivs:us-east-1:123456789012:stage/AbC123"
    assert validate_value(MODEL, "ResourceArn", arn, "resourceArn") == []
    assert validate_value(MODEL, "ResourceArn", "arn:aws:ivs:x:1:/a", "r") != []


def test_pattern_must_match_whole_value() -> None:
    # Python's $ also matches before a final newline; Java's matches() does not.
    problems = validate_value(MODEL, "StageName", "name\n", "name")
    assert len(problems) == 1
    assert "regular expression pattern" in problems[0]


def test_string_length_counts_code_points() -> None:
    assert validate_value(MODEL, "StageSessionId", "st-" + "é" * 13, "s") != []
    assert validate_value(MODEL, "UserId", "😀" * 128, "userId") == []
    assert validate_value(MODEL, "UserId", "😀" * 129, "userId") != []


def test_enum_and_list_constraints() -> None:
    problems = validate_value(
        MODEL, "ParticipantTokenCapabilities", ["PUBLISH", "WATCH", "SUBSCRIBE"], "c"
    )
    assert (
        "Value '[PUBLISH, WATCH, SUBSCRIBE]' at 'c' failed to satisfy constraint: "
        in (problems[0])
    )
    assert problems[0].endswith("Member must have length less than or equal to 2")
    assert problems[1] == (
        "Value 'WATCH' at 'c.2.member' failed to satisfy constraint: Member must "
        "satisfy enum value set: [PUBLISH, SUBSCRIBE]"
    )


def test_map_key_and_value_constraints() -> None:
    problems = validate_value(MODEL, "Tags", {"": "v", "k": "x" * 257}, "tags")
    assert any("Map keys must satisfy constraint" in p for p in problems)
    assert any(p.startswith("Value '") and "at 'tags.k'" in p for p in problems)


def test_required_members() -> None:
    problems = validate_input(MODEL, "GetParticipantRequest", {})
    assert sorted(problems) == sorted(
        f"Value null at '{name}' failed to satisfy constraint: Member must not be null"
        for name in ("participantId", "sessionId", "stageArn")
    )


def test_integer_range() -> None:
    assert validate_value(MODEL, "MaxStageResults", 100, "m") == []
    assert validate_value(MODEL, "MaxStageResults", 101, "m") == [
        "Value '101' at 'm' failed to satisfy constraint: Member must have value "
        "less than or equal to 100"
    ]


def test_participant_token_round_trip_and_tampering() -> None:
    claims = {"jti": "abc", "exp": 1}
    token = encode_participant_token(KEY, claims)
    assert decode_participant_token(KEY, token) == claims
    assert decode_participant_token(b"x" * 32, token) is None
    header, payload, signature = token.split(".")
    forged = encode_participant_token(KEY, {"jti": "other"}).split(".")[1]
    assert decode_participant_token(KEY, f"{header}.{forged}.{signature}") is None
    assert decode_participant_token(KEY, f"{header}.{payload}") is None
    assert decode_participant_token(KEY, "é.é.é") is None


def test_page_token_bound_to_query() -> None:
    token = encode_page_token(KEY, "ListStages", "q1", 7)
    assert decode_page_token(KEY, token, "ListStages", "q1") == 7
    for operation, query in (("ListStages", "q2"), ("ListParticipants", "q1")):
        with pytest.raises(ServiceError) as raised:
            decode_page_token(KEY, token, operation, query)
        assert raised.value.code == "ValidationException"
    with pytest.raises(ServiceError):
        decode_page_token(b"x" * 32, token, "ListStages", "q1")


def test_session_id_shape() -> None:
    session_id = new_session_id()
    assert len(session_id) == 16
    assert validate_value(MODEL, "StageSessionId", session_id, "s") == []


def test_clock_advances_but_not_backwards() -> None:
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    clock = Clock(lambda: start)
    clock.advance(90)
    assert clock.now() == start + timedelta(seconds=90)
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="naive"):
        Clock(lambda: datetime(2024, 1, 1)).now()


@pytest.mark.parametrize(
    ("seconds", "fragment"),
    [
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
        (float("nan"), "nan"),
        (1e308, "1e+308"),
        (80_000_000_000_000, "80000000000000"),
        (10**400, "1.00000e+400"),
        (-(10**5000), "-1.00000e+5000"),
    ],
    # pytest's default ids would call repr() on a 5,000-digit integer, which
    # raises ValueError on Python 3.11 and later.
    ids=["inf", "-inf", "nan", "1e308", "8e13", "1e400", "-1e5000"],
)
def test_clock_rejects_bad_advance(seconds: float, fragment: str) -> None:
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    clock = Clock(lambda: start)
    clock.advance(60)
    with pytest.raises(ValueError) as raised:
        clock.advance(seconds)
    assert fragment in str(raised.value)
    assert clock.now() == start + timedelta(seconds=60)


@pytest.mark.parametrize("seconds", ["5", None, True])
def test_clock_rejects_non_numbers(seconds: object) -> None:
    clock = Clock(lambda: datetime(2024, 1, 1, tzinfo=timezone.utc))
    with pytest.raises(TypeError, match="number of seconds"):
        clock.advance(seconds)  # type: ignore[arg-type]


def test_clock_stops_at_latest_time() -> None:
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    clock = Clock(lambda: start)
    remaining = (LATEST_TIME - start).total_seconds()
    with pytest.raises(ValueError, match=f"at most {int(remaining)} seconds"):
        clock.advance(remaining + 1)
    assert clock.now() == start
    clock.advance(remaining)
    assert clock.now() == LATEST_TIME
    # Formatting and a 14-day token expiry still work at the latest time.
    assert format_timestamp(clock.now()) == "9999-01-01T00:00:00.000Z"
    assert clock.now() + timedelta(days=14) > LATEST_TIME
    with pytest.raises(ValueError, match="9999-01-01"):
        clock.advance(1)


def test_clock_reset_undoes_advances() -> None:
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    clock = Clock(lambda: start)
    clock.advance(3600)
    clock.advance(0.5)
    clock.reset()
    assert clock.now() == start


def test_timestamp_format() -> None:
    moment = datetime(2024, 2, 3, 4, 5, 6, 789123, tzinfo=timezone(timedelta(hours=2)))
    assert format_timestamp(moment) == "2024-02-03T02:05:06.789Z"


def test_credentials_repr_hides_secret() -> None:
    credentials = EmulatorCredentials("AKIAEXAMPLE", "very-secret-value")
    assert "very-secret-value" not in repr(credentials)
    emulator = Emulator(access_key_id="AKIAEXAMPLE", secret_access_key="very-secret")
    assert "very-secret" not in repr(emulator)


@pytest.mark.parametrize(
    "arguments",
    [
        {"region": "US East"},
        {"account_id": "12345"},
        {"port": -1},
        {"access_key_id": "AKIAONLY"},
        {"secret_access_key": "only"},
        {"access_key_id": "", "secret_access_key": "secret"},
        {"access_key_id": "AKIA/EXAMPLE", "secret_access_key": "secret"},
        {"access_key_id": "AKIA EXAMPLE", "secret_access_key": "secret"},
        {"access_key_id": "AKIAEXAMPLE", "secret_access_key": ""},
        {"max_body_bytes": -1},
        {"stage_quota": -5},
        {"publisher_quota": -1},
        {"subscriber_quota": -1},
        {"stage_quota": 2.5},
    ],
)
def test_emulator_rejects_bad_arguments(arguments: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Emulator(**arguments)  # type: ignore[arg-type]


def test_emulator_accepts_zero_limits() -> None:
    emulator = Emulator(
        stage_quota=0, publisher_quota=0, subscriber_quota=0, max_body_bytes=0
    )
    assert not emulator.is_running


def test_emulator_cannot_start_twice() -> None:
    with Emulator() as emulator:
        with pytest.raises(RuntimeError, match="already running"):
            emulator.start()
        assert emulator.is_running
    assert not emulator.is_running
    emulator.stop()


def test_stop_closes_idle_keep_alive_connections() -> None:
    import http.client

    emulator = Emulator().start()
    connection = http.client.HTTPConnection("127.0.0.1", emulator.port)
    try:
        connection.request("GET", "/_emulator/health")
        assert connection.getresponse().read()
        emulator.stop()
        with pytest.raises((http.client.HTTPException, OSError)):
            connection.request("GET", "/_emulator/health")
            connection.getresponse()
    finally:
        connection.close()
        emulator.stop()


@pytest.mark.parametrize("sent", [b"", b"GET /_emulator/health HTTP/1.1\r\n"])
def test_silent_connection_closed(sent: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from ivsrealtime_client.emulator import server

    assert server._RequestHandler.timeout == server._IDLE_TIMEOUT_SECONDS
    monkeypatch.setattr(server._RequestHandler, "timeout", 0.2)
    with Emulator() as emulator:
        address = ("127.0.0.1", emulator.port)
        with socket.create_connection(address, timeout=30) as sock:
            sock.sendall(sent)
            # The server closes the connection when its read times out, so recv
            # returns end of file. Without the timeout it would block for 30 s
            # and raise TimeoutError.
            assert sock.recv(1024) == b""


def test_plugin_import_is_cheap() -> None:
    code = (
        "import sys, ivsrealtime_client.emulator.pytest_plugin as plugin\n"
        "assert plugin.ivsrealtime_emulator\n"
        "loaded = [m for m in ('ivsrealtime_client.emulator.app', "
        "'sqlite3', 'http.server') if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_plugin_fixture_yields_running_emulator(ivsrealtime_emulator: Emulator) -> None:
    assert ivsrealtime_emulator.is_running
    assert ivsrealtime_emulator.url == f"http://127.0.0.1:{ivsrealtime_emulator.port}"
    assert ivsrealtime_emulator.region == "us-east-1"
