"""Standard retry mode: decisions, backoff, quota and configuration."""

from __future__ import annotations

import logging
import threading

import botocore.session
import pytest

from ivsrealtime_client.runtime.config import Config
from ivsrealtime_client.runtime.errors import (
    ConfigurationError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
    TransportError,
)
from ivsrealtime_client.runtime.retries import (
    RetryPolicy,
    RetryQuota,
    resolve_retry_policy,
    retryable_reason,
)

from .conftest import AwsFiles

URL = "http://127.0.0.1:1/x"


def policy(max_attempts: int = 3, quota: RetryQuota | None = None) -> RetryPolicy:
    return RetryPolicy(
        max_attempts=max_attempts, quota=quota, sleep=lambda _: None, random=lambda: 0.5
    )


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_retryable_status(status: int) -> None:
    assert retryable_reason(status, None, None) == f"HTTP {status}"


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 413, 501, 505])
def test_not_retryable_status(status: int) -> None:
    assert retryable_reason(status, None, None) is None


@pytest.mark.parametrize(
    "code",
    [
        "ThrottlingException",
        "Throttling",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "SlowDown",
        "LimitExceededException",
    ],
)
def test_throttling_code_retried_on_400(code: str) -> None:
    assert retryable_reason(400, code, None) == f"throttling error {code}"


@pytest.mark.parametrize(
    "code", ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"]
)
def test_transient_code_retried(code: str) -> None:
    assert retryable_reason(400, code, None) is not None


@pytest.mark.parametrize(
    "code",
    [
        "ValidationException",
        "ResourceNotFoundException",
        "AccessDeniedException",
        "ConflictException",
        "ServiceQuotaExceededException",
    ],
)
def test_client_error_code_not_retried(code: str) -> None:
    assert retryable_reason(400, code, None) is None


@pytest.mark.parametrize(
    "error",
    [
        EndpointConnectionError("refused", url=URL),
        ConnectTimeoutError("connect", url=URL),
        ReadTimeoutError("read", url=URL),
        TransportError("other", url=URL),
    ],
)
def test_transport_errors_retried(error: TransportError) -> None:
    assert retryable_reason(None, None, error) == type(error).__name__


