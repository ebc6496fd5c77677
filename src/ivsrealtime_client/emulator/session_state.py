"""Stage session state shared by the simulated participants and the API.

A session starts when a participant joins a stage that has no active session,
and ends as soon as the last connected participant leaves. (The real service
ends it a few minutes later.) Every change records the participant events that
the real service would list for it.
"""

from __future__ import annotations

import logging
import sqlite3

from .context import ServiceContext
from .identifiers import new_session_id

logger = logging.getLogger(__name__)


def record_event(
    connection: sqlite3.Connection,
    session_id: str,
    participant_id: str,
    name: str,
    event_ms: int,
    remote_participant_id: str | None = None,
    error_code: str | None = None,
) -> None:
    connection.execute(
        "INSERT INTO events (session_id, participant_id, name, "
        "remote_participant_id, error_code, event_ms) VALUES (?, ?, ?, ?, ?, ?)",
        (session_id, participant_id, name, remote_participant_id, error_code, event_ms),
    )


def disconnect(
    context: ServiceContext,
    connection: sqlite3.Connection,
    stage_arn: str,
    participant_id: str,
) -> bool:
    """Make a participant leave the stage's active session if it is connected.

    Returns whether the participant was connected.
    """
    row = connection.execute(
        "SELECT participants.session_id FROM participants "
        "JOIN stages ON stages.active_session_id = participants.session_id "
        "WHERE stages.arn = ? AND participants.participant_id = ? "
        "AND participants.state = 'CONNECTED'",
        (stage_arn, participant_id),
    ).fetchone()
    if row is None:
        return False
    leave_session(connection, row["session_id"], participant_id, context.clock.now_ms())
    return True


def start_session(connection: sqlite3.Connection, stage_arn: str, now: int) -> str:
    session_id = new_session_id()
    while connection.execute(
        "SELECT 1 FROM sessions WHERE session_id = ?", (session_id,)
    ).fetchone():
        session_id = new_session_id()
    connection.execute(
        "INSERT INTO sessions (session_id, stage_arn, start_ms) VALUES (?, ?, ?)",
        (session_id, stage_arn, now),
    )
    connection.execute(
        "UPDATE stages SET active_session_id = ? WHERE arn = ?", (session_id, stage_arn)
    )
    logger.debug("session %s of stage %s started", session_id, stage_arn)
    return session_id


def stop_publishing(
    connection: sqlite3.Connection, session_id: str, participant_id: str, now: int
) -> None:
    connection.execute(
        "UPDATE participants SET publishing = 0 WHERE session_id = ? "
        "AND participant_id = ?",
        (session_id, participant_id),
    )
    record_event(connection, session_id, participant_id, "PUBLISH_STOPPED", now)
    subscribers = connection.execute(
        "SELECT subscriber_id FROM subscriptions WHERE session_id = ? "
        "AND publisher_id = ?",
        (session_id, participant_id),
    ).fetchall()
    connection.execute(
        "DELETE FROM subscriptions WHERE session_id = ? AND publisher_id = ?",
        (session_id, participant_id),
    )
    for row in subscribers:
        record_event(
            connection,
            session_id,
            row["subscriber_id"],
            "SUBSCRIBE_STOPPED",
            now,
            participant_id,
        )


def leave_session(
    connection: sqlite3.Connection, session_id: str, participant_id: str, now: int
) -> None:
    """Disconnect a participant, stopping its streams, and end an empty session."""
    row = connection.execute(
        "SELECT publishing FROM participants WHERE session_id = ? "
        "AND participant_id = ?",
        (session_id, participant_id),
    ).fetchone()
    if row["publishing"]:
        stop_publishing(connection, session_id, participant_id, now)
    publishers = connection.execute(
        "SELECT publisher_id FROM subscriptions WHERE session_id = ? "
        "AND subscriber_id = ?",
        (session_id, participant_id),
    ).fetchall()
    connection.execute(
        "DELETE FROM subscriptions WHERE session_id = ? AND subscriber_id = ?",
        (session_id, participant_id),
    )
    for publisher in publishers:
        record_event(
            connection,
            session_id,
            participant_id,
            "SUBSCRIBE_STOPPED",
            now,
            publisher["publisher_id"],
        )
    record_event(connection, session_id, participant_id, "LEFT", now)
    connection.execute(
        "UPDATE participants SET state = 'DISCONNECTED' WHERE session_id = ? "
        "AND participant_id = ?",
        (session_id, participant_id),
    )
    logger.debug("participant %s left session %s", participant_id, session_id)

    (connected,) = connection.execute(
        "SELECT COUNT(*) FROM participants WHERE session_id = ? "
        "AND state = 'CONNECTED'",
        (session_id,),
    ).fetchone()
    if connected == 0:
        connection.execute(
            "UPDATE sessions SET end_ms = ? WHERE session_id = ?", (now, session_id)
        )
        connection.execute(
            "UPDATE stages SET active_session_id = NULL WHERE active_session_id = ?",
            (session_id,),
        )
        logger.debug("session %s ended", session_id)
