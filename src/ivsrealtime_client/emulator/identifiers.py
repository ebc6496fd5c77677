"""Identifiers, ARNs and the clock of the emulated resources."""

from __future__ import annotations

import math
import secrets
import string
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal

ALPHANUMERIC = string.ascii_letters + string.digits

# Stage and participant ids are 12 alphanumeric characters, and session ids are
# "st-" plus 13 more, 16 in all, as StageSessionId requires.
RESOURCE_ID_LENGTH = 12
SESSION_ID_LENGTH = 16
SESSION_ID_PREFIX = "st-"

# The clock never moves past this time. datetime ends at 9999-12-31, and the
# year left over covers the longest participant token (14 days) that can be
# issued at this time, plus the real time that passes while the emulator runs.
LATEST_TIME = datetime(9999, 1, 1, tzinfo=timezone.utc)


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
        return self._source_now() + offset

    def now_ms(self) -> int:
        return to_ms(self.now())

    def advance(self, seconds: float) -> None:
        """Move the clock forward, for example to let participant tokens expire.

        Raises:
            TypeError: ``seconds`` is not a number.
            ValueError: ``seconds`` is negative or not finite, or would move the
                clock past LATEST_TIME. The clock is left unchanged.
        """
        value = _advance_seconds(seconds)
        with self._lock:
            moment = self._source_now() + self._offset
            remaining = (LATEST_TIME - moment).total_seconds()
            if value > remaining:
                latest = LATEST_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
                maximum = math.floor(remaining)
                raise ValueError(
                    f"cannot move the clock forward by {_describe(seconds)} seconds, "
                    f"because the emulated time would pass {latest}. Advance it by "
                    f"at most {maximum} seconds."
                )
            # The check above bounds value, so timedelta() cannot overflow.
            self._offset += timedelta(seconds=value)

    def reset(self) -> None:
        """Undo every advance, so that the clock shows its source's time again."""
        with self._lock:
            self._offset = timedelta()

    def _source_now(self) -> datetime:
        moment = self._source()
        if moment.tzinfo is None:
            raise ValueError(f"the emulator clock returned a naive datetime {moment}")
        return moment


def _advance_seconds(seconds: float) -> float:
    """Check the type, sign and finiteness of a clock advance; return it as float.

    An integer too large for a float becomes infinity, which the caller's range
    check rejects.
    """
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise TypeError(
            f"the clock advance must be a number of seconds, not {seconds!r}"
        )
    if isinstance(seconds, float) and not math.isfinite(seconds):
        raise ValueError(
            f"invalid clock advance {seconds}: use a finite number of seconds"
        )
    if seconds < 0:
        raise ValueError(
            f"cannot move the clock backwards by {_describe(seconds)} seconds"
        )
    try:
        return float(seconds)
    except OverflowError:
        return math.inf


def _describe(seconds: float) -> str:
    """Format a clock advance for a message, huge integers in E notation.

    str() of an integer over 4,300 digits raises ValueError by default since
    Python 3.11 and 3.10.7, and Decimal converts integers without that limit.
    """
    if isinstance(seconds, int) and abs(seconds) >= 10**100:
        return format(Decimal(seconds), ".6g")
    return str(seconds)