def test_backoff_full_jitter() -> None:
    draws = iter([0.0, 0.999, 0.5, 0.5, 0.5, 0.5, 0.5])
    retry_policy = RetryPolicy(random=lambda: next(draws))

    delays = [retry_policy.backoff(attempt) for attempt in range(1, 8)]

    assert delays == [0.0, 1.998, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_backoff_capped_at_twenty() -> None:
    retry_policy = RetryPolicy(random=lambda: 1.0)

    assert retry_policy.backoff(6) == 20.0
    assert retry_policy.backoff(30) == 20.0


def test_decide_retries_until_max_attempts() -> None:
    retry_policy = policy(max_attempts=3)

    first = retry_policy.decide(1, status_code=503)
    second = retry_policy.decide(2, status_code=503)
    third = retry_policy.decide(3, status_code=503)

    assert first.retry
    assert first.delay == 0.5
    assert second.retry
    assert second.delay == 1.0
    assert not third.retry
    assert "max attempts 3 reached" in third.reason


def test_decide_not_retryable_costs_nothing() -> None:
    quota = RetryQuota()
    decision = policy(quota=quota).decide(1, status_code=400, error_code="Nope")

    assert not decision.retry
    assert decision.reason == "not retryable"
    assert quota.available == 500


def test_decide_costs() -> None:
    quota = RetryQuota()
    retry_policy = policy(max_attempts=10, quota=quota)

    plain = retry_policy.decide(1, status_code=500)
    timeout = retry_policy.decide(2, error=ReadTimeoutError("read", url=URL))
    connect = retry_policy.decide(3, error=ConnectTimeoutError("c", url=URL))
    connection = retry_policy.decide(4, error=EndpointConnectionError("r", url=URL))

    assert plain.quota_cost == 5
    assert timeout.quota_cost == 10
    assert connect.quota_cost == 10
    assert connection.quota_cost == 5
    assert quota.available == 500 - 30


def test_quota_exhaustion_stops_retries() -> None:
    quota = RetryQuota(capacity=12)
    retry_policy = policy(max_attempts=10, quota=quota)

    decisions = [retry_policy.decide(n, status_code=503) for n in (1, 2, 3)]

    assert [decision.retry for decision in decisions] == [True, True, False]
    assert "retry quota exhausted (2 left, 5 needed)" in decisions[2].reason
    assert quota.available == 2


def test_success_refunds_last_retry() -> None:
    quota = RetryQuota()
    retry_policy = policy(quota=quota)
    retry_policy.decide(1, status_code=503)
    last = retry_policy.decide(2, error=ReadTimeoutError("read", url=URL))
    assert quota.available == 485

    retry_policy.record_success(last)

    assert quota.available == 495


def test_success_without_retry_refunds_one() -> None:
    quota = RetryQuota()
    retry_policy = policy(quota=quota)
    retry_policy.decide(1, status_code=503)
    retry_policy.decide(1, status_code=503)

    retry_policy.record_success(None)

    assert quota.available == 491


def test_quota_release_capped() -> None:
    quota = RetryQuota(capacity=20)
    assert quota.acquire(5)

    quota.release(100)

    assert quota.available == 20


def test_quota_thread_safe() -> None:
    quota = RetryQuota(capacity=100_000)

    def spend() -> None:
        for _ in range(1000):
            quota.acquire(5)
            quota.release(3)

    threads = [threading.Thread(target=spend) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert quota.available == 100_000 - 8 * 1000 * 2


def test_policy_rejects_zero_attempts() -> None:
    with pytest.raises(ConfigurationError, match="max_attempts 0"):
        RetryPolicy(max_attempts=0)


def new_session() -> botocore.session.Session:
    return botocore.session.Session()


def test_resolve_defaults() -> None:
    resolved = resolve_retry_policy(Config(), new_session())

    assert resolved.max_attempts == 3
    assert resolved.mode == "standard"


def test_resolve_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "7")
    monkeypatch.setenv("AWS_RETRY_MODE", "standard")

    assert resolve_retry_policy(Config(), new_session()).max_attempts == 7


def test_resolve_from_config_file(aws_files: AwsFiles) -> None:
    aws_files.write_config("[default]\nmax_attempts = 5\nretry_mode = standard\n")

    assert resolve_retry_policy(Config(), new_session()).max_attempts == 5


def test_resolve_from_named_profile(
    aws_files: AwsFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws_files.write_config(
        "[default]\nmax_attempts = 5\n[profile other]\nmax_attempts = 9\n"
    )
    monkeypatch.setenv("AWS_PROFILE", "other")

    assert resolve_retry_policy(Config(), new_session()).max_attempts == 9


def test_resolve_environment_beats_file(
    aws_files: AwsFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws_files.write_config("[default]\nmax_attempts = 5\n")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "6")

    assert resolve_retry_policy(Config(), new_session()).max_attempts == 6


def test_resolve_config_object_wins(
    aws_files: AwsFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws_files.write_config("[default]\nmax_attempts = 5\nretry_mode = adaptive\n")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "6")
    monkeypatch.setenv("AWS_RETRY_MODE", "adaptive")
    config = Config(max_attempts=2, retry_mode="standard")

    assert resolve_retry_policy(config, new_session()).max_attempts == 2


@pytest.mark.parametrize("value", ["0", "-1", "three", "2.5", "", "²", "+3"])
def test_resolve_invalid_max_attempts(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", value)

    with pytest.raises(ConfigurationError, match="AWS_MAX_ATTEMPTS") as caught:
        resolve_retry_policy(Config(), new_session())

    assert repr(value) in str(caught.value)


def test_resolve_invalid_max_attempts_in_file(aws_files: AwsFiles) -> None:
    aws_files.write_config("[default]\nmax_attempts = many\n")

    with pytest.raises(ConfigurationError, match="max_attempts in the shared config"):
        resolve_retry_policy(Config(), new_session())


def test_config_rejects_invalid_max_attempts() -> None:
    # Config checks its own fields, so the error comes before any resolving.
    with pytest.raises(ConfigurationError, match=r"invalid max_attempts 0"):
        Config(max_attempts=0)


@pytest.mark.parametrize("mode", ["adaptive", "STANDARD", "fast"])
def test_resolve_unsupported_mode(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_RETRY_MODE", mode)

    with pytest.raises(ConfigurationError) as caught:
        resolve_retry_policy(Config(), new_session())

    assert repr(mode) in str(caught.value)
    assert "AWS_RETRY_MODE" in str(caught.value)


def test_resolve_unsupported_mode_in_file(aws_files: AwsFiles) -> None:
    aws_files.write_config("[default]\nretry_mode = adaptive\n")

    with pytest.raises(ConfigurationError, match="'adaptive' from retry_mode"):
        resolve_retry_policy(Config(), new_session())


def test_resolve_legacy_runs_standard(
    aws_files: AwsFiles, caplog: pytest.LogCaptureFixture
) -> None:
    aws_files.write_config("[default]\nretry_mode = legacy\n")
    caplog.set_level(logging.DEBUG, logger="ivsrealtime_client")

    resolved = resolve_retry_policy(Config(), new_session())

    assert resolved.mode == "standard"
    assert any("'legacy'" in record.getMessage() for record in caplog.records)
