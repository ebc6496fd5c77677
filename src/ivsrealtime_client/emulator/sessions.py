"""Operations on stage sessions, participants and their events.

The list operations here do not model ResourceNotFoundException, so a stage or
session that does not exist yields an empty list rather than an error.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

from .context import ServiceContext
from .errors import not_found, validation_error
from .identifiers import from_ms
from .pagination import page_request, split_page
from .session_state import disconnect
from .stages import require_stage

logger = logging.getLogger(__name__)

Params = dict[str, Any]

_PARTICIPANT_FILTERS = ("filterByUserId", "filterByPublished", "filterByState")


def get_stage_session(context: ServiceContext, params: Params) -> Params:
    with context.store.transaction() as connection:
        require_stage(connection, params["stageArn"])
        row = connection.execute(
            "SELECT * FROM sessions WHERE stage_arn = ? AND session_id = ?",
            (params["stageArn"], params["sessionId"]),
        ).fetchone()
    if row is None:
        raise not_found(
            f"Session {params['sessionId']} of stage {params['stageArn']} was not "
            "found. List the stage's sessions with ListStageSessions."
        )
    return {"stageSession": _session_fields(row)}


def list_stage_sessions(context: ServiceContext, params: Params) -> Params:
    arn = params["stageArn"]
    page = page_request(context, "ListStageSessions", params, {"stageArn": arn})
    # Newest session first; the cursor is the last sequence number returned.
    with context.store.transaction() as connection:
        rows = connection.execute(
            "SELECT * FROM sessions WHERE stage_arn = ? AND seq < ? "
            "ORDER BY seq DESC LIMIT ?",
            (arn, page.after if page.after is not None else 2**63 - 1, page.limit + 1),
        ).fetchall()
    items, token = split_page(context, page, rows)
    return {
        "stageSessions": [_session_fields(row) for row in items],
        "nextToken": token,
    }


def get_participant(context: ServiceContext, params: Params) -> Params:
    with context.store.transaction() as connection:
        row = connection.execute(
            "SELECT participants.* FROM participants JOIN sessions USING (session_id) "
            "WHERE sessions.stage_arn = ? AND participants.session_id = ? "
            "AND participants.participant_id = ?",
            (params["stageArn"], params["sessionId"], params["participantId"]),
        ).fetchone()
    if row is None:
        raise not_found(
            f"Participant {params['participantId']} was not found in session "
            f"{params['sessionId']} of stage {params['stageArn']}."
        )
    participant = _participant_summary(row)
    participant["attributes"] = json.loads(row["attributes"])
    participant.update(json.loads(row["client_attributes"]))
    return {"participant": participant}


def list_participants(context: ServiceContext, params: Params) -> Params:
    requested_filters = [
        name for name in _PARTICIPANT_FILTERS if params.get(name) is not None
    ]
    if len(requested_filters) > 1:
        raise validation_error(
            "Only one of filterByUserId, filterByPublished, or filterByState can be "
            f"provided per request; got {', '.join(requested_filters)}."
        )
    query = {
        name: params.get(name) for name in ("stageArn", "sessionId", *requested_filters)
    }
    page = page_request(context, "ListParticipants", params, query)

    conditions = ["sessions.stage_arn = ?", "participants.session_id = ?"]
    arguments: list[Any] = [params["stageArn"], params["sessionId"]]
    column = {
        "filterByUserId": "user_id",
        "filterByPublished": "published",
        "filterByState": "state",
    }
    for name in requested_filters:
        conditions.append(f"participants.{column[name]} = ?")
        arguments.append(params[name])
    conditions.append("participants.seq > ?")
    arguments.extend([page.after or 0, page.limit + 1])
    with context.store.transaction() as connection:
        rows = connection.execute(
            "SELECT participants.* FROM participants JOIN sessions USING (session_id) "
            f"WHERE {' AND '.join(conditions)} ORDER BY participants.seq LIMIT ?",
            arguments,
        ).fetchall()
    items, token = split_page(context, page, rows)
    return {
        "participants": [_participant_summary(row) for row in items],
        "nextToken": token,
    }


def list_participant_events(context: ServiceContext, params: Params) -> Params:
    query = {name: params[name] for name in ("stageArn", "sessionId", "participantId")}
    page = page_request(context, "ListParticipantEvents", params, query)
    # Oldest event first, in the order the emulator recorded them.
    with context.store.transaction() as connection:
        rows = connection.execute(
            "SELECT events.* FROM events JOIN sessions USING (session_id) "
            "WHERE sessions.stage_arn = ? AND events.session_id = ? "
            "AND events.participant_id = ? AND events.seq > ? "
            "ORDER BY events.seq LIMIT ?",
            (
                params["stageArn"],
                params["sessionId"],
                params["participantId"],
                page.after or 0,
                page.limit + 1,
            ),
        ).fetchall()
    items, token = split_page(context, page, rows)
    return {"events": [_event_fields(row) for row in items], "nextToken": token}


def disconnect_participant(context: ServiceContext, params: Params) -> Params:
    arn = params["stageArn"]
    participant_id = params["participantId"]
    with context.store.transaction() as connection:
        require_stage(connection, arn)
        token = connection.execute(
            "SELECT 1 FROM participant_tokens WHERE participant_id = ? "
            "AND stage_arn = ?",
            (participant_id, arn),
        ).fetchone()
        if token is None:
            raise not_found(
                f"Participant {participant_id} was not found in stage {arn}. Use the "
                "participantId returned with the participant's token."
            )
        connection.execute(
            "UPDATE participant_tokens SET revoked = 1 WHERE participant_id = ?",
            (participant_id,),
        )
        disconnect(context, connection, arn, participant_id)
    logger.debug("disconnected and revoked participant %s of %s", participant_id, arn)
    return {}


def _session_fields(row: sqlite3.Row) -> Params:
    end_ms = row["end_ms"]
    return {
        "sessionId": row["session_id"],
        "startTime": from_ms(row["start_ms"]),
        "endTime": from_ms(end_ms) if end_ms is not None else None,
    }


def _participant_summary(row: sqlite3.Row) -> Params:
    return {
        "participantId": row["participant_id"],
        "userId": row["user_id"],
        "state": row["state"],
        "firstJoinTime": from_ms(row["first_join_ms"]),
        "published": bool(row["published"]),
    }


def _event_fields(row: sqlite3.Row) -> Params:
    return {
        "name": row["name"],
        "participantId": row["participant_id"],
        "eventTime": from_ms(row["event_ms"]),
        "remoteParticipantId": row["remote_participant_id"],
        "errorCode": row["error_code"],
    }
