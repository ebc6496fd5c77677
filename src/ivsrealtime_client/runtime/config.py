"""Client configuration: retries, timeouts, validation, user agent and transport."""

from __future__ import annotations

from typing import Literal

import attrs

from .transport import Transport


@attrs.frozen(kw_only=True)
class Config:
    """Options of one client; every field has a default.

    ``max_attempts`` and ``retry_mode`` left as ``None`` are read the way botocore
    reads them: ``AWS_MAX_ATTEMPTS`` and ``AWS_RETRY_MODE``, then the shared config
    file's ``max_attempts`` and ``retry_mode``, then 3 attempts in standard mode.
    """

    max_attempts: int | None = None
    """Total attempts per call, the first one included."""

    retry_mode: Literal["standard"] | None = None
    """Only botocore's ``standard`` mode is implemented."""

    connect_timeout: float = 10.0
    """Seconds to wait for a connection to open."""

    read_timeout: float = 60.0
    """Seconds to wait for response data once the request is sent."""

    validate: bool = True
    """Check input against the model's constraints before sending."""

    user_agent_suffix: str | None = None
    """Text appended to the ``User-Agent`` header."""

    max_pool_connections: int = 10
    """Maximum kept-alive connections per host in the default transport."""

    transport: Transport | None = None
    """Transport to send requests with; ``None`` selects the urllib3 transport."""
