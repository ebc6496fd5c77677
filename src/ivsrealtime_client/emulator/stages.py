"""Operations on stages and participant tokens."""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

from .context import ServiceContext
from .errors import conflict, not_found, quota_exceeded, validation_error
from .identifiers import from_ms, new_participant_id, new_stage_id, stage_arn
from .pagination import page_request, split_page
from .signed_tokens import encode_participant_token
from .tagging import read_tags, validate_tag_keys, write_tags

logger = logging.getLogger(__name__)

DEFAULT_TOKEN_DURATION_MINUTES = 720
DEFAULT_CAPABILITIES = ("PUBLISH", "SUBSCRIBE")
# The model documents a limit of 1 KB for all participant attributes together;
# the emulator counts the UTF-8 bytes of every key and value.
MAX_ATTRIBUTES_BYTES = 1024

Params = dict[str, Any]


def create_stage(context: ServiceContext, params: Params) -> Params:
    tags = params.get("tags") or {}
    validate_tag_keys(tags)
    configurations = params.get("participantTokenConfigurations") or []
    for configuration in configurations:
        _check_attributes_size(configuration.get("attributes"))

    settings = context.settings
    with context.store.transaction() as connection:
        (count,) = connection.execute("SELECT COUNT(*) FROM stages").fetchone()
        if count >= settings.stage_quota:
            raise quota_exceeded(
                f"Creating a stage would exceed the quota of {settings.stage_quota} "
                f"stages in {settings.region}. Delete unused stages first."
            )
        arn = stage_arn(settings.region, settings.account_id, new_stage_id())
        connection.execute(
            "INSERT INTO stages (arn, name) VALUES (?, ?)",
            (arn, params.get("name") or ""),
        )
        write_tags(connection, arn, tags)
        tokens = [
            _issue_token(context, connection, arn, configuration)
            for configuration in configurations
        ]
        stage = stage_document(connection, arn)
    logger.debug("created stage %s with %d participant tokens", arn, len(tokens))
    return {"stage": stage, "participantTokens": tokens}


def get_stage(context: ServiceContext, params: Params) -> Params:
    with context.store.transaction() as connection:
        require_stage(connection, params["arn"])
        return {"stage": stage_document(connection, params["arn"])}


def update_stage(context: ServiceContext, params: Params) -> Params:
    arn = params["arn"]
    with context.store.transaction() as connection:
        require_stage(connection, arn)
        if params.get("name") is not None:
            connection.execute(
                "UPDATE stages SET name = ? WHERE arn = ?", (params["name"], arn)
            )
        return {"stage": stage_document(connection, arn)}


def delete_stage(context: ServiceContext, params: Params) -> Params:
    arn = params["arn"]
    with context.store.transaction() as connection:
        stage = require_stage(connection, arn)
        # NOTE: the model documents DeleteStage as "disconnecting all
        # participants" but also lists ConflictException. The emulator rejects
        # the delete while participants are connected, so tests can reach it.
        if stage["active_session_id"] is not None:
            raise conflict(
                f"Stage {arn} has connected participants in session "
                f"{stage['active_session_id']}. Disconnect them with "
                "DisconnectParticipant before deleting the stage."
            )
        sessions = "SELECT session_id FROM sessions WHERE stage_arn = ?"
        for table in ("participants", "subscriptions", "events"):
            connection.execute(
                f"DELETE FROM {table} WHERE session_id IN ({sessions})", (arn,)
            )
        connection.execute("DELETE FROM sessions WHERE stage_arn = ?", (arn,))
        connection.execute("DELETE FROM participant_tokens WHERE stage_arn = ?", (arn,))
        connection.execute("DELETE FROM tags WHERE arn = ?", (arn,))
        connection.execute("DELETE FROM stages WHERE arn = ?", (arn,))
    logger.debug("deleted stage %s", arn)
    return {}


