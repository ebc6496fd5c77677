"""Typed client for the Amazon IVS Real-Time API.

``IVSRealTimeClient`` has one method per operation; ``models`` contains the typed
structures and enums, ``errors`` the exceptions. Submodules load on first use, so
importing the package alone stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Config", "IVSRealTimeClient", "__version__"]

if TYPE_CHECKING:
    from .client import IVSRealTimeClient
    from .runtime.config import Config

_LAZY = {
    "IVSRealTimeClient": ".client",
    "Config": ".runtime.config",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
