"""Identifiers, ARNs and the clock of the emulated resources."""

from __future__ import annotations

import secrets
import string
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

ALPHANUMERIC = string.ascii_letters + string.digits

# Stage and participant ids are 12 alphanumeric characters, and session ids are
# "st-" plus 13 more, 16 in all, as StageSessionId requires.
RESOURCE_ID_LENGTH = 12
SESSION_ID_LENGTH = 16
SESSION_ID_PREFIX = "st-"


def random_id(length: int) -> str:
    return "".join(secrets.choice(ALPHANUMERIC) for _ in range(length))


def new_stage_id() -> str:
    return random_id(RESOURCE_ID_LENGTH)


def new_participant_id() -> str:
    return random_id(RESOURCE_ID_LENGTH)


def new_session_id() -> str:
    return SESSION_ID_PREFIX + random_id(SESSION_ID_LENGTH - len(SESSION_ID_PREFIX))


def stage_arn(region: str, account_id: str, stage_id: str) -> str:
    return f"arn:aws:ivs:{region}:{account_id}:stage/{stage_id}"


def from_ms(milliseconds: int) -> datetime:
    """Convert milliseconds since the Unix epoch to an aware UTC datetime."""
    return datetime.fromtimestamp(milliseconds / 1000, tz=timezone.utc)


def to_ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


class Clock:
    """The time of the emulated resources, which tests may move forward.

    Signature verification does not use this clock: it always compares request
    dates with the real time, as AWS does.
    """

    def __init__(self, source: Callable[[], datetime] | None = None) -> None:
        self._source = source or (lambda: datetime.now(timezone.utc))
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            offset = self._offset
        moment = self._source()
        if moment.tzinfo is None:
            raise ValueError(f"the emulator clock returned a naive datetime {moment}")
        return moment + offset

    def now_ms(self) -> int:
        return to_ms(self.now())

    def advance(self, seconds: float) -> None:
        """Move the clock forward, for example to let participant tokens expire."""
        if seconds < 0:
            raise ValueError(f"cannot move the clock backwards by {seconds} seconds")
        with self._lock:
            self._offset += timedelta(seconds=seconds)
