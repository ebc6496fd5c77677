"""Secrets stay out of logs, reprs and exception text during a whole workflow.

The secrets are the emulator's secret access key (a long-term key pair with no
session token), every participant token and every request signature.
"""

from __future__ import annotations

import logging
import re

import pytest

from ivsrealtime_client import Config, IVSRealTimeClient
from ivsrealtime_client.emulator import Emulator
from ivsrealtime_client.errors import (
    ConflictException,
    ParamValidationError,
    ResourceNotFoundException,
    SDKError,
)
from ivsrealtime_client.models import ParticipantTokenConfiguration

from .support import RecordingTransport, missing_stage_arn, new_client

LOGGERS = ("", "ivsrealtime_client", "botocore", "urllib3")
SIGNATURE = re.compile(r"Signature=([0-9a-f]{64})")


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Capture of every log record at DEBUG. Its ``records`` are those of the test."""
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def record_text(record: logging.LogRecord) -> str:
    """Return everything a handler could write for ``record``."""
    parts = [record.getMessage(), repr(record.args)]
    if record.exc_info is not None:
        parts.append(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        parts.append(record.stack_info)
    return "\n".join(parts)


def run_workflow(
    client: IVSRealTimeClient, emulator: Emulator
) -> tuple[list[object], list[str]]:
    """Run calls that succeed, fail and retry, and return the results and tokens."""
    results: list[object] = []
    created = client.create_stage(
        name="secret-check",
        participant_token_configurations=[
            ParticipantTokenConfiguration(user_id="host"),
            ParticipantTokenConfiguration(user_id="guest"),
        ],
    )
    results.append(created)
    assert created.stage is not None
    assert created.participant_tokens is not None
    arn = created.stage.arn
    extra = client.create_participant_token(stage_arn=arn, user_id="late")
    results.append(extra)
    assert extra.participant_token is not None
    tokens = [t.token for t in [*created.participant_tokens, extra.participant_token]]
    token_strings = [token for token in tokens if token is not None]
    assert len(token_strings) == 3

    host = emulator.join(token_strings[0])
    results.append(host)
    results.append(client.list_participants(stage_arn=arn, session_id=host.session_id))
    results.append(
        client.get_participant(
            stage_arn=arn,
            session_id=host.session_id,
            participant_id=host.participant_id,
        )
    )
    emulator.inject_error("InternalServerException", operation="TagResource")
    results.append(client.tag_resource(resource_arn=arn, tags={"k": "v"}))
    results.append(list(client.paginate_list_stages(max_results=1)))

    for failing in (
        lambda: client.delete_stage(arn=arn),
        lambda: client.get_stage(arn=missing_stage_arn(emulator)),
        lambda: client.create_participant_token(stage_arn=arn, duration=0),
    ):
        with pytest.raises(SDKError) as raised:
            failing()
        results.append(raised.value)
    return results, token_strings


def test_workflow_leaks_no_secret(
    ivsrealtime_emulator: Emulator,
    transport: RecordingTransport,
    debug_log: pytest.LogCaptureFixture,
) -> None:
    secret_key = ivsrealtime_emulator.credentials.secret_access_key
    with new_client(ivsrealtime_emulator, Config(transport=transport)) as client:
        results, token_strings = run_workflow(client, ivsrealtime_emulator)
        results.append(client)

    authorizations = [e.request.headers["Authorization"] for e in transport.exchanges]
    signatures = {SIGNATURE.findall(value)[0] for value in authorizations}
    secrets = {"secret access key": secret_key}
    secrets.update({f"token {i}": token for i, token in enumerate(token_strings)})
    secrets.update({f"signature {s[:8]}": s for s in signatures})

    records = debug_log.records
    assert any(r.name.startswith("ivsrealtime_client.runtime") for r in records)
    for record in records:
        text = record_text(record)
        for label, secret in secrets.items():
            assert secret not in text, f"{label} logged by {record.name}: {text!r}"
    for result in results:
        for label, secret in secrets.items():
            assert secret not in repr(result), f"{label} in repr of {type(result)}"
            assert secret not in str(result), f"{label} in str of {type(result)}"
    kinds = {type(result) for result in results}
    assert {ConflictException, ResourceNotFoundException, ParamValidationError} <= kinds


def test_successful_calls_log_below_info(
    ivsrealtime_client: IVSRealTimeClient, debug_log: pytest.LogCaptureFixture
) -> None:
    stage = ivsrealtime_client.create_stage(name="quiet").stage
    assert stage is not None
    ivsrealtime_client.get_stage(arn=stage.arn)
    ivsrealtime_client.list_stages()

    client_records = [
        r
        for r in debug_log.records
        if r.name.startswith("ivsrealtime_client")
        and not r.name.startswith("ivsrealtime_client.emulator")
    ]
    assert client_records
    assert all(r.levelno < logging.INFO for r in client_records), [
        (r.name, r.levelname, r.getMessage()) for r in client_records
    ]
