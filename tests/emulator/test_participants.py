"""Simulated participants through the Python API and the admin HTTP API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest

from ivsrealtime_client.emulator import Emulator, ParticipantActionError

from .support import admin, boto3_client, post_json, send

FIXED_NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)


def new_token(emulator: Emulator, **options: Any) -> dict[str, Any]:
    stage = post_json(emulator, "CreateStage", {}).json()["stage"]["arn"]
    response = post_json(
        emulator, "CreateParticipantToken", {"stageArn": stage, **options}
    )
    token: dict[str, Any] = response.json()["participantToken"]
    token["stageArn"] = stage
    return token


def events(emulator: Emulator, stage: str, session: str, participant: str) -> list[Any]:
    document = {"stageArn": stage, "sessionId": session, "participantId": participant}
    found: list[Any] = post_json(emulator, "ListParticipantEvents", document).json()[
        "events"
    ]
    return [
        (e["name"], e.get("remoteParticipantId"), e.get("errorCode")) for e in found
    ]


def test_expired_token_rejected_with_join_error() -> None:
    with Emulator(clock=lambda: FIXED_NOW) as emulator:
        ivs = boto3_client(emulator)
        arn = ivs.create_stage()["stage"]["arn"]
        short = ivs.create_participant_token(stageArn=arn, duration=1)
        long = ivs.create_participant_token(stageArn=arn, duration=60)
        present = emulator.join(long["participantToken"]["token"])

        emulator.advance_clock(61)
        with pytest.raises(ParticipantActionError) as raised:
            emulator.join(short["participantToken"]["token"])
        assert raised.value.code == "TokenExpired"
        short_id = short["participantToken"]["participantId"]
        assert events(emulator, arn, present.session_id, short_id) == [
            ("JOIN_ERROR", None, None)
        ]


def test_expired_token_without_session_records_nothing() -> None:
    with Emulator(clock=lambda: FIXED_NOW) as emulator:
        token = new_token(emulator, duration=1)
        emulator.advance_clock(60)
        with pytest.raises(ParticipantActionError) as raised:
            emulator.join(token["token"])
        assert raised.value.code == "TokenExpired"
        sessions = post_json(
            emulator, "ListStageSessions", {"stageArn": token["stageArn"]}
        )
        assert sessions.json()["stageSessions"] == []


@pytest.mark.parametrize(
    "token",
    ["", "not-a-token", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJ4In0.AAAA"],
)
def test_unknown_token_rejected(ivsrealtime_emulator: Emulator, token: str) -> None:
    with pytest.raises(ParticipantActionError) as raised:
        ivsrealtime_emulator.join(token)
    assert raised.value.code == "InvalidToken"


def test_token_of_other_emulator_rejected() -> None:
    with Emulator() as first, Emulator() as second:
        token = new_token(first)
        with pytest.raises(ParticipantActionError) as raised:
            second.join(token["token"])
        assert raised.value.code == "InvalidToken"


def test_join_twice_rejected(ivsrealtime_emulator: Emulator) -> None:
    token = new_token(ivsrealtime_emulator)
    ivsrealtime_emulator.join(token["token"])
    with pytest.raises(ParticipantActionError) as raised:
        ivsrealtime_emulator.join(token["token"])
    assert raised.value.code == "AlreadyConnected"


def test_rejoin_keeps_first_join_time() -> None:
    with Emulator(clock=lambda: FIXED_NOW) as emulator:
        token = new_token(emulator)
        stage = token["stageArn"]
        keeper = post_json(emulator, "CreateParticipantToken", {"stageArn": stage})
        # The keeper stays connected, so the session goes on while the other
        # participant leaves and joins again.
        emulator.join(keeper.json()["participantToken"]["token"])
        joined = emulator.join(token["token"])
        emulator.leave(joined.participant_id)
        emulator.advance_clock(30)
        again = emulator.join(token["token"])
        assert again.session_id == joined.session_id
        document = {
            "stageArn": stage,
            "sessionId": joined.session_id,
            "participantId": joined.participant_id,
        }
        participant = post_json(emulator, "GetParticipant", document).json()[
            "participant"
        ]
        assert participant["firstJoinTime"] == "2024-05-01T12:00:00.000Z"
        assert participant["state"] == "CONNECTED"


def test_actions_need_connected_participant(ivsrealtime_emulator: Emulator) -> None:
    actions: list[Callable[[], None]] = [
        lambda: ivsrealtime_emulator.publish("nobody"),
        lambda: ivsrealtime_emulator.unpublish("nobody"),
        lambda: ivsrealtime_emulator.subscribe("nobody", "other"),
        lambda: ivsrealtime_emulator.unsubscribe("nobody", "other"),
        lambda: ivsrealtime_emulator.leave("nobody"),
    ]
    for action in actions:
        with pytest.raises(ParticipantActionError) as raised:
            action()
        assert raised.value.code == "NotConnected"


def test_subscribe_to_self_rejected(ivsrealtime_emulator: Emulator) -> None:
    joined = ivsrealtime_emulator.join(new_token(ivsrealtime_emulator)["token"])
    ivsrealtime_emulator.publish(joined.participant_id)
    with pytest.raises(ParticipantActionError) as raised:
        ivsrealtime_emulator.subscribe(joined.participant_id, joined.participant_id)
    assert raised.value.code == "InvalidRequest"


def test_subscribe_without_capability(ivsrealtime_emulator: Emulator) -> None:
    publisher_token = new_token(ivsrealtime_emulator)
    stage = publisher_token["stageArn"]
    viewer_token = post_json(
        ivsrealtime_emulator,
        "CreateParticipantToken",
        {"stageArn": stage, "capabilities": ["PUBLISH"]},
    ).json()["participantToken"]
    publisher = ivsrealtime_emulator.join(publisher_token["token"])
    viewer = ivsrealtime_emulator.join(viewer_token["token"])
    ivsrealtime_emulator.publish(publisher.participant_id)
    with pytest.raises(ParticipantActionError) as raised:
        ivsrealtime_emulator.subscribe(viewer.participant_id, publisher.participant_id)
    assert raised.value.code == "InsufficientCapabilities"
    assert events(
        ivsrealtime_emulator, stage, viewer.session_id, viewer.participant_id
    )[-1] == ("SUBSCRIBE_ERROR", publisher.participant_id, "INSUFFICIENT_CAPABILITIES")


def test_publisher_quota() -> None:
    with Emulator(publisher_quota=1) as emulator:
        first = new_token(emulator)
        second = post_json(
            emulator, "CreateParticipantToken", {"stageArn": first["stageArn"]}
        ).json()["participantToken"]
        a = emulator.join(first["token"])
        b = emulator.join(second["token"])
        emulator.publish(a.participant_id)
        with pytest.raises(ParticipantActionError) as raised:
            emulator.publish(b.participant_id)
        assert raised.value.code == "QuotaExceeded"
        assert events(emulator, first["stageArn"], b.session_id, b.participant_id)[
            -1
        ] == ("PUBLISH_ERROR", None, "QUOTA_EXCEEDED")
        emulator.unpublish(a.participant_id)
        emulator.publish(b.participant_id)


def test_subscriber_quota() -> None:
    with Emulator(subscriber_quota=1) as emulator:
        first = new_token(emulator)
        stage = first["stageArn"]
        others = [
            post_json(emulator, "CreateParticipantToken", {"stageArn": stage}).json()[
                "participantToken"
            ]
            for _ in range(2)
        ]
        publisher = emulator.join(first["token"])
        viewers = [emulator.join(token["token"]) for token in others]
        emulator.publish(publisher.participant_id)
        emulator.subscribe(viewers[0].participant_id, publisher.participant_id)
        with pytest.raises(ParticipantActionError) as raised:
            emulator.subscribe(viewers[1].participant_id, publisher.participant_id)
        assert raised.value.code == "QuotaExceeded"


def test_invalid_client_attributes(ivsrealtime_emulator: Emulator) -> None:
    token = new_token(ivsrealtime_emulator)["token"]
    for attributes in (
        {"browserName": "Fire fox!"},
        {"color": "red"},
        {"osName": "x" * 129},
    ):
        with pytest.raises(ParticipantActionError) as raised:
            ivsrealtime_emulator.join(token, client_attributes=attributes)
        assert raised.value.code == "InvalidRequest"


def test_methods_need_running_emulator() -> None:
    emulator = Emulator()
    with pytest.raises(RuntimeError, match="not running"):
        emulator.join("token")
    with pytest.raises(RuntimeError, match="not running"):
        emulator.reset()


def test_reset_deletes_everything(ivsrealtime_emulator: Emulator) -> None:
    token = new_token(ivsrealtime_emulator)
    ivsrealtime_emulator.join(token["token"])
    ivsrealtime_emulator.inject_error("AccessDeniedException")
    ivsrealtime_emulator.reset()
    assert post_json(ivsrealtime_emulator, "ListStages", {}).json()["stages"] == []


def test_admin_api_workflow(ivsrealtime_emulator: Emulator) -> None:
    token = new_token(ivsrealtime_emulator)
    stage = token["stageArn"]
    second = post_json(
        ivsrealtime_emulator, "CreateParticipantToken", {"stageArn": stage}
    )
    viewer_token = second.json()["participantToken"]["token"]

    joined = admin(
        ivsrealtime_emulator,
        "POST",
        "participants/join",
        {"token": token["token"], "clientAttributes": {"sdkVersion": "1.2.3"}},
    )
    assert joined.status == 200
    assert joined.request_id
    publisher = joined.json()
    assert publisher["stageArn"] == stage
    viewer = admin(
        ivsrealtime_emulator, "POST", "participants/join", {"token": viewer_token}
    ).json()

    pub, view = publisher["participantId"], viewer["participantId"]
    steps = [
        (f"participants/{pub}/publish", None),
        (f"participants/{view}/subscribe", {"publisherId": pub}),
        (f"participants/{view}/unsubscribe", {"publisherId": pub}),
        (f"participants/{pub}/unpublish", None),
        (f"participants/{view}/leave", None),
    ]
    for path, body in steps:
        response = admin(ivsrealtime_emulator, "POST", path, body)
        assert response.status == 200, (path, response.body)
    assert events(ivsrealtime_emulator, stage, publisher["sessionId"], view) == [
        ("JOINED", None, None),
        ("SUBSCRIBE_STARTED", pub, None),
        ("SUBSCRIBE_STOPPED", pub, None),
        ("LEFT", None, None),
    ]
    document = {
        "stageArn": stage,
        "sessionId": publisher["sessionId"],
        "participantId": pub,
    }
    participant = post_json(ivsrealtime_emulator, "GetParticipant", document)
    assert participant.json()["participant"]["sdkVersion"] == "1.2.3"


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("POST", "participants/join", {"token": "bogus"}, 403, "InvalidToken"),
        ("POST", "participants/join", {}, 400, "InvalidRequest"),
        ("POST", "participants/join", {"token": 5}, 400, "InvalidRequest"),
        ("POST", "participants/nobody/publish", None, 409, "NotConnected"),
        ("POST", "participants/nobody/subscribe", {}, 400, "InvalidRequest"),
        ("POST", "participants/nobody/dance", None, 404, "NotFound"),
        ("GET", "participants/join", None, 405, "MethodNotAllowed"),
        ("POST", "nothing-here", None, 404, "NotFound"),
        ("POST", "faults", {"errorCode": "ThrottlingException"}, 400, "InvalidRequest"),
        (
            "POST",
            "faults",
            {"errorCode": "X", "httpStatus": "x"},
            400,
            "InvalidRequest",
        ),
        ("POST", "clock", {"advanceSeconds": -1}, 400, "InvalidRequest"),
        ("POST", "clock", {"advanceSeconds": "soon"}, 400, "InvalidRequest"),
    ],
)
def test_admin_api_errors(
    ivsrealtime_emulator: Emulator,
    method: str,
    path: str,
    body: Any,
    status: int,
    code: str,
) -> None:
    response = admin(ivsrealtime_emulator, method, path, body)
    assert response.status == status, response.body
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_admin_api_malformed_body(ivsrealtime_emulator: Emulator) -> None:
    for body in (b"{", b"[1]", b'{"token": "\\udc00"}', b"\xff", b"[" * 100_000):
        response = send(
            ivsrealtime_emulator, "POST", "/_emulator/participants/join", body=body
        )
        assert response.status == 400, body
        assert response.json()["code"] == "InvalidRequest"


def test_admin_health_clock_and_reset(ivsrealtime_emulator: Emulator) -> None:
    health = admin(ivsrealtime_emulator, "GET", "health").json()
    assert health["status"] == "running"
    assert health["region"] == "us-east-1"
    assert health["accountId"] == "123456789012"

    advanced = admin(ivsrealtime_emulator, "POST", "clock", {"advanceSeconds": 86400})
    assert advanced.json()["now"] > health["now"]

    new_token(ivsrealtime_emulator)
    assert admin(ivsrealtime_emulator, "POST", "reset").status == 200
    assert post_json(ivsrealtime_emulator, "ListStages", {}).json()["stages"] == []

    assert admin(ivsrealtime_emulator, "DELETE", "faults").status == 200


@pytest.mark.parametrize("token", [None, b"token", 5])
def test_join_rejects_non_string_token(
    ivsrealtime_emulator: Emulator, token: object
) -> None:
    with pytest.raises(TypeError, match="must be a string"):
        ivsrealtime_emulator.join(token)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b'{"advanceSeconds": 80000000000000}', "80000000000000"),
        (b'{"advanceSeconds": 1e308}', "1e+308"),
        (b'{"advanceSeconds": 1e400}', "inf"),
        (b'{"advanceSeconds": -1e400}', "-inf"),
        (b'{"advanceSeconds": ' + b"9" * 99 + b"}", "9" * 99),
        (b'{"advanceSeconds": Infinity}', "Infinity is not a JSON number"),
        (b'{"advanceSeconds": NaN}', "NaN is not a JSON number"),
        (b'{"advanceSeconds": ' + b"9" * 5000 + b"}", "5000 digits"),
    ],
    ids=["8e13", "1e308", "1e400", "-1e400", "99-digits", "Infinity", "NaN", "5000"],
)
def test_admin_clock_rejects_bad_advance(body: bytes, fragment: str) -> None:
    with Emulator(clock=lambda: FIXED_NOW) as emulator:
        response = send(emulator, "POST", "/_emulator/clock", body=body)
        assert response.status == 400, response.body
        assert response.json()["code"] == "InvalidRequest"
        message = response.json()["message"]
        assert fragment in message
        assert "set_int_max_str_digits" not in message

        # Nothing was stored, so the emulator keeps working at the same time.
        health = admin(emulator, "GET", "health")
        assert health.status == 200
        assert health.json()["now"] == "2024-05-01T12:00:00.000Z"
        token = new_token(emulator)
        assert token["expirationTime"] == "2024-05-02T00:00:00.000Z"
        advanced = admin(emulator, "POST", "clock", {"advanceSeconds": 60})
        assert advanced.json()["now"] == "2024-05-01T12:01:00.000Z"


def test_advance_clock_rejects_infinity() -> None:
    with Emulator(clock=lambda: FIXED_NOW) as emulator:
        with pytest.raises(ValueError, match="inf"):
            emulator.advance_clock(float("inf"))
        with pytest.raises(ValueError, match="80000000000000"):
            emulator.advance_clock(80_000_000_000_000)
        assert admin(emulator, "GET", "health").json()["now"] == (
            "2024-05-01T12:00:00.000Z"
        )


def test_reset_undoes_clock_advances() -> None:
    with Emulator(clock=lambda: FIXED_NOW) as emulator:
        emulator.advance_clock(3600)
        emulator.reset()
        assert admin(emulator, "GET", "health").json()["now"] == (
            "2024-05-01T12:00:00.000Z"
        )
        admin(emulator, "POST", "clock", {"advanceSeconds": 86400})
        assert admin(emulator, "POST", "reset").status == 200
        assert admin(emulator, "GET", "health").json()["now"] == (
            "2024-05-01T12:00:00.000Z"
        )
