"""The AWS "standard" retry mode: what is retried, the backoff and the retry quota.

The rules follow botocore's ``standard`` mode. A call is retried when it failed
with a throttling error code, a transient error code, HTTP 429, 500, 502, 503 or
504, or a ``TransportError``, and never for any other 4xx. The wait before retry
``n`` (1-based) is ``random() * min(2 ** (n - 1), 20)`` seconds. Each retry spends
capacity from a quota shared by the client's calls: 10 units after a timeout and
5 after any other failure, from 500. A successful call refunds what its last retry
spent, or 1 unit when it needed no retry.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
from botocore.configprovider import EnvironmentProvider, ScopedConfigProvider

from .config import Config
from .errors import (
    ConfigurationError,
    ConnectTimeoutError,
    ReadTimeoutError,
    TransportError,
)

if TYPE_CHECKING:
    from botocore.session import Session

logger = logging.getLogger(__name__)

DEFAULT_MAX_ATTEMPTS = 3

MAX_BACKOFF = 20.0
"""Upper bound in seconds of the wait before one retry."""

INITIAL_RETRY_CAPACITY = 500
RETRY_COST = 5
TIMEOUT_RETRY_COST = 10
NO_RETRY_REFUND = 1

# The codes that botocore 1.43's standard mode treats as throttling.
THROTTLING_ERROR_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)

TRANSIENT_ERROR_CODES = frozenset(
    {"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"}
)

TRANSIENT_STATUS_CODES = frozenset({500, 502, 503, 504})

# RFC 6585 defines 429 as "Too Many Requests", so it is retried even without a
# throttling error code. botocore 1.43 retries it only with such a code.
THROTTLING_STATUS_CODE = 429

_SUPPORTED_MODE = "standard"

# NOTE: botocore also retries error codes whose shape the service model marks
# "retryable". This policy has no access to the model, so such a code is retried
# only when it is in the lists above or comes with a retryable status.


class RetryQuota:
    """Retry capacity shared by all calls of one client and safe to use from threads."""

    def __init__(self, capacity: int = INITIAL_RETRY_CAPACITY) -> None:
        self._max_capacity = capacity
        self._available = capacity
        self._lock = threading.Lock()

    @property
    def available(self) -> int:
        """Capacity left for retries."""
        return self._available

    def acquire(self, amount: int) -> bool:
        """Take ``amount`` units and return True, or return False if too few remain."""
        with self._lock:
            if amount > self._available:
                return False
            self._available -= amount
            return True

    def release(self, amount: int) -> None:
        """Give back up to ``amount`` units, never beyond the initial capacity."""
        with self._lock:
            self._available = min(self._max_capacity, self._available + amount)


@attrs.frozen
class RetryDecision:
    """Whether to retry after a failed attempt, and how long to wait first."""

    retry: bool
    reason: str
    """Short text for logs, such as ``HTTP 503`` or ``max attempts 3 reached``."""

    delay: float = 0.0
    """Seconds to wait before the next attempt."""

    quota_cost: int = 0
    """Capacity taken from the retry quota for this retry."""


class RetryPolicy:
    """The standard retry rules of one client, shared by all of its threads.

    ``sleep`` and ``random`` are injectable so that tests need not wait. ``random``
    returns a float in [0, 1), as ``random.random`` does.
    """

    mode = _SUPPORTED_MODE

    def __init__(
        self,
        *,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        quota: RetryQuota | None = None,
        sleep: Callable[[float], None] = time.sleep,
        random: Callable[[], float] = random.random,
        max_backoff: float = MAX_BACKOFF,
    ) -> None:
        if max_attempts < 1:
            raise ConfigurationError(
                f"invalid max_attempts {max_attempts!r}: it must be 1 or more"
            )
        self.max_attempts = max_attempts
        self.quota = RetryQuota() if quota is None else quota
        self.sleep = sleep
        self._random = random
        self._max_backoff = max_backoff

    def __repr__(self) -> str:
        return f"RetryPolicy(mode={self.mode!r}, max_attempts={self.max_attempts})"

    def decide(
        self,
        attempt: int,
        *,
        status_code: int | None = None,
        error_code: str | None = None,
        error: TransportError | None = None,
    ) -> RetryDecision:
        """Decide whether to retry after attempt number ``attempt`` (1-based) failed.

        Pass the response's status and parsed error code, or the transport error
        raised in place of a response. A decision to retry has already taken its
        cost from the quota.
        """
        reason = retryable_reason(status_code, error_code, error)
        if reason is None:
            return RetryDecision(retry=False, reason="not retryable")
        if attempt >= self.max_attempts:
            return RetryDecision(
                retry=False,
                reason=f"{reason}, max attempts {self.max_attempts} reached",
            )

        cost = (
            TIMEOUT_RETRY_COST
            if isinstance(error, ConnectTimeoutError | ReadTimeoutError)
            else RETRY_COST
        )
        if not self.quota.acquire(cost):
            return RetryDecision(
                retry=False,
                reason=f"{reason}, retry quota exhausted "
                f"({self.quota.available} left, {cost} needed)",
            )
        return RetryDecision(
            retry=True, reason=reason, delay=self.backoff(attempt), quota_cost=cost
        )

    def backoff(self, attempt: int) -> float:
        """Return the full-jitter wait in seconds after failed attempt ``attempt``."""
        ceiling = min(2.0 ** (attempt - 1), self._max_backoff)
        return self._random() * ceiling

    def record_success(self, last_retry: RetryDecision | None) -> None:
        """Refund the quota after a call succeeded.

        ``last_retry`` is the decision of the call's last retry, or None when the
        first attempt succeeded.
        """
        if last_retry is None or last_retry.quota_cost == 0:
            self.quota.release(NO_RETRY_REFUND)
        else:
            self.quota.release(last_retry.quota_cost)


def retryable_reason(
    status_code: int | None, error_code: str | None, error: TransportError | None
) -> str | None:
    """Return why a failed attempt may be retried, or None if it must not be."""
    if error is not None:
        return type(error).__name__
    if error_code in THROTTLING_ERROR_CODES:
        return f"throttling error {error_code}"
    if error_code in TRANSIENT_ERROR_CODES:
        return f"transient error {error_code}"
    if status_code == THROTTLING_STATUS_CODE:
        return f"HTTP {status_code}"
    if status_code in TRANSIENT_STATUS_CODES:
        return f"HTTP {status_code}"
    return None


def resolve_retry_policy(config: Config, session: Session) -> RetryPolicy:
    """Build the retry policy from ``config``, the environment and the profile.

    ``session`` is the ``botocore.session.Session`` whose profile is read. Each
    setting comes from ``config`` when set there, else from ``AWS_MAX_ATTEMPTS`` or
    ``AWS_RETRY_MODE``, else from ``max_attempts`` or ``retry_mode`` in the profile
    of the shared config file. The defaults are 3 attempts in standard mode.

    Raises:
        ConfigurationError: a value is not a whole number of 1 or more, or names a
            retry mode other than ``standard`` or ``legacy``.
    """
    _resolve_retry_mode(config, session)
    return RetryPolicy(max_attempts=_resolve_max_attempts(config, session))


def _resolve_max_attempts(config: Config, session: Session) -> int:
    if config.max_attempts is not None:
        raw: object = config.max_attempts
        source = "Config.max_attempts"
    else:
        configured = _configured_value(session, "AWS_MAX_ATTEMPTS", "max_attempts")
        if configured is None:
            return DEFAULT_MAX_ATTEMPTS
        raw, source = configured

    value = 0
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        value = int(raw)
    if value < 1:
        raise ConfigurationError(
            f"invalid max_attempts {raw!r} from {source}: it must be a whole "
            "number of 1 or more"
        )
    return value


def _resolve_retry_mode(config: Config, session: Session) -> str:
    if config.retry_mode is not None:
        mode: str = config.retry_mode
        source = "Config.retry_mode"
    else:
        configured = _configured_value(session, "AWS_RETRY_MODE", "retry_mode")
        if configured is None:
            return _SUPPORTED_MODE
        mode, source = configured

    if mode == _SUPPORTED_MODE:
        return mode
    if mode == "legacy":
        # botocore 1.43 defaults to legacy, and profiles shared with boto3 often
        # set it. Only standard mode exists here, so legacy runs as standard
        # instead of making those profiles unusable.
        logger.debug("retry mode 'legacy' from %s is run as 'standard'", source)
        return _SUPPORTED_MODE
    raise ConfigurationError(
        f"unsupported retry mode {mode!r} from {source}: only 'standard' is "
        "implemented. Set it to 'standard' or unset it"
    )


def _configured_value(
    session: Session, environment_variable: str, config_key: str
) -> tuple[str, str] | None:
    """Return a setting and where it came from: the environment, then the profile."""
    from_environment = EnvironmentProvider(environment_variable, os.environ).provide()
    if from_environment is not None:
        return str(from_environment), environment_variable

    from_profile = ScopedConfigProvider(config_key, session).provide()
    if from_profile is not None:
        return str(from_profile), f"{config_key} in the shared config file"
    return None
