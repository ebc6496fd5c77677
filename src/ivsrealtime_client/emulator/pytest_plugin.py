"""Pytest plugin that provides a running IVS Real-Time emulator as fixtures.

Pytest loads this module on every run through the ``pytest11`` entry point, so
it imports the emulator only inside the fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
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


# Client fixture: a fixture that yields an IVSRealTimeClient bound to
# ivsrealtime_emulator belongs here. Like the one above, it must import the
# client inside the fixture body.
