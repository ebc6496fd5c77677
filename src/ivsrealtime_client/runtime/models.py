"""Helpers shared by every generated model class."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


class _NoUnknownFields(Mapping[str, Any]):
    """An empty, read-only mapping that pickles and copies as the one instance."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"

    def __reduce__(self) -> str:
        return "NO_UNKNOWN_FIELDS"


NO_UNKNOWN_FIELDS: Mapping[str, Any] = _NoUnknownFields()
"""Default of ``unknown_fields``: one shared, read-only empty mapping."""

HIDDEN = "<hidden>"


def hide_sensitive(value: object) -> str:
    """Field ``repr`` for members the model marks sensitive: shows only whether set."""
    return "None" if value is None else HIDDEN
