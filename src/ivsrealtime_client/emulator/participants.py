"""Simulated participants: joining, publishing, subscribing and leaving a stage.

Each action records the participant events that the real service would list for
it, through the session bookkeeping in ``session_state``.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from . import errors
from .context import ServiceContext
from .errors import ParticipantActionError
from .servicemodel import load_service_model
from .session_state import leave_session, record_event, start_session, stop_publishing
from .signed_tokens import decode_participant_token
from .validation import validate_value

logger = logging.getLogger(__name__)

# Participant members that describe the client application; a simulated
# participant may set them when it joins.
CLIENT_ATTRIBUTES = (
    "browserName",
    "browserVersion",
    "ispName",
    "osName",
    "osVersion",
    "sdkVersion",
)

T = TypeVar("T")


@dataclass(frozen=True)
class JoinedParticipant:
    """The stage and session that a simulated participant joined."""

    participant_id: str
    stage_arn: str
    session_id: str


class ParticipantSimulator:
    """Actions of simulated participants, each applied in one transaction.

    Every method raises ParticipantActionError when the real stage would reject
    the action; error events are committed before the exception is raised.
    """

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def join(
        self, token: str, client_attributes: Mapping[str, str] | None = None
    ) -> JoinedParticipant:
        """Join the stage a participant token was issued for.

        Raises:
            TypeError: ``token`` is not a string. This is a mistake in the
                calling code, which no real stage could receive, so it is not
                a ParticipantActionError and records no event.
            ParticipantActionError: the stage rejects the token or attributes.
        """
        if not isinstance(token, str):
            raise TypeError(
                "the participant token must be a string, not "
                f"{type(token).__name__}; pass the 'token' of a participant token "
                "that CreateParticipantToken or CreateStage returned"
            )
        attributes = dict(client_attributes or {})
        _check_client_attributes(attributes)
        claims = decode_participant_token(self._context.participant_token_key, token)
        if claims is None:
            raise ParticipantActionError(
                errors.PARTICIPANT_INVALID_TOKEN,
                "The participant token was not issued by this emulator or was "
                "altered. Create one with CreateParticipantToken.",
            )
        return self._run(lambda c: self._join(c, str(claims.get("jti")), attributes))

    def publish(self, participant_id: str) -> None:
        self._run(lambda c: self._publish(c, participant_id))

    def unpublish(self, participant_id: str) -> None:
        def action(connection: sqlite3.Connection) -> None:
            row = _connected(connection, participant_id)
            if row["publishing"]:
                stop_publishing(
                    connection, row["session_id"], participant_id, self._now()
                )

        self._run(action)

    def subscribe(self, participant_id: str, publisher_id: str) -> None:
        self._run(lambda c: self._subscribe(c, participant_id, publisher_id))

    def unsubscribe(self, participant_id: str, publisher_id: str) -> None:
        def action(connection: sqlite3.Connection) -> None:
            row = _connected(connection, participant_id)
            deleted = connection.execute(
                "DELETE FROM subscriptions WHERE session_id = ? AND subscriber_id = ? "
                "AND publisher_id = ?",
                (row["session_id"], participant_id, publisher_id),
            ).rowcount
            if deleted:
                record_event(
                    connection,
                    row["session_id"],
                    participant_id,
                    "SUBSCRIBE_STOPPED",
                    self._now(),
                    publisher_id,
                )

        self._run(action)

    def leave(self, participant_id: str) -> None:
        def action(connection: sqlite3.Connection) -> None:
            row = _connected(connection, participant_id)
            leave_session(connection, row["session_id"], participant_id, self._now())

        self._run(action)

    def _now(self) -> int:
        return self._context.clock.now_ms()

    def _run(
        self, action: Callable[[sqlite3.Connection], T | ParticipantActionError]
    ) -> T:
        # An action returns its result, or returns the ParticipantActionError to
        # raise, so that error events it recorded are committed first.
        with self._context.store.transaction() as connection:
            outcome = action(connection)
        if isinstance(outcome, ParticipantActionError):
            logger.debug("simulated participant action rejected: %s", outcome.code)
            raise outcome
        return outcome

    def _join(
        self,
        connection: sqlite3.Connection,
        participant_id: str,
        client: dict[str, str],
    ) -> JoinedParticipant | ParticipantActionError:
        token = connection.execute(
            "SELECT participant_tokens.*, stages.active_session_id "
            "FROM participant_tokens JOIN stages "
            "ON stages.arn = participant_tokens.stage_arn "
            "WHERE participant_tokens.participant_id = ?",
            (participant_id,),
        ).fetchone()
        if token is None:
            raise ParticipantActionError(
                errors.PARTICIPANT_INVALID_TOKEN,
                f"The stage of participant {participant_id} no longer exists.",
            )
        now = self._now()
        session_id = token["active_session_id"]
        rejection = _join_rejection(token, now)
        if rejection is not None:
            if session_id is not None:
                record_event(connection, session_id, participant_id, "JOIN_ERROR", now)
            return rejection

        existing = None
        if session_id is not None:
            existing = connection.execute(
                "SELECT state FROM participants WHERE session_id = ? "
                "AND participant_id = ?",
                (session_id, participant_id),
            ).fetchone()
        if existing is not None and existing["state"] == "CONNECTED":
            return ParticipantActionError(
                errors.PARTICIPANT_ALREADY_CONNECTED,
                f"Participant {participant_id} is already connected to session "
                f"{session_id}.",
            )
        if session_id is None:
            session_id = start_session(connection, token["stage_arn"], now)
        if existing is None:
            connection.execute(
                "INSERT INTO participants (session_id, participant_id, user_id, "
                "attributes, client_attributes, state, first_join_ms) "
                "VALUES (?, ?, ?, ?, ?, 'CONNECTED', ?)",
                (
                    session_id,
                    participant_id,
                    token["user_id"],
                    token["attributes"],
                    json.dumps(client),
                    now,
                ),
            )
        else:
            connection.execute(
                "UPDATE participants SET state = 'CONNECTED' WHERE session_id = ? "
                "AND participant_id = ?",
                (session_id, participant_id),
            )
        record_event(connection, session_id, participant_id, "JOINED", now)
        logger.debug("participant %s joined session %s", participant_id, session_id)
        return JoinedParticipant(participant_id, token["stage_arn"], session_id)

    def _publish(
        self, connection: sqlite3.Connection, participant_id: str
    ) -> ParticipantActionError | None:
        row = _connected(connection, participant_id)
        if row["publishing"]:
            return None
        session_id = row["session_id"]
        now = self._now()
        error = None
        if "PUBLISH" not in json.loads(row["capabilities"]):
            error = (
                "INSUFFICIENT_CAPABILITIES",
                errors.PARTICIPANT_INSUFFICIENT_CAPABILITIES,
            )
        else:
            (publishers,) = connection.execute(
                "SELECT COUNT(*) FROM participants WHERE session_id = ? "
                "AND publishing = 1",
                (session_id,),
            ).fetchone()
            if publishers >= self._context.settings.publisher_quota:
                error = ("QUOTA_EXCEEDED", errors.PARTICIPANT_QUOTA_EXCEEDED)
        if error is not None:
            record_event(
                connection,
                session_id,
                participant_id,
                "PUBLISH_ERROR",
                now,
                error_code=error[0],
            )
            return ParticipantActionError(
                error[1], f"Participant {participant_id} cannot publish: {error[0]}."
            )
        connection.execute(
            "UPDATE participants SET publishing = 1, published = 1 "
            "WHERE session_id = ? AND participant_id = ?",
            (session_id, participant_id),
        )
        record_event(connection, session_id, participant_id, "PUBLISH_STARTED", now)
        return None

    def _subscribe(
        self, connection: sqlite3.Connection, participant_id: str, publisher_id: str
    ) -> ParticipantActionError | None:
        row = _connected(connection, participant_id)
        session_id = row["session_id"]
        if publisher_id == participant_id:
            return ParticipantActionError(
                errors.PARTICIPANT_INVALID_REQUEST,
                f"Participant {participant_id} cannot subscribe to itself.",
            )
        subscribed = connection.execute(
            "SELECT publisher_id FROM subscriptions WHERE session_id = ? "
            "AND subscriber_id = ?",
            (session_id, participant_id),
        ).fetchall()
        if publisher_id in {r["publisher_id"] for r in subscribed}:
            return None
        now = self._now()
        error = _subscribe_error(
            connection,
            row,
            publisher_id,
            bool(subscribed),
            self._context.settings.subscriber_quota,
        )
        if error is not None:
            record_event(
                connection,
                session_id,
                participant_id,
                "SUBSCRIBE_ERROR",
                now,
                publisher_id,
                error[0],
            )
            return ParticipantActionError(
                error[1],
                f"Participant {participant_id} cannot subscribe to {publisher_id}: "
                f"{error[0]}.",
            )
        connection.execute(
            "INSERT INTO subscriptions (session_id, subscriber_id, publisher_id) "
            "VALUES (?, ?, ?)",
            (session_id, participant_id, publisher_id),
        )
        record_event(
            connection,
            session_id,
            participant_id,
            "SUBSCRIBE_STARTED",
            now,
            publisher_id,
        )
        return None


def _check_client_attributes(attributes: dict[str, str]) -> None:
    problems = []
    model = load_service_model()
    for name, value in attributes.items():
        if name not in CLIENT_ATTRIBUTES:
            problems.append(
                f"'{name}' is not a client attribute; use one of "
                + ", ".join(CLIENT_ATTRIBUTES)
            )
        else:
            problems.extend(
                validate_value(model, "ParticipantClientAttribute", value, name)
            )
    if problems:
        raise ParticipantActionError(
            errors.PARTICIPANT_INVALID_REQUEST, "; ".join(problems)
        )


def _join_rejection(token: sqlite3.Row, now: int) -> ParticipantActionError | None:
    participant_id = token["participant_id"]
    if token["revoked"]:
        return ParticipantActionError(
            errors.PARTICIPANT_REVOKED,
            f"Participant {participant_id} was disconnected with "
            "DisconnectParticipant and cannot join again. Create a new token.",
        )
    if now >= token["expiration_ms"]:
        return ParticipantActionError(
            errors.PARTICIPANT_TOKEN_EXPIRED,
            f"The token of participant {participant_id} has expired. Create a new "
            "token.",
        )
    return None


def _subscribe_error(
    connection: sqlite3.Connection,
    subscriber: sqlite3.Row,
    publisher_id: str,
    already_subscribing: bool,
    subscriber_quota: int,
) -> tuple[str, str] | None:
    if "SUBSCRIBE" not in json.loads(subscriber["capabilities"]):
        return "INSUFFICIENT_CAPABILITIES", errors.PARTICIPANT_INSUFFICIENT_CAPABILITIES
    publisher = connection.execute(
        "SELECT 1 FROM participants WHERE session_id = ? AND participant_id = ? "
        "AND state = 'CONNECTED' AND publishing = 1",
        (subscriber["session_id"], publisher_id),
    ).fetchone()
    if publisher is None:
        return "PUBLISHER_NOT_FOUND", errors.PARTICIPANT_PUBLISHER_NOT_FOUND
    if not already_subscribing:
        (subscribers,) = connection.execute(
            "SELECT COUNT(DISTINCT subscriber_id) FROM subscriptions "
            "WHERE session_id = ?",
            (subscriber["session_id"],),
        ).fetchone()
        if subscribers >= subscriber_quota:
            return "QUOTA_EXCEEDED", errors.PARTICIPANT_QUOTA_EXCEEDED
    return None


def _connected(connection: sqlite3.Connection, participant_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = connection.execute(
        "SELECT participants.*, participant_tokens.capabilities FROM participants "
        "JOIN stages ON stages.active_session_id = participants.session_id "
        "JOIN participant_tokens "
        "ON participant_tokens.participant_id = participants.participant_id "
        "WHERE participants.participant_id = ? AND participants.state = 'CONNECTED'",
        (participant_id,),
    ).fetchone()
    if row is None:
        raise ParticipantActionError(
            errors.PARTICIPANT_NOT_CONNECTED,
            f"Participant {participant_id} is not connected to a stage. Join first.",
        )
    return row
