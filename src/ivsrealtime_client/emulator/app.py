"""The Emulator object: one running emulated IVS Real-Time endpoint."""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import secrets
import string
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any

from .admin_api import AdminApi
from .aws_api import AwsApi
from .context import (
    DEFAULT_PUBLISHER_QUOTA,
    DEFAULT_STAGE_QUOTA,
    DEFAULT_SUBSCRIBER_QUOTA,
    ServiceContext,
    ServiceSettings,
)
from .faults import FaultInjector
from .identifiers import Clock
from .participants import JoinedParticipant, ParticipantSimulator
from .server import DEFAULT_MAX_BODY_BYTES, EmulatorHTTPServer
from .servicemodel import load_service_model
from .sigv4 import SignatureVerifier
from .store import Store

logger = logging.getLogger(__name__)

# How often the serving thread checks for stop(), which waits up to this long.
_SHUTDOWN_POLL_SECONDS = 0.05
_REGION_PATTERN = re.compile(r"[a-z0-9-]+")
_ACCOUNT_ID_PATTERN = re.compile(r"[0-9]{12}")
# The verifier splits the Authorization header at commas and its Credential
# parameter at slashes, so a key id containing either could never match.
_ACCESS_KEY_ID_PATTERN = re.compile(r"[^\s/,]+")


@dataclass(frozen=True)
class EmulatorCredentials:
    """The only access key pair the emulator accepts; the secret stays out of repr."""

    access_key_id: str
    secret_access_key: str = field(repr=False)


def generate_credentials() -> EmulatorCredentials:
    """Create a random key pair shaped like AWS long-term access keys."""
    alphabet = string.ascii_uppercase + string.digits
    access_key_id = "AKIA" + "".join(secrets.choice(alphabet) for _ in range(16))
    return EmulatorCredentials(access_key_id, secrets.token_urlsafe(30))


