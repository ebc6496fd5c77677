"""Timestamp formats of the AWS protocols: ISO 8601, RFC 822 (HTTP date), epoch."""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import re

_ISO_8601 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?\Z"
)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def parse_timestamp(value: str | int | float) -> dt.datetime:
    """Parse an epoch number, ISO 8601 text (any offset, any fraction) or HTTP date.

    The result is timezone-aware. Text without an offset is taken as UTC. Raises
    ``ValueError`` naming the value when no format matches.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"invalid timestamp {value!r}")
    if isinstance(value, int | float):
        return from_epoch(value)
    text = value.strip()
    match = _ISO_8601.match(text)
    if match:
        return _from_iso_match(match)
    try:
        return from_epoch(float(text))
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"invalid timestamp {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed


def _from_iso_match(match: re.Match[str]) -> dt.datetime:
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    fraction, zulu, sign, offset_hours, offset_minutes = match.groups()[6:]
    microsecond = int((fraction or "0")[:6].ljust(6, "0"))
    tz = dt.timezone.utc
    if sign and not zulu:
        delta = dt.timedelta(hours=int(offset_hours), minutes=int(offset_minutes or 0))
        tz = dt.timezone(-delta if sign == "-" else delta)
    try:
        return dt.datetime(year, month, day, hour, minute, second, microsecond, tz)
    except ValueError as exc:
        raise ValueError(f"invalid timestamp {match.string!r}: {exc}") from None


def from_epoch(seconds: float) -> dt.datetime:
    """Convert epoch seconds to an aware UTC datetime, keeping microseconds."""
    if math.isnan(seconds) or math.isinf(seconds):
        raise ValueError(f"invalid timestamp {seconds!r}")
    whole = math.floor(seconds)
    micros = round((seconds - whole) * 1_000_000)
    return _EPOCH + dt.timedelta(seconds=whole, microseconds=micros)


def _as_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def format_iso8601(value: dt.datetime) -> str:
    """Format as botocore does: UTC, ``Z``, microseconds only when non-zero."""
    utc = _as_utc(value)
    # The year is padded by hand because strftime's %Y does not pad years
    # before 1000 on every platform.
    text = f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}"
    if utc.microsecond:
        return f"{text}.{utc.microsecond:06d}Z"
    return text + "Z"


def format_rfc822(value: dt.datetime) -> str:
    """Format as an HTTP date, such as ``Tue, 29 Apr 2014 18:30:38 GMT``."""
    return email.utils.format_datetime(_as_utc(value), usegmt=True)


def format_epoch(value: dt.datetime) -> int | float:
    """Epoch seconds: an int for whole seconds, else a float with the fraction."""
    delta = _as_utc(value) - _EPOCH
    if delta.microseconds:
        return delta.total_seconds()
    return delta.days * 86400 + delta.seconds


def format_timestamp(value: dt.datetime, timestamp_format: str) -> str | int | float:
    """Format ``value`` in one of the model's ``timestampFormat`` values."""
    if timestamp_format == "iso8601":
        return format_iso8601(value)
    if timestamp_format == "rfc822":
        return format_rfc822(value)
    return format_epoch(value)
