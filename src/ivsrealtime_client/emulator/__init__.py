"""A local emulator of the Amazon IVS Real-Time API, for tests and demos.

    from ivsrealtime_client.emulator import start_emulator

    with start_emulator() as emulator:
        client = boto3.client("ivs-realtime", **emulator.client_kwargs())

Names are imported on first use, because the pytest plugin imports this
package on every pytest run.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import Emulator, EmulatorCredentials, start_emulator
    from .errors import (
        DatabaseOpenError,
        EmulatorError,
        ParticipantActionError,
        ServiceError,
    )
    from .participants import JoinedParticipant

__all__ = [
    "DatabaseOpenError",
    "Emulator",
    "EmulatorCredentials",
    "EmulatorError",
    "JoinedParticipant",
    "ParticipantActionError",
    "ServiceError",
    "start_emulator",
]

_MODULES = {
    "Emulator": ".app",
    "EmulatorCredentials": ".app",
    "start_emulator": ".app",
    "DatabaseOpenError": ".errors",
    "EmulatorError": ".errors",
    "ParticipantActionError": ".errors",
    "ServiceError": ".errors",
    "JoinedParticipant": ".participants",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)