class Emulator:
    """A local IVS Real-Time endpoint with simulated participants.

    Use it as a context manager, or call start() and stop(). Point an AWS
    client at ``url`` with ``region`` and ``credentials``; ``client_kwargs()``
    returns them as keyword arguments for ``boto3.client``.

    Args:
        host: Address to listen on; a loopback address unless you need
            otherwise.
        port: TCP port; 0 picks a free one.
        region: Region of the emulated endpoint, which requests must be signed
            for and which appears in ARNs.
        account_id: The 12-digit account id in ARNs.
        db_path: SQLite database file that keeps state across restarts; None
            keeps state in memory.
        access_key_id, secret_access_key: The key pair requests must be signed
            with; both or neither. A random pair is generated if neither.
        stage_quota: Maximum number of stages before CreateStage returns
            ServiceQuotaExceededException.
        publisher_quota: Maximum number of participants publishing at once in
            one stage.
        subscriber_quota: Maximum number of participants subscribing at once
            in one stage.
        max_body_bytes: Largest request body accepted, in bytes; larger ones
            get 413.
        clock: Source of the current time (aware datetime) for resources and
            token expiry; defaults to the system clock. Signature dates are
            always checked against the system clock.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        region: str = "us-east-1",
        account_id: str = "123456789012",
        db_path: str | os.PathLike[str] | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        stage_quota: int = DEFAULT_STAGE_QUOTA,
        publisher_quota: int = DEFAULT_PUBLISHER_QUOTA,
        subscriber_quota: int = DEFAULT_SUBSCRIBER_QUOTA,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        _check_arguments(region, account_id, port, access_key_id, secret_access_key)
        _check_limits(
            stage_quota=stage_quota,
            publisher_quota=publisher_quota,
            subscriber_quota=subscriber_quota,
            max_body_bytes=max_body_bytes,
        )

        if access_key_id is not None and secret_access_key is not None:
            self.credentials = EmulatorCredentials(access_key_id, secret_access_key)
        else:
            self.credentials = generate_credentials()
        self.host = host
        self.region = region
        self.account_id = account_id
        self.db_path = db_path
        self._port = port
        self._settings = ServiceSettings(
            region=region,
            account_id=account_id,
            stage_quota=stage_quota,
            publisher_quota=publisher_quota,
            subscriber_quota=subscriber_quota,
        )
        self._max_body_bytes = max_body_bytes
        self._clock = Clock(clock)
        self._server: EmulatorHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._store: Store | None = None
        self._simulator: ParticipantSimulator | None = None
        self._faults = FaultInjector(load_service_model())

    @property
    def port(self) -> int:
        """The TCP port, known once the emulator has started."""
        if self._server is None:
            return self._port
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The endpoint URL to give an AWS client."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def is_running(self) -> bool:
        return self._server is not None

    def client_kwargs(self) -> dict[str, str]:
        """Return endpoint, region and key pair as keyword arguments of boto3.client."""
        return {
            "endpoint_url": self.url,
            "region_name": self.region,
            "aws_access_key_id": self.credentials.access_key_id,
            "aws_secret_access_key": self.credentials.secret_access_key,
        }

    def start(self) -> Emulator:
        """Open the database and start serving in a background thread."""
        if self._server is not None:
            raise RuntimeError(f"the emulator is already running at {self.url}")

        if not _is_loopback_host(self.host):
            logger.warning(
                "the emulator listens on %s, which is not a loopback address; its "
                "admin API still accepts only loopback clients",
                self.host,
            )

        model = load_service_model()
        store = Store(self.db_path, region=self.region, account_id=self.account_id)
        context = ServiceContext(store, self._clock, self._settings)
        simulator = ParticipantSimulator(context)
        verifier = SignatureVerifier(
            self.credentials.access_key_id,
            self.credentials.secret_access_key,
            self.region,
            model.signing_name,
        )
        info = {"region": self.region, "accountId": self.account_id}

        try:
            server = EmulatorHTTPServer(
                (self.host, self._port),
                model,
                AwsApi(model, context, verifier, self._faults),
                AdminApi(simulator, self._faults, self._clock, store, info),
                self._max_body_bytes,
            )
        except OSError:
            store.close()
            raise

        self._store, self._simulator, self._server = store, simulator, server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": _SHUTDOWN_POLL_SECONDS},
            name="ivsrealtime-emulator",
            daemon=True,
        )
        self._thread.start()

        logger.info(
            "IVS Real-Time emulator listening on %s (region %s, account %s, "
            "database %s)",
            self.url,
            self.region,
            self.account_id,
            store.path,
        )
        return self

    def stop(self) -> None:
        """Stop serving, close open connections and the database. Idempotent."""
        server, thread, store = self._server, self._thread, self._store
        if server is None:
            return
        url = self.url
        server.shutdown()
        server.server_close()
        server.close_connections()
        if thread is not None:
            thread.join()
        if store is not None:
            store.close()
        self._server = self._thread = self._store = self._simulator = None
        logger.info("IVS Real-Time emulator at %s stopped", url)

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # Simulated participants. Each method raises ParticipantActionError when the
    # real stage would reject the action.

    def join(
        self, token: str, *, client_attributes: Mapping[str, str] | None = None
    ) -> JoinedParticipant:
        """Join a stage with a participant token string, starting a session if none.

        ``client_attributes`` sets Participant fields such as ``browserName``.
        Raises TypeError if ``token`` is not a string.
        """
        return self._participants().join(token, client_attributes)

    def publish(self, participant_id: str) -> None:
        self._participants().publish(participant_id)

    def unpublish(self, participant_id: str) -> None:
        self._participants().unpublish(participant_id)

    def subscribe(self, participant_id: str, publisher_id: str) -> None:
        self._participants().subscribe(participant_id, publisher_id)

    def unsubscribe(self, participant_id: str, publisher_id: str) -> None:
        self._participants().unsubscribe(participant_id, publisher_id)

    def leave(self, participant_id: str) -> None:
        self._participants().leave(participant_id)

    # Test controls.

    def inject_error(
        self,
        code: str,
        *,
        operation: str | None = None,
        status: int | None = None,
        message: str | None = None,
        count: int = 1,
    ) -> None:
        """Make the next ``count`` calls of ``operation`` fail with error ``code``.

        ``operation`` None matches every operation.

        A modeled error takes its HTTP status from the model; other codes need
        ``status``. Raises ValueError for an unknown operation or a bad status.
        """
        self._faults.add(operation, code, status=status, message=message, count=count)

    def clear_injected_errors(self) -> None:
        self._faults.clear()

    def advance_clock(self, seconds: float) -> None:
        """Move the resources' clock forward, for example past a token's expiry.

        Raises ValueError, and leaves the clock unchanged, if ``seconds`` is
        negative or not finite, or would move the clock past 9999-01-01.
        """
        self._clock.advance(seconds)

    def reset(self) -> None:
        """Delete every stage, token, session and event, and the injected errors.

        Every clock advance is undone too, so the emulator starts over as if new.
        """
        if self._store is None:
            raise RuntimeError("the emulator is not running; call start() first")
        self._store.clear()
        self._faults.clear()
        self._clock.reset()

    def _participants(self) -> ParticipantSimulator:
        if self._simulator is None:
            raise RuntimeError("the emulator is not running; call start() first")
        return self._simulator

    def __repr__(self) -> str:
        state = "running" if self.is_running else "stopped"
        return f"<Emulator {self.url} region={self.region} {state}>"


@contextmanager
def start_emulator(**kwargs: Any) -> Iterator[Emulator]:
    """Run an Emulator for the duration of a with block; takes Emulator's arguments."""
    with Emulator(**kwargs) as emulator:
        yield emulator


def _check_arguments(
    region: str,
    account_id: str,
    port: int,
    access_key_id: str | None,
    secret_access_key: str | None,
) -> None:
    if not _REGION_PATTERN.fullmatch(region):
        raise ValueError(f"invalid region {region!r}; use a name such as 'us-east-1'")
    if not _ACCOUNT_ID_PATTERN.fullmatch(account_id):
        raise ValueError(f"invalid account id {account_id!r}; use 12 digits")
    if not 0 <= port <= 65535:
        raise ValueError(f"invalid port {port}; use 0 to 65535, 0 for any free port")
    if (access_key_id is None) != (secret_access_key is None):
        raise ValueError(
            "give both access_key_id and secret_access_key, or neither to generate "
            "a random pair"
        )
    if access_key_id is not None and not _ACCESS_KEY_ID_PATTERN.fullmatch(
        access_key_id
    ):
        raise ValueError(
            f"invalid access key id {access_key_id!r}; use a non-empty string "
            "without whitespace, '/' or ','"
        )
    # The secret never goes into a message.
    if secret_access_key == "":
        raise ValueError("the secret access key is empty; use a non-empty string")


def _check_limits(**limits: int) -> None:
    for name, value in limits.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"invalid {name} {value!r}; use an integer of 0 or more")


def _is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
