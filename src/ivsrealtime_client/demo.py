"""The demo: a realistic IVS Real-Time workflow through the typed client.

By default it starts the embedded emulator and simulates two participants, a host
and a guest. Given ``--endpoint-url`` or ``--region`` it runs against that
endpoint with the standard AWS credentials instead, and skips the steps that
need simulated participants.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TextIO, TypeVar

from . import models
from .client import IVSRealTimeClient
from .models import ParticipantTokenCapability as Capability
from .runtime.config import Config
from .runtime.errors import ResponseParseError, SDKError

if TYPE_CHECKING:
    from .emulator import Emulator

ResultT = TypeVar("ResultT")

STAGE_NAME = "ivsrealtime-client-demo"


class Report:
    """Numbered report lines, one per step, with the step's duration in ms."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self.steps = 0

    def step(
        self,
        label: str,
        call: Callable[[], ResultT],
        describe: Callable[[ResultT], str],
    ) -> ResultT:
        """Run ``call``, print its label, duration and description, return it."""
        start = time.perf_counter()
        result = call()
        elapsed_ms = (time.perf_counter() - start) * 1000
        self.steps += 1
        line = f"[{self.steps:2d}] {label:<36} {elapsed_ms:7.1f} ms  {describe(result)}"
        self._out.write(line + "\n")
        return result

    def note(self, text: str) -> None:
        """Print a line that is not a call, such as a simulated action."""
        self._out.write(f"     {text}\n")


@contextlib.contextmanager
def open_client(
    endpoint_url: str | None, region: str | None, out: TextIO
) -> Iterator[tuple[IVSRealTimeClient, Emulator | None]]:
    """Yield a client and, when no endpoint was given, the emulator it calls."""
    if endpoint_url is not None or region is not None:
        with IVSRealTimeClient(region_name=region, endpoint_url=endpoint_url) as client:
            out.write(f"endpoint {client.endpoint_url} (region {client.region_name})\n")
            yield client, None
        return

    from .emulator import start_emulator

    with start_emulator() as emulator:
        out.write(f"started the embedded emulator at {emulator.url}\n")
        client = IVSRealTimeClient(
            endpoint_url=emulator.url,
            region_name=emulator.region,
            aws_access_key_id=emulator.credentials.access_key_id,
            aws_secret_access_key=emulator.credentials.secret_access_key,
            config=Config(max_attempts=2),
        )
        with client:
            yield client, emulator


def run_demo(
    out: TextIO, *, endpoint_url: str | None = None, region: str | None = None
) -> int:
    """Run the workflow, print the report to ``out`` and return the exit status.

    The stage is deleted at the end, also when a step fails.
    """
    with open_client(endpoint_url, region, out) as (client, emulator):
        report = Report(out)
        created = report.step(
            "create_stage",
            functools.partial(
                client.create_stage,
                name=STAGE_NAME,
                participant_token_configurations=_token_configurations(),
                tags={"project": "demo"},
            ),
            _describe_created_stage,
        )
        stage_arn = _stage_of(created).arn
        try:
            _tag_and_list(client, report, stage_arn)
            if emulator is None:
                report.note(
                    "skipping simulated participants: only the emulator has them"
                )
            else:
                tokens = [
                    token.token or "" for token in created.participant_tokens or []
                ]
                _simulate_session(client, emulator, report, stage_arn, tokens)
            _update_and_untag(client, report, stage_arn)
        except BaseException:
            # Clean up, but let the step's own error be the one reported.
            with contextlib.suppress(SDKError):
                client.delete_stage(arn=stage_arn)
            raise
        report.step(
            "delete_stage",
            functools.partial(client.delete_stage, arn=stage_arn),
            lambda _: "deleted",
        )
        out.write(f"demo finished: {report.steps} calls, all succeeded\n")
    return 0


def _token_configurations() -> list[models.ParticipantTokenConfiguration]:
    host = models.ParticipantTokenConfiguration(
        user_id="host",
        capabilities=[Capability.PUBLISH, Capability.SUBSCRIBE],
        attributes={"role": "host"},
    )
    guest = models.ParticipantTokenConfiguration(
        user_id="guest",
        capabilities=[Capability.PUBLISH, Capability.SUBSCRIBE],
        duration=60,
        attributes={"role": "guest"},
    )
    return [host, guest]


def _stage_of(
    response: models.CreateStageResponse
    | models.GetStageResponse
    | models.UpdateStageResponse,
) -> models.Stage:
    if response.stage is None:
        raise ResponseParseError(f"{type(response).__name__} has no stage")
    return response.stage


def _describe_created_stage(response: models.CreateStageResponse) -> str:
    tokens = response.participant_tokens or []
    return f"stage {_stage_of(response).arn} with {len(tokens)} participant tokens"


