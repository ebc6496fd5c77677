"""Helpers shared by every generated model class."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

NO_UNKNOWN_FIELDS: Mapping[str, Any] = MappingProxyType({})
"""Default of ``unknown_fields``: a shared, read-only empty mapping."""

HIDDEN = "<hidden>"


def hide_sensitive(value: object) -> str:
    """Field ``repr`` for members the model marks sensitive: shows only whether set."""
    return "None" if value is None else HIDDEN
