"""The whole IVS Real-Time workflow through boto3, an independent AWS SDK."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ivsrealtime_client.emulator import Emulator, ParticipantActionError

from .support import boto3_client, error_of

STAGE_ARN = re.compile(r"^arn:aws:ivs:us-east-1:123456789012:stage/[a-zA-Z0-9]{12}$")
SESSION_ID = re.compile(r"^st-[a-zA-Z0-9]{13}$")
PARTICIPANT_ID = re.compile(r"^[a-zA-Z0-9]{12}$")
FIXED_NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)


def create_stage_with_tokens(
    ivs: Any, count: int, **token: Any
) -> tuple[str, list[Any]]:
    response = ivs.create_stage(participantTokenConfigurations=[token] * count)
    return response["stage"]["arn"], response["participantTokens"]


def test_stage_lifecycle(ivs: Any) -> None:
    created = ivs.create_stage(name="studio-1", tags={"team": "media"})
    stage = created["stage"]
    arn = stage["arn"]
    assert STAGE_ARN.match(arn), arn
    assert stage["name"] == "studio-1"
    assert stage["tags"] == {"team": "media"}
    assert "activeSessionId" not in stage
    assert created["participantTokens"] == []

    assert ivs.get_stage(arn=arn)["stage"] == stage

    updated = ivs.update_stage(arn=arn, name="studio-2")["stage"]
    assert updated["name"] == "studio-2"
    assert ivs.get_stage(arn=arn)["stage"]["name"] == "studio-2"

    listed = ivs.list_stages()["stages"]
    assert [summary["arn"] for summary in listed] == [arn]
    assert listed[0]["tags"] == {"team": "media"}

    ivs.delete_stage(arn=arn)
    with pytest.raises(ClientError) as raised:
        ivs.get_stage(arn=arn)
    assert error_of(raised.value) == ("ResourceNotFoundException", 404)
    assert ivs.list_stages()["stages"] == []


def test_stage_without_name_has_empty_name(ivs: Any) -> None:
    stage = ivs.create_stage()["stage"]
    assert stage["name"] == ""
    assert stage["tags"] == {}


def test_participant_token_defaults() -> None:
    with Emulator(clock=lambda: FIXED_NOW) as emulator:
        ivs = boto3_client(emulator)
        arn, tokens = create_stage_with_tokens(ivs, 1)
        token = tokens[0]
        assert PARTICIPANT_ID.match(token["participantId"])
        assert token["capabilities"] == ["PUBLISH", "SUBSCRIBE"]
        assert token["duration"] == 720
        assert token["expirationTime"] == FIXED_NOW + timedelta(minutes=720)
        assert "userId" not in token

        created = ivs.create_participant_token(stageArn=arn)["participantToken"]
        assert created["duration"] == 720
        assert created["participantId"] != token["participantId"]
        assert created["token"] != token["token"]


def test_participant_token_options() -> None:
    with Emulator(clock=lambda: FIXED_NOW) as emulator:
        ivs = boto3_client(emulator)
        arn = ivs.create_stage()["stage"]["arn"]
        token = ivs.create_participant_token(
            stageArn=arn,
            duration=5,
            capabilities=["SUBSCRIBE"],
            userId="user-ü-1",
            attributes={"role": "viewer", "名前": "値"},
        )["participantToken"]
        assert token["duration"] == 5
        assert token["expirationTime"] == FIXED_NOW + timedelta(minutes=5)
        assert token["capabilities"] == ["SUBSCRIBE"]
        assert token["userId"] == "user-ü-1"
        assert token["attributes"] == {"role": "viewer", "名前": "値"}
        parts = token["token"].split(".")
        assert len(parts) == 3
        assert all(re.fullmatch(r"[A-Za-z0-9_-]+", part) for part in parts)


def test_empty_capabilities_give_no_capability(ivs: Any) -> None:
    arn = ivs.create_stage()["stage"]["arn"]
    token = ivs.create_participant_token(stageArn=arn, capabilities=[])
    assert token["participantToken"]["capabilities"] == []


def test_create_stage_returns_token_per_configuration(ivs: Any) -> None:
    response = ivs.create_stage(
        participantTokenConfigurations=[
            {"userId": "host", "capabilities": ["PUBLISH"]},
            {"userId": "guest", "duration": 60, "attributes": {"seat": "3"}},
        ]
    )
    tokens = response["participantTokens"]
    assert [token["userId"] for token in tokens] == ["host", "guest"]
    assert tokens[0]["capabilities"] == ["PUBLISH"]
    assert tokens[1]["duration"] == 60
    assert tokens[1]["attributes"] == {"seat": "3"}
    assert len({token["participantId"] for token in tokens}) == 2


def test_tags_on_returned_arn(ivs: Any) -> None:
    arn = ivs.create_stage(tags={"a": "1"})["stage"]["arn"]
    ivs.tag_resource(resourceArn=arn, tags={"b": "2", "c": "3", "a": "changed"})
    assert ivs.list_tags_for_resource(resourceArn=arn)["tags"] == {
        "a": "changed",
        "b": "2",
        "c": "3",
    }

    ivs.untag_resource(resourceArn=arn, tagKeys=["a", "c", "never-set"])
    assert ivs.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert ivs.get_stage(arn=arn)["stage"]["tags"] == {"b": "2"}


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:ivs:us-east-1:123456789012:stage/AAAAAAAAAAAA",
        "arn:aws:ivs:eu-west-1:123456789012:stage/AAAAAAAAAAAA",
        "arn:aws:ivs:us-east-1:123456789012:channel/AAAAAAAAAAAA",
    ],
)
def test_tags_of_unknown_arn_not_found(ivs: Any, arn: str) -> None:
    calls: list[Callable[[], Any]] = [
        lambda: ivs.list_tags_for_resource(resourceArn=arn),
        lambda: ivs.tag_resource(resourceArn=arn, tags={"k": "v"}),
        lambda: ivs.untag_resource(resourceArn=arn, tagKeys=["k"]),
    ]
    for call in calls:
        with pytest.raises(ClientError) as raised:
            call()
        assert error_of(raised.value) == ("ResourceNotFoundException", 404)


def test_tags_of_deleted_stage_are_gone(ivs: Any) -> None:
    arn = ivs.create_stage(tags={"k": "v"})["stage"]["arn"]
    ivs.delete_stage(arn=arn)
    with pytest.raises(ClientError) as raised:
        ivs.list_tags_for_resource(resourceArn=arn)
    assert error_of(raised.value) == ("ResourceNotFoundException", 404)


def test_stage_pagination_over_several_pages(ivs: Any) -> None:
    created = [ivs.create_stage(name=f"s{i}")["stage"]["arn"] for i in range(7)]
    pages = []
    token = None
    while True:
        kwargs = {"maxResults": 3} | ({"nextToken": token} if token else {})
        page = ivs.list_stages(**kwargs)
        pages.append([stage["arn"] for stage in page["stages"]])
        token = page.get("nextToken")
        if not token:
            break
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [arn for page in pages for arn in page] == created


def test_stage_pagination_default_page_is_fifty(ivs: Any) -> None:
    for _ in range(51):
        ivs.create_stage()
    first = ivs.list_stages()
    assert len(first["stages"]) == 50
    second = ivs.list_stages(nextToken=first["nextToken"])
    assert len(second["stages"]) == 1
    assert "nextToken" not in second


def test_next_token_for_other_query_rejected(
    ivs: Any, ivsrealtime_emulator: Emulator
) -> None:
    first, tokens = create_stage_with_tokens(ivs, 3)
    second = ivs.create_stage()["stage"]["arn"]
    session_id = ""
    for token in tokens:
        session_id = ivsrealtime_emulator.join(token["token"]).session_id
    page = ivs.list_participants(stageArn=first, sessionId=session_id, maxResults=1)
    next_token = page["nextToken"]

    misuses: list[Callable[[], Any]] = [
        lambda: ivs.list_participants(
            stageArn=first,
            sessionId=session_id,
            filterByState="CONNECTED",
            nextToken=next_token,
        ),
        lambda: ivs.list_participants(
            stageArn=second, sessionId=session_id, nextToken=next_token
        ),
        lambda: ivs.list_stages(nextToken=next_token),
    ]
    for misuse in misuses:
        with pytest.raises(ClientError) as raised:
            misuse()
        assert error_of(raised.value) == ("ValidationException", 400)

    # The same query with another page size may go on with the token.
    rest = ivs.list_participants(
        stageArn=first, sessionId=session_id, maxResults=5, nextToken=next_token
    )
    assert len(rest["participants"]) == 2


@pytest.mark.parametrize("forged", ["abc", "", "A" * 60, "eyJhZnRlciI6MH0"])
def test_forged_next_token_rejected(ivs: Any, forged: str) -> None:
    ivs.create_stage()
    if not forged:
        # An empty token means the first page, as for no token at all.
        assert len(ivs.list_stages(nextToken=forged)["stages"]) == 1
        return
    with pytest.raises(ClientError) as raised:
        ivs.list_stages(nextToken=forged)
    assert error_of(raised.value) == ("ValidationException", 400)


def test_session_starts_and_ends_with_participants(
    ivs: Any, ivsrealtime_emulator: Emulator
) -> None:
    arn, tokens = create_stage_with_tokens(ivs, 2)
    assert ivs.list_stage_sessions(stageArn=arn)["stageSessions"] == []

    first = ivsrealtime_emulator.join(tokens[0]["token"])
    second = ivsrealtime_emulator.join(tokens[1]["token"])
    assert first.session_id == second.session_id
    assert SESSION_ID.match(first.session_id)
    assert ivs.get_stage(arn=arn)["stage"]["activeSessionId"] == first.session_id
    session = ivs.get_stage_session(stageArn=arn, sessionId=first.session_id)
    assert "endTime" not in session["stageSession"]

    ivsrealtime_emulator.leave(first.participant_id)
    assert ivs.get_stage(arn=arn)["stage"]["activeSessionId"] == first.session_id
    ivsrealtime_emulator.leave(second.participant_id)
    assert "activeSessionId" not in ivs.get_stage(arn=arn)["stage"]
    ended = ivs.get_stage_session(stageArn=arn, sessionId=first.session_id)
    assert ended["stageSession"]["endTime"] >= ended["stageSession"]["startTime"]

    again = ivsrealtime_emulator.join(tokens[0]["token"])
    assert again.session_id != first.session_id
    listed = ivs.list_stage_sessions(stageArn=arn)["stageSessions"]
    assert [s["sessionId"] for s in listed] == [again.session_id, first.session_id]


def test_stage_sessions_pagination(ivs: Any, ivsrealtime_emulator: Emulator) -> None:
    arn, tokens = create_stage_with_tokens(ivs, 1)
    session_ids = []
    for _ in range(5):
        joined = ivsrealtime_emulator.join(tokens[0]["token"])
        session_ids.append(joined.session_id)
        ivsrealtime_emulator.leave(joined.participant_id)

    seen: list[str] = []
    page = ivs.list_stage_sessions(stageArn=arn, maxResults=2)
    seen += [s["sessionId"] for s in page["stageSessions"]]
    while "nextToken" in page:
        page = ivs.list_stage_sessions(
            stageArn=arn, maxResults=2, nextToken=page["nextToken"]
        )
        seen += [s["sessionId"] for s in page["stageSessions"]]
    assert seen == list(reversed(session_ids))


def test_participants_and_filters(ivs: Any, ivsrealtime_emulator: Emulator) -> None:
    arn = ivs.create_stage()["stage"]["arn"]
    joined = {}
    for user in ("ann", "bob", "cid"):
        token = ivs.create_participant_token(
            stageArn=arn, userId=user, attributes={"user": user}
        )["participantToken"]["token"]
        joined[user] = ivsrealtime_emulator.join(
            token, client_attributes={"browserName": "Firefox", "osName": "Linux"}
        )
    session_id = joined["ann"].session_id
    ivsrealtime_emulator.publish(joined["ann"].participant_id)
    ivsrealtime_emulator.leave(joined["bob"].participant_id)

    def ids(**filters: Any) -> set[str]:
        page = ivs.list_participants(stageArn=arn, sessionId=session_id, **filters)
        return {p["userId"] for p in page["participants"]}

    assert ids() == {"ann", "bob", "cid"}
    assert ids(filterByUserId="bob") == {"bob"}
    assert ids(filterByPublished=True) == {"ann"}
    assert ids(filterByPublished=False) == {"bob", "cid"}
    assert ids(filterByState="CONNECTED") == {"ann", "cid"}
    assert ids(filterByState="DISCONNECTED") == {"bob"}

    with pytest.raises(ClientError) as raised:
        ids(filterByUserId="bob", filterByState="CONNECTED")
    assert error_of(raised.value) == ("ValidationException", 400)

    participant = ivs.get_participant(
        stageArn=arn, sessionId=session_id, participantId=joined["ann"].participant_id
    )["participant"]
    assert participant["userId"] == "ann"
    assert participant["state"] == "CONNECTED"
    assert participant["published"] is True
    assert participant["attributes"] == {"user": "ann"}
    assert participant["browserName"] == "Firefox"
    assert participant["osName"] == "Linux"
    assert isinstance(participant["firstJoinTime"], datetime)


def test_published_flag_stays_after_unpublish(
    ivs: Any, ivsrealtime_emulator: Emulator
) -> None:
    arn, tokens = create_stage_with_tokens(ivs, 1)
    joined = ivsrealtime_emulator.join(tokens[0]["token"])
    ivsrealtime_emulator.publish(joined.participant_id)
    ivsrealtime_emulator.unpublish(joined.participant_id)
    participant = ivs.get_participant(
        stageArn=arn, sessionId=joined.session_id, participantId=joined.participant_id
    )["participant"]
    assert participant["published"] is True


def test_participant_pagination(ivs: Any, ivsrealtime_emulator: Emulator) -> None:
    arn, tokens = create_stage_with_tokens(ivs, 12)
    joined = [ivsrealtime_emulator.join(token["token"]) for token in tokens]
    session_id = joined[0].session_id
    seen: list[str] = []
    kwargs: dict[str, Any] = {"stageArn": arn, "sessionId": session_id, "maxResults": 5}
    while True:
        page = ivs.list_participants(**kwargs)
        seen += [p["participantId"] for p in page["participants"]]
        if "nextToken" not in page:
            break
        kwargs["nextToken"] = page["nextToken"]
    assert seen == [j.participant_id for j in joined]


def event_tuples(ivs: Any, arn: str, session_id: str, participant_id: str) -> list[Any]:
    events = ivs.list_participant_events(
        stageArn=arn, sessionId=session_id, participantId=participant_id
    )["events"]
    for event in events:
        assert event["participantId"] == participant_id
        assert isinstance(event["eventTime"], datetime)
    return [
        (event["name"], event.get("remoteParticipantId"), event.get("errorCode"))
        for event in events
    ]


def test_participant_events(ivs: Any, ivsrealtime_emulator: Emulator) -> None:
    arn = ivs.create_stage()["stage"]["arn"]
    publisher_token = ivs.create_participant_token(stageArn=arn)["participantToken"]
    viewer_token = ivs.create_participant_token(
        stageArn=arn, capabilities=["SUBSCRIBE"]
    )["participantToken"]
    publisher = ivsrealtime_emulator.join(publisher_token["token"])
    viewer = ivsrealtime_emulator.join(viewer_token["token"])
    pub_id, view_id = publisher.participant_id, viewer.participant_id

    with pytest.raises(ParticipantActionError):
        ivsrealtime_emulator.subscribe(view_id, pub_id)
    ivsrealtime_emulator.publish(pub_id)
    ivsrealtime_emulator.subscribe(view_id, pub_id)
    with pytest.raises(ParticipantActionError):
        ivsrealtime_emulator.publish(view_id)
    ivsrealtime_emulator.unpublish(pub_id)
    ivsrealtime_emulator.publish(pub_id)
    ivsrealtime_emulator.subscribe(view_id, pub_id)
    ivsrealtime_emulator.unsubscribe(view_id, pub_id)
    ivsrealtime_emulator.subscribe(view_id, pub_id)
    ivsrealtime_emulator.leave(pub_id)

    session_id = publisher.session_id
    assert event_tuples(ivs, arn, session_id, view_id) == [
        ("JOINED", None, None),
        ("SUBSCRIBE_ERROR", pub_id, "PUBLISHER_NOT_FOUND"),
        ("SUBSCRIBE_STARTED", pub_id, None),
        ("PUBLISH_ERROR", None, "INSUFFICIENT_CAPABILITIES"),
        ("SUBSCRIBE_STOPPED", pub_id, None),
        ("SUBSCRIBE_STARTED", pub_id, None),
        ("SUBSCRIBE_STOPPED", pub_id, None),
        ("SUBSCRIBE_STARTED", pub_id, None),
        ("SUBSCRIBE_STOPPED", pub_id, None),
    ]
    assert event_tuples(ivs, arn, session_id, pub_id) == [
        ("JOINED", None, None),
        ("PUBLISH_STARTED", None, None),
        ("PUBLISH_STOPPED", None, None),
        ("PUBLISH_STARTED", None, None),
        ("PUBLISH_STOPPED", None, None),
        ("LEFT", None, None),
    ]


def test_participant_events_pagination(
    ivs: Any, ivsrealtime_emulator: Emulator
) -> None:
    arn, tokens = create_stage_with_tokens(ivs, 1)
    joined = ivsrealtime_emulator.join(tokens[0]["token"])
    for _ in range(4):
        ivsrealtime_emulator.publish(joined.participant_id)
        ivsrealtime_emulator.unpublish(joined.participant_id)
    names: list[str] = []
    kwargs: dict[str, Any] = {
        "stageArn": arn,
        "sessionId": joined.session_id,
        "participantId": joined.participant_id,
        "maxResults": 3,
    }
    pages = 0
    while True:
        page = ivs.list_participant_events(**kwargs)
        pages += 1
        names += [event["name"] for event in page["events"]]
        if "nextToken" not in page:
            break
        kwargs["nextToken"] = page["nextToken"]
    assert pages == 3
    assert names == ["JOINED"] + ["PUBLISH_STARTED", "PUBLISH_STOPPED"] * 4


def test_disconnect_participant(ivs: Any, ivsrealtime_emulator: Emulator) -> None:
    arn, tokens = create_stage_with_tokens(ivs, 2)
    staying = ivsrealtime_emulator.join(tokens[0]["token"])
    dropped = ivsrealtime_emulator.join(tokens[1]["token"])
    ivsrealtime_emulator.publish(dropped.participant_id)
    ivsrealtime_emulator.subscribe(staying.participant_id, dropped.participant_id)

    ivs.disconnect_participant(
        stageArn=arn, participantId=dropped.participant_id, reason="policy ✓"
    )
    session_id = staying.session_id
    participant = ivs.get_participant(
        stageArn=arn, sessionId=session_id, participantId=dropped.participant_id
    )["participant"]
    assert participant["state"] == "DISCONNECTED"
    assert event_tuples(ivs, arn, session_id, dropped.participant_id)[-2:] == [
        ("PUBLISH_STOPPED", None, None),
        ("LEFT", None, None),
    ]
    assert event_tuples(ivs, arn, session_id, staying.participant_id)[-1] == (
        "SUBSCRIBE_STOPPED",
        dropped.participant_id,
        None,
    )

    with pytest.raises(ParticipantActionError) as raised:
        ivsrealtime_emulator.join(tokens[1]["token"])
    assert raised.value.code == "ParticipantRevoked"
    assert event_tuples(ivs, arn, session_id, dropped.participant_id)[-1] == (
        "JOIN_ERROR",
        None,
        None,
    )


def test_disconnect_unknown_participant_not_found(ivs: Any) -> None:
    arn = ivs.create_stage()["stage"]["arn"]
    with pytest.raises(ClientError) as raised:
        ivs.disconnect_participant(stageArn=arn, participantId="AAAAAAAAAAAA")
    assert error_of(raised.value) == ("ResourceNotFoundException", 404)


def test_lists_of_unknown_stage_are_empty(ivs: Any) -> None:
    arn = "arn:aws:ivs:us-east-1:123456789012:stage/AAAAAAAAAAAA"
    session_id = "st-AAAAAAAAAAAAA"
    assert ivs.list_stage_sessions(stageArn=arn)["stageSessions"] == []
    assert (
        ivs.list_participants(stageArn=arn, sessionId=session_id)["participants"] == []
    )
    assert (
        ivs.list_participant_events(
            stageArn=arn, sessionId=session_id, participantId="x"
        )["events"]
        == []
    )


def test_get_of_unknown_session_and_participant(ivs: Any) -> None:
    arn = ivs.create_stage()["stage"]["arn"]
    calls: list[Callable[[], Any]] = [
        lambda: ivs.get_stage_session(stageArn=arn, sessionId="st-AAAAAAAAAAAAA"),
        lambda: ivs.get_participant(
            stageArn=arn, sessionId="st-AAAAAAAAAAAAA", participantId="x"
        ),
        lambda: ivs.create_participant_token(stageArn=arn.replace(arn[-12:], "B" * 12)),
        lambda: ivs.update_stage(arn=arn.replace(arn[-12:], "B" * 12), name="x"),
        lambda: ivs.delete_stage(arn=arn.replace(arn[-12:], "B" * 12)),
    ]
    for call in calls:
        with pytest.raises(ClientError) as raised:
            call()
        assert error_of(raised.value) == ("ResourceNotFoundException", 404)


def test_delete_stage_with_connected_participant_conflicts(
    ivs: Any, ivsrealtime_emulator: Emulator
) -> None:
    arn, tokens = create_stage_with_tokens(ivs, 1)
    joined = ivsrealtime_emulator.join(tokens[0]["token"])
    with pytest.raises(ClientError) as raised:
        ivs.delete_stage(arn=arn)
    assert error_of(raised.value) == ("ConflictException", 409)
    assert "exceptionMessage" in raised.value.response

    ivsrealtime_emulator.leave(joined.participant_id)
    ivs.delete_stage(arn=arn)
    with pytest.raises(ParticipantActionError) as rejoin:
        ivsrealtime_emulator.join(tokens[0]["token"])
    assert rejoin.value.code == "InvalidToken"


def test_stage_quota_exceeded() -> None:
    with Emulator(stage_quota=2) as emulator:
        ivs = boto3_client(emulator)
        ivs.create_stage()
        second = ivs.create_stage()["stage"]["arn"]
        with pytest.raises(ClientError) as raised:
            ivs.create_stage()
        assert error_of(raised.value) == ("ServiceQuotaExceededException", 402)
        ivs.delete_stage(arn=second)
        ivs.create_stage()
        assert len(ivs.list_stages()["stages"]) == 2