def _tag_and_list(client: IVSRealTimeClient, report: Report, stage_arn: str) -> None:
    report.step(
        "tag_resource",
        functools.partial(
            client.tag_resource, resource_arn=stage_arn, tags={"env": "demo"}
        ),
        lambda _: "added env=demo",
    )
    report.step(
        "list_tags_for_resource",
        functools.partial(client.list_tags_for_resource, resource_arn=stage_arn),
        lambda response: ", ".join(
            f"{k}={v}" for k, v in sorted(response.tags.items())
        ),
    )
    report.step(
        "create_participant_token",
        functools.partial(
            client.create_participant_token,
            stage_arn=stage_arn,
            user_id="viewer",
            duration=30,
            capabilities=[Capability.SUBSCRIBE],
        ),
        _describe_token,
    )
    report.step(
        "list_stages (paginator)",
        lambda: [s.arn for s in client.paginate_list_stages(max_results=10).items()],
        lambda arns: f"{len(arns)} stage(s), the new one included: {stage_arn in arns}",
    )


def _describe_token(response: models.CreateParticipantTokenResponse) -> str:
    token = response.participant_token
    if token is None:
        return "no token returned"
    return f"token for {token.user_id}, expires {token.expiration_time}"


def _simulate_session(
    client: IVSRealTimeClient,
    emulator: Emulator,
    report: Report,
    stage_arn: str,
    tokens: list[str],
) -> None:
    host = emulator.join(tokens[0])
    emulator.publish(host.participant_id)
    report.note(f"simulated: host {host.participant_id} joined and published")
    guest = emulator.join(tokens[1])
    emulator.subscribe(guest.participant_id, host.participant_id)
    emulator.publish(guest.participant_id)
    report.note(
        f"simulated: guest {guest.participant_id} joined, subscribed, published"
    )

    stage = report.step(
        "get_stage",
        lambda: _stage_of(client.get_stage(arn=stage_arn)),
        lambda found: f"active session {found.active_session_id}",
    )
    session_id = stage.active_session_id or host.session_id
    _list_session(client, report, stage_arn, session_id)

    report.step(
        "disconnect_participant (guest)",
        functools.partial(
            client.disconnect_participant,
            stage_arn=stage_arn,
            participant_id=guest.participant_id,
            reason="demo finished",
        ),
        lambda _: "disconnected",
    )
    report.step(
        "get_participant (guest)",
        functools.partial(
            client.get_participant,
            stage_arn=stage_arn,
            session_id=session_id,
            participant_id=guest.participant_id,
        ),
        _describe_participant,
    )
    emulator.leave(host.participant_id)
    report.note("simulated: host left, which ends the session")


def _list_session(
    client: IVSRealTimeClient, report: Report, stage_arn: str, session_id: str
) -> None:
    report.step(
        "list_stage_sessions (paginator)",
        lambda: list(client.paginate_list_stage_sessions(stage_arn=stage_arn).items()),
        lambda sessions: f"{len(sessions)} session(s)",
    )
    report.step(
        "get_stage_session",
        functools.partial(
            client.get_stage_session, stage_arn=stage_arn, session_id=session_id
        ),
        _describe_session,
    )
    participants = report.step(
        "list_participants (paginator)",
        lambda: list(
            client.paginate_list_participants(
                stage_arn=stage_arn, session_id=session_id
            ).items()
        ),
        lambda found: ", ".join(f"{p.user_id} {p.state}" for p in found),
    )
    for participant in participants:
        report.step(
            f"list_participant_events ({participant.user_id})",
            functools.partial(
                _list_events, client, stage_arn, session_id, participant.participant_id
            ),
            lambda events: ", ".join(str(event.name) for event in events),
        )


def _list_events(
    client: IVSRealTimeClient,
    stage_arn: str,
    session_id: str,
    participant_id: str | None,
) -> list[models.Event]:
    pages = client.paginate_list_participant_events(
        stage_arn=stage_arn, session_id=session_id, participant_id=participant_id or ""
    )
    return list(pages.items())


def _describe_session(response: models.GetStageSessionResponse) -> str:
    session = response.stage_session
    if session is None:
        return "no session returned"
    return f"session {session.session_id} started {session.start_time}"


def _describe_participant(response: models.GetParticipantResponse) -> str:
    participant = response.participant
    if participant is None:
        return "no participant returned"
    return f"state {participant.state}, published {participant.published}"


def _update_and_untag(
    client: IVSRealTimeClient, report: Report, stage_arn: str
) -> None:
    report.step(
        "update_stage",
        functools.partial(
            client.update_stage, arn=stage_arn, name=STAGE_NAME + "-renamed"
        ),
        lambda response: f"renamed to {_stage_of(response).name}",
    )
    report.step(
        "untag_resource",
        functools.partial(
            client.untag_resource, resource_arn=stage_arn, tag_keys=["env"]
        ),
        lambda _: "removed env",
    )
