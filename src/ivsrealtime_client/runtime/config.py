"""Client configuration: retries, timeouts, validation, user agent and transport."""

from __future__ import annotations

import math
from typing import Any, Literal

import attrs

from .errors import ConfigurationError
from .transport import Transport

MAX_TIMEOUT_SECONDS = 1e9
"""Largest timeout accepted, about 31 years; socket deadlines overflow far above it."""

MAX_POOL_CONNECTIONS = 1024
"""Largest pool accepted; urllib3 allocates a queue slot per connection up front."""


def _positive_seconds(_: Any, field: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigurationError(f"invalid {field.name} {value!r}: expected seconds")
    if not 0 < value <= MAX_TIMEOUT_SECONDS or not math.isfinite(value):
        raise ConfigurationError(
            f"invalid {field.name} {value!r:.40}: it must be a number of seconds "
            f"above 0 and at most {MAX_TIMEOUT_SECONDS:.0e}"
        )


def _positive_count(_: Any, field: attrs.Attribute[Any], value: Any) -> None:
    if value is None and field.name == "max_attempts":
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(
            f"invalid {field.name} {value!r}: it must be a whole number of 1 or more"
        )
    if field.name == "max_pool_connections" and value > MAX_POOL_CONNECTIONS:
        raise ConfigurationError(
            f"invalid max_pool_connections {value}: it must be at most "
            f"{MAX_POOL_CONNECTIONS}"
        )


def _retry_mode(_: Any, field: attrs.Attribute[Any], value: Any) -> None:
    if value not in (None, "standard"):
        raise ConfigurationError(
            f"invalid retry_mode {value!r}: only 'standard' is implemented"
        )


def _user_agent_suffix(_: Any, field: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    # HTTP header values are Latin-1 on the wire; printable ASCII is what every
    # server takes in a User-Agent.
    if not isinstance(value, str) or not all(" " <= c <= "~" for c in value):
        raise ConfigurationError(
            f"invalid user_agent_suffix {value!r}: use printable ASCII on one line"
        )


def _flag(_: Any, field: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise ConfigurationError(
            f"invalid {field.name} {value!r}: expected True or False"
        )


def _transport(_: Any, field: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not callable(getattr(value, "send", None)) or not callable(
        getattr(value, "close", None)
    ):
        raise ConfigurationError(
            f"invalid transport {value!r}: it needs send(request, timeouts) and "
            "close() methods"
        )


@attrs.frozen(kw_only=True)
class Config:
    """Options of one client; every field has a default.

    Invalid values raise ``ConfigurationError`` naming the field when the
    ``Config`` is created, not at the first call.

    ``max_attempts`` and ``retry_mode`` left as ``None`` are read the way botocore
    reads them: ``AWS_MAX_ATTEMPTS`` and ``AWS_RETRY_MODE``, then the shared config
    file's ``max_attempts`` and ``retry_mode``, then 3 attempts in standard mode.
    """

    max_attempts: int | None = attrs.field(default=None, validator=_positive_count)
    """Total attempts per call, the first one included."""

    retry_mode: Literal["standard"] | None = attrs.field(
        default=None, validator=_retry_mode
    )
    """Only botocore's ``standard`` mode is implemented."""

    connect_timeout: float = attrs.field(default=10.0, validator=_positive_seconds)
    """Seconds to wait for a connection to open."""

    read_timeout: float = attrs.field(default=60.0, validator=_positive_seconds)
    """Seconds to wait for each read of response data once the request is sent.

    NOTE: as in botocore and urllib3, the limit applies to each socket read, not
    to the whole response, so a server that sends a byte at a time can hold a call
    longer. The body is capped at 64 MiB by the default transports.
    """

    validate: bool = attrs.field(default=True, validator=_flag)
    """Check input against the model's constraints before sending."""

    user_agent_suffix: str | None = attrs.field(
        default=None, validator=_user_agent_suffix
    )
    """Text appended to the ``User-Agent`` header."""

    max_pool_connections: int = attrs.field(default=10, validator=_positive_count)
    """Maximum kept-alive connections per host in the default transport."""

    transport: Transport | None = attrs.field(default=None, validator=_transport)
    """Transport to send requests with; ``None`` selects the urllib3 transport."""