def list_stages(context: ServiceContext, params: Params) -> Params:
    page = page_request(context, "ListStages", params, {})
    with context.store.transaction() as connection:
        rows = connection.execute(
            "SELECT * FROM stages WHERE seq > ? ORDER BY seq LIMIT ?",
            (page.after or 0, page.limit + 1),
        ).fetchall()
        items, token = split_page(context, page, rows)
        stages = [_stage_fields(connection, row) for row in items]
    return {"stages": stages, "nextToken": token}


def create_participant_token(context: ServiceContext, params: Params) -> Params:
    _check_attributes_size(params.get("attributes"))
    with context.store.transaction() as connection:
        require_stage(connection, params["stageArn"])
        token = _issue_token(context, connection, params["stageArn"], params)
    return {"participantToken": token}


def require_stage(connection: sqlite3.Connection, arn: str) -> sqlite3.Row:
    """Return a stage's row, or raise ResourceNotFoundException naming the ARN."""
    row: sqlite3.Row | None = connection.execute(
        "SELECT * FROM stages WHERE arn = ?", (arn,)
    ).fetchone()
    if row is None:
        raise not_found(f"Stage {arn} was not found. Check the ARN and region.")
    return row


def stage_document(connection: sqlite3.Connection, arn: str) -> Params:
    row = connection.execute("SELECT * FROM stages WHERE arn = ?", (arn,)).fetchone()
    return _stage_fields(connection, row)


def _stage_fields(connection: sqlite3.Connection, row: sqlite3.Row) -> Params:
    return {
        "arn": row["arn"],
        "name": row["name"],
        "activeSessionId": row["active_session_id"],
        "tags": read_tags(connection, row["arn"]),
    }


def _issue_token(
    context: ServiceContext,
    connection: sqlite3.Connection,
    arn: str,
    configuration: Params,
) -> Params:
    capabilities = configuration.get("capabilities")
    if capabilities is None:
        capabilities = list(DEFAULT_CAPABILITIES)
    # The capabilities form a set; order them as the enum does.
    capabilities = [c for c in DEFAULT_CAPABILITIES if c in capabilities]
    duration = configuration.get("duration") or DEFAULT_TOKEN_DURATION_MINUTES
    attributes = configuration.get("attributes") or {}
    user_id = configuration.get("userId")
    now_ms = context.clock.now_ms()
    expiration_ms = now_ms + duration * 60_000

    participant_id = new_participant_id()
    while connection.execute(
        "SELECT 1 FROM participant_tokens WHERE participant_id = ?", (participant_id,)
    ).fetchone():
        participant_id = new_participant_id()
    connection.execute(
        "INSERT INTO participant_tokens (participant_id, stage_arn, user_id, "
        "attributes, capabilities, duration, expiration_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            participant_id,
            arn,
            user_id,
            json.dumps(attributes),
            json.dumps(capabilities),
            duration,
            expiration_ms,
        ),
    )
    claims = {
        "jti": participant_id,
        "resource": arn,
        "iat": now_ms // 1000,
        "exp": expiration_ms // 1000,
        "capabilities": capabilities,
        "user_id": user_id,
        "attributes": attributes,
    }
    token = encode_participant_token(context.participant_token_key, claims)
    return {
        "participantId": participant_id,
        "token": token,
        "userId": user_id,
        "attributes": attributes,
        "capabilities": capabilities,
        "duration": duration,
        "expirationTime": from_ms(expiration_ms),
    }


def _check_attributes_size(attributes: dict[str, str] | None) -> None:
    if not attributes:
        return
    size = sum(len(k.encode()) + len(v.encode()) for k, v in attributes.items())
    if size > MAX_ATTRIBUTES_BYTES:
        raise validation_error(
            f"Participant attributes take {size} bytes of UTF-8, more than the "
            f"maximum of {MAX_ATTRIBUTES_BYTES} bytes for all keys and values "
            "together. Shorten or remove attributes."
        )
