"""Pytest plugin that provides a running IVS Real-Time emulator as fixtures.

Pytest loads this module on every run through the ``pytest11`` entry point, so
it imports the emulator only inside the fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ..client import IVSRealTimeClient
    from .app import Emulator


@pytest.fixture
def ivsrealtime_emulator() -> Iterator[Emulator]:
    """Yield a running emulator with in-memory state, and stop it after the test.

    Its ``url``, ``region`` and ``credentials`` configure a client; its
    ``join``, ``publish`` and other methods simulate participants.
    """
    from .app import Emulator

    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def ivsrealtime_client(ivsrealtime_emulator: Emulator) -> Iterator[IVSRealTimeClient]:
    """Yield an ``IVSRealTimeClient`` that calls ``ivsrealtime_emulator``.

    The client gets the emulator's endpoint, region and key pair explicitly, so
    no AWS credentials or config of the machine are used for them. Its retry mode
    is set to standard, so that a machine's ``AWS_RETRY_MODE`` of another mode
    does not fail the fixture. Validation is on, as by default.
    """
    from ..client import IVSRealTimeClient
    from ..runtime.config import Config

    client = IVSRealTimeClient(
        endpoint_url=ivsrealtime_emulator.url,
        region_name=ivsrealtime_emulator.region,
        aws_access_key_id=ivsrealtime_emulator.credentials.access_key_id,
        aws_secret_access_key=ivsrealtime_emulator.credentials.secret_access_key,
        config=Config(retry_mode="standard"),
    )
    with client:
        yield client
