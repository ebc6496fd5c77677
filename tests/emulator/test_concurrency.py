"""Many clients writing the same stage at once leave a consistent state."""

from __future__ import annotations

import http.client
import socket
import struct
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from botocore.exceptions import ClientError

from ivsrealtime_client.emulator import Emulator, ParticipantActionError

from .support import boto3_client, error_of

THREADS = 6
ROUNDS = 15
# 6 threads x 8 tags stays within the limit of 50 tags per resource.
TAG_ROUNDS = 8
BURST_THREADS = 50
BURST_CONNECTIONS = 4


def run_in_threads(work: Callable[[int], Any], threads: int = THREADS) -> list[Any]:
    """Run work(index) in threads that start together; return their results."""
    barrier = threading.Barrier(threads)

    def start(index: int) -> Any:
        barrier.wait()
        return work(index)

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(start, range(threads)))


# Offset of tcpi_total_retrans in Linux's struct tcp_info: 8 one-byte fields,
# then 23 four-byte fields before it (include/uapi/linux/tcp.h).
_TOTAL_RETRANS_OFFSET = 100


def total_retransmissions(sock: socket.socket | None) -> int | None:
    """Return the segments that a TCP connection has sent again, SYNs included.

    None where the platform has no TCP_INFO (Linux has it).
    """
    if sock is None or not sys.platform.startswith("linux"):
        return None
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    (count,) = struct.unpack_from("I", info, _TOTAL_RETRANS_OFFSET)
    return int(count)


def test_burst_of_fresh_connections(ivsrealtime_emulator: Emulator) -> None:
    port = ivsrealtime_emulator.port

    def work(index: int) -> list[tuple[object, int | None]]:
        outcomes: list[tuple[object, int | None]] = []
        for _ in range(BURST_CONNECTIONS):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                connection.request("GET", "/_emulator/health")
                response = connection.getresponse()
                response.read()
                retransmissions = total_retransmissions(connection.sock)
                outcomes.append((response.status, retransmissions))
            except (OSError, http.client.HTTPException) as exc:
                outcomes.append((repr(exc), None))
            finally:
                connection.close()
        return outcomes

    results = run_in_threads(work, threads=BURST_THREADS)
    outcomes = [outcome for result in results for outcome in result]

    assert len(outcomes) == BURST_CONNECTIONS * BURST_THREADS
    failures = [status for status, _ in outcomes if status != 200]
    assert failures == []
    # Linux drops a connection attempt that finds the listen queue full, and the
    # client succeeds on a retry a second or more later. So retransmitted SYNs,
    # not the outcomes, show whether the queue was too short.
    retransmitted = [count for _, count in outcomes if count]
    assert retransmitted == []


def test_concurrent_tagging_of_one_stage(ivsrealtime_emulator: Emulator) -> None:
    clients = [boto3_client(ivsrealtime_emulator) for _ in range(THREADS)]
    arn = clients[0].create_stage()["stage"]["arn"]

    def work(index: int) -> None:
        ivs = clients[index]
        for round_number in range(TAG_ROUNDS):
            ivs.tag_resource(resourceArn=arn, tags={f"t{index}-{round_number}": "v"})
            ivs.update_stage(arn=arn, name=f"name-{index}-{round_number}")
            if round_number % 3 == 0:
                ivs.untag_resource(
                    resourceArn=arn, tagKeys=[f"t{index}-{round_number}"]
                )

    run_in_threads(work)
    tags = clients[0].list_tags_for_resource(resourceArn=arn)["tags"]
    expected = {
        f"t{index}-{round_number}"
        for index in range(THREADS)
        for round_number in range(TAG_ROUNDS)
        if round_number % 3 != 0
    }
    assert set(tags) == expected
    name = clients[0].get_stage(arn=arn)["stage"]["name"]
    assert name.startswith("name-")


def test_concurrent_tokens_and_sessions(ivsrealtime_emulator: Emulator) -> None:
    clients = [boto3_client(ivsrealtime_emulator) for _ in range(THREADS)]
    arn = clients[0].create_stage()["stage"]["arn"]

    def work(index: int) -> list[str]:
        ivs = clients[index]
        participant_ids = []
        for _ in range(ROUNDS // 3):
            token = ivs.create_participant_token(stageArn=arn)["participantToken"]
            joined = ivsrealtime_emulator.join(token["token"])
            ivsrealtime_emulator.publish(joined.participant_id)
            ivsrealtime_emulator.leave(joined.participant_id)
            participant_ids.append(joined.participant_id)
        return participant_ids

    results = run_in_threads(work)
    all_ids = [pid for ids in results for pid in ids]
    assert len(set(all_ids)) == len(all_ids) == THREADS * (ROUNDS // 3)

    ivs = clients[0]
    assert "activeSessionId" not in ivs.get_stage(arn=arn)["stage"]
    sessions = ivs.list_stage_sessions(stageArn=arn, maxResults=100)["stageSessions"]
    assert sessions
    assert all("endTime" in session for session in sessions)

    seen = []
    for session in sessions:
        participants = ivs.list_participants(
            stageArn=arn, sessionId=session["sessionId"], maxResults=100
        )["participants"]
        for participant in participants:
            assert participant["state"] == "DISCONNECTED"
            assert participant["published"] is True
            names = [
                event["name"]
                for event in ivs.list_participant_events(
                    stageArn=arn,
                    sessionId=session["sessionId"],
                    participantId=participant["participantId"],
                )["events"]
            ]
            assert names == ["JOINED", "PUBLISH_STARTED", "PUBLISH_STOPPED", "LEFT"]
            seen.append(participant["participantId"])
    assert sorted(seen) == sorted(all_ids)


def test_concurrent_stage_creation_respects_quota() -> None:
    with Emulator(stage_quota=5) as emulator:
        clients = [boto3_client(emulator) for _ in range(THREADS)]

        def work(index: int) -> list[str]:
            outcomes = []
            for _ in range(3):
                try:
                    clients[index].create_stage()
                    outcomes.append("created")
                except ClientError as exc:
                    outcomes.append(error_of(exc)[0])
            return outcomes

        outcomes = [outcome for result in run_in_threads(work) for outcome in result]
        assert outcomes.count("created") == 5
        assert outcomes.count("ServiceQuotaExceededException") == THREADS * 3 - 5
        assert len(clients[0].list_stages()["stages"]) == 5


def test_concurrent_delete_and_join(ivsrealtime_emulator: Emulator) -> None:
    clients = [boto3_client(ivsrealtime_emulator) for _ in range(THREADS)]
    created = clients[0].create_stage(participantTokenConfigurations=[{}] * THREADS)
    arn = created["stage"]["arn"]
    tokens = [token["token"] for token in created["participantTokens"]]

    def work(index: int) -> str:
        if index == 0:
            try:
                clients[0].delete_stage(arn=arn)
                return "deleted"
            except ClientError as exc:
                return error_of(exc)[0]
        try:
            ivsrealtime_emulator.join(tokens[index])
            return "joined"
        except ParticipantActionError as exc:
            return exc.code

    outcomes = run_in_threads(work)
    if outcomes[0] == "deleted":
        # Joins before the delete would have made it conflict, so all failed.
        assert set(outcomes[1:]) == {"InvalidToken"}
    else:
        assert outcomes[0] == "ConflictException"
        assert "joined" in outcomes[1:]
        assert clients[0].get_stage(arn=arn)["stage"]["activeSessionId"]
